package repository

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/bare/internal/model"
	"example.com/bare/internal/service"
)

var _ service.UserRepository = (*User)(nil)

// User stores accounts in the users table. Emails are stored in lower
// case, which makes them unique regardless of case.
type User struct {
	primary, replica *pgxpool.Pool
}

// NewUser returns a user repository that lists from replica and does
// everything else on primary.
func NewUser(primary, replica *pgxpool.Pool) *User {
	return &User{primary: primary, replica: replica}
}

const userColumns = `id, email, full_name, password_hash, is_active, is_superuser, created_at, updated_at`

// scanUser reads a row of userColumns.
func scanUser(row pgx.Row) (model.User, error) {
	var u model.User
	err := row.Scan(
		&u.ID,
		&u.Email,
		&u.FullName,
		&u.PasswordHash,
		&u.IsActive,
		&u.IsSuperuser,
		&u.CreatedAt,
		&u.UpdatedAt,
	)
	if err != nil {
		return model.User{}, err
	}
	// pgx returns timestamptz values in the local time zone.
	u.CreatedAt = u.CreatedAt.UTC()
	u.UpdatedAt = u.UpdatedAt.UTC()
	return u, nil
}

// Create inserts u, its email in lower case.
func (r *User) Create(ctx context.Context, u model.User) error {
	_, err := r.primary.Exec(ctx,
		`INSERT INTO users (`+userColumns+`) VALUES ($1, lower($2), $3, $4, $5, $6, $7, $8)`,
		u.ID,
		u.Email,
		u.FullName,
		u.PasswordHash,
		u.IsActive,
		u.IsSuperuser,
		u.CreatedAt,
		u.UpdatedAt,
	)
	if err != nil {
		return fmt.Errorf("create user: %w", translate(err, "user"))
	}
	return nil
}

// Get returns the user with the given id. It reads from the primary, as
// authentication does, so that a user is found right after registering.
func (r *User) Get(ctx context.Context, id uuid.UUID) (model.User, error) {
	u, err := scanUser(r.primary.QueryRow(ctx,
		`SELECT `+userColumns+` FROM users WHERE id = $1`, id))
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
// regard to case. It reads from the primary, so that a user who has just
// registered can log in.
func (r *User) GetByEmail(ctx context.Context, email string) (model.User, error) {
	u, err := scanUser(r.primary.QueryRow(ctx,
		`SELECT `+userColumns+` FROM users WHERE email = lower($1)`, email))
	if err != nil {
		return model.User{}, fmt.Errorf("get user by email: %w", translate(err, "user"))
	}
	return u, nil
}

// List returns the page of the users that q selects, from
// the replica and the index of its sort key. The total, when asked for, is
// counted by a query of its own.
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
		if err := r.replica.QueryRow(ctx, `SELECT count(*) FROM users`+w.String(), w.args...).Scan(&n); err != nil {
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
	rows, err := r.replica.Query(ctx,
		`SELECT `+userColumns+` FROM users`+w.String()+orderBy(column, q.Sort.Desc, q.Limit), w.args...)
	if err != nil {
		return model.Page[model.User]{}, err
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.User, error) { return scanUser(row) })
	if err != nil {
		return model.Page[model.User]{}, err
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// userSortKey returns the column of the sort key by and, when after is
// not nil, its value in after.
func userSortKey(by model.UserSortKey, after *model.User) (column string, key any, err error) {
	var item model.User
	if after != nil {
		item = *after
	}
	switch by {
	case model.UserByCreatedAt:
		return "created_at", item.CreatedAt, nil
	case model.UserByUpdatedAt:
		return "updated_at", item.UpdatedAt, nil
	case model.UserByEmail:
		return "email", item.Email, nil
	}
	return "", nil, fmt.Errorf("unknown sort key %q", by)
}

// Update loads the user, applies fn and saves the result, its email in
// lower case, in one transaction that holds the row's lock throughout. An
// error from fn rolls back and is returned unchanged.
func (r *User) Update(ctx context.Context, id uuid.UUID, fn func(*model.User) error) (model.User, error) {
	var u model.User
	err := pgx.BeginFunc(ctx, r.primary, func(tx pgx.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRow(ctx,
			`SELECT `+userColumns+` FROM users WHERE id = $1 FOR UPDATE`, id))
		if err != nil {
			return translate(err, "user")
		}
		if err := fn(&u); err != nil {
			return err
		}
		err = tx.QueryRow(ctx,
			`UPDATE users SET email = lower($1), full_name = $2, password_hash = $3, is_active = $4, is_superuser = $5, updated_at = $6 WHERE id = $7 RETURNING email`,
			u.Email,
			u.FullName,
			u.PasswordHash,
			u.IsActive,
			u.IsSuperuser,
			u.UpdatedAt,
			id,
		).Scan(&u.Email)
		return translate(err, "user")
	})
	if err != nil {
		return model.User{}, fmt.Errorf("update user: %w", err)
	}
	return u, nil
}
