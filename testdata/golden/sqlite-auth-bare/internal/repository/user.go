package repository

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"example.com/bare/internal/model"
	"example.com/bare/internal/service"
)

var _ service.UserRepository = (*User)(nil)

// User stores accounts in the users table.
type User struct {
	db *sql.DB
}

// NewUser returns a user repository on db.
func NewUser(db *sql.DB) *User {
	return &User{db: db}
}

const userColumns = `id, email, full_name, password_hash, is_active, is_superuser, created_at, updated_at`

func scanUser(row interface{ Scan(...any) error }) (model.User, error) {
	var u model.User
	err := row.Scan(
		&u.ID,
		&u.Email,
		&u.FullName,
		&u.PasswordHash,
		&u.IsActive,
		&u.IsSuperuser,
		scanTime(&u.CreatedAt),
		scanTime(&u.UpdatedAt),
	)
	return u, err
}

// Create inserts u. The email is unique regardless of case.
func (r *User) Create(ctx context.Context, u model.User) error {
	_, err := r.db.ExecContext(ctx,
		`INSERT INTO users (`+userColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID,
		u.Email,
		u.FullName,
		u.PasswordHash,
		u.IsActive,
		u.IsSuperuser,
		timeArg(u.CreatedAt),
		timeArg(u.UpdatedAt),
	)
	if err != nil {
		return fmt.Errorf("create user: %w", translate(err, "user"))
	}
	return nil
}

// Get returns the user with the given id.
func (r *User) Get(ctx context.Context, id uuid.UUID) (model.User, error) {
	u, err := scanUser(r.db.QueryRowContext(ctx,
		`SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return model.User{}, fmt.Errorf("get user: %w", translate(err, "user"))
	}
	return u, nil
}

// GetFresh returns the user with the given id; this store has no cache,
// so it is Get.
func (r *User) GetFresh(ctx context.Context, id uuid.UUID) (model.User, error) {
	return r.Get(ctx, id)
}

// GetByEmail returns the user with the given email, compared without
// regard to case.
func (r *User) GetByEmail(ctx context.Context, email string) (model.User, error) {
	u, err := scanUser(r.db.QueryRowContext(ctx,
		`SELECT `+userColumns+` FROM users WHERE email = ?`, email))
	if err != nil {
		return model.User{}, fmt.Errorf("get user by email: %w", translate(err, "user"))
	}
	return u, nil
}

// List returns the page of the users that q selects, from
// the index of its sort key. The total, when asked for, is counted by a
// query of its own.
func (r *User) List(ctx context.Context, q model.UserList) (model.Page[model.User], error) {
	page, err := r.list(ctx, q)
	if err != nil {
		return model.Page[model.User]{}, fmt.Errorf("list users: %w", translate(err, "user"))
	}
	return page, nil
}

func (r *User) list(ctx context.Context, q model.UserList) (model.Page[model.User], error) {
	after, err := q.After()
	if err != nil {
		return model.Page[model.User]{}, err
	}
	var w where
	if err := addConds(&w, "email", q.Filter.Email, func(v string) any { return v }); err != nil {
		return model.Page[model.User]{}, err
	}
	if err := addConds(&w, "is_active", q.Filter.IsActive, func(v bool) any { return v }); err != nil {
		return model.Page[model.User]{}, err
	}
	if err := addConds(&w, "is_superuser", q.Filter.IsSuperuser, func(v bool) any { return v }); err != nil {
		return model.Page[model.User]{}, err
	}
	var total *int
	if q.Count {
		var n int
		if err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM users`+w.String(), w.args...).Scan(&n); err != nil {
			return model.Page[model.User]{}, err
		}
		total = &n
	}
	column, key, err := userSortKey(q.Sort.By(), after)
	if err != nil {
		return model.Page[model.User]{}, err
	}
	if after != nil {
		w.after(column, key, after.ID, q.Sort.Desc)
	}
	rows, err := r.db.QueryContext(ctx,
		`SELECT `+userColumns+` FROM users`+w.String()+orderBy(column, q.Sort.Desc, q.Limit), w.args...)
	if err != nil {
		return model.Page[model.User]{}, err
	}
	defer rows.Close()
	var items []model.User
	for rows.Next() {
		item, err := scanUser(rows)
		if err != nil {
			return model.Page[model.User]{}, err
		}
		items = append(items, item)
	}
	if err := rows.Err(); err != nil {
		return model.Page[model.User]{}, err
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// userSortKey returns the column of the sort key by and, when after is
// not nil, its value in after as stored.
func userSortKey(by model.UserSortKey, after *model.User) (column string, key any, err error) {
	var item model.User
	if after != nil {
		item = *after
	}
	switch by {
	case model.UserByCreatedAt:
		return "created_at", timeArg(item.CreatedAt), nil
	case model.UserByUpdatedAt:
		return "updated_at", timeArg(item.UpdatedAt), nil
	case model.UserByEmail:
		return "email", item.Email, nil
	}
	return "", nil, fmt.Errorf("unknown sort key %q", by)
}

// Update loads the user, applies fn and saves the result in one
// transaction. An error from fn rolls back and is returned unchanged.
func (r *User) Update(ctx context.Context, id uuid.UUID, fn func(*model.User) error) (model.User, error) {
	var u model.User
	err := inTx(ctx, r.db, nil, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx,
			`SELECT `+userColumns+` FROM users WHERE id = ?`, id))
		if err != nil {
			return translate(err, "user")
		}
		if err := fn(&u); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			`UPDATE users SET email = ?, full_name = ?, password_hash = ?, is_active = ?, is_superuser = ?, updated_at = ? WHERE id = ?`,
			u.Email,
			u.FullName,
			u.PasswordHash,
			u.IsActive,
			u.IsSuperuser,
			timeArg(u.UpdatedAt),
			u.ID,
		)
		return translate(err, "user")
	})
	if err != nil {
		return model.User{}, fmt.Errorf("update user: %w", err)
	}
	return u, nil
}
