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

// List returns a page of users ordered by creation time and id, and the
// number of users in total, both from one snapshot.
func (r *User) List(ctx context.Context, skip, limit int) ([]model.User, int, error) {
	var (
		users []model.User
		total int
	)
	err := inTx(ctx, r.db, &sql.TxOptions{ReadOnly: true}, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx,
			`SELECT `+userColumns+` FROM users ORDER BY created_at, id LIMIT ? OFFSET ?`, limit, skip)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			users = append(users, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list users: %w", translate(err, "user"))
	}
	return users, total, nil
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
