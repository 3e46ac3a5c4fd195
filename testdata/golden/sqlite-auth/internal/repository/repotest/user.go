package repotest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/model"
)

// userRepo is the in-memory service.UserRepository of a DB. Like the users
// table, it keeps emails unique without regard to case.
type userRepo struct{ db *DB }

// checkEmail fails with AlreadyExists when a user other than u has u's
// email in any case. The caller holds db.mu.
func (r userRepo) checkEmail(u model.User) error {
	for _, other := range r.db.userRows {
		if other.ID != u.ID && strings.EqualFold(other.Email, u.Email) {
			e := apperr.New(apperr.AlreadyExists, "user already exists")
			e.Details = map[string]string{"email": "already exists"}
			return e
		}
	}
	return nil
}

// get returns the user with the given id. The caller holds db.mu.
func (r userRepo) get(id uuid.UUID) (model.User, error) {
	u, ok := r.db.userRows[id]
	if !ok {
		return model.User{}, apperr.New(apperr.NotFound, "user not found")
	}
	return u, nil
}

func (r userRepo) Create(_ context.Context, u model.User) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, ok := r.db.userRows[u.ID]; ok {
		return apperr.New(apperr.AlreadyExists, "user already exists")
	}
	if err := r.checkEmail(u); err != nil {
		return err
	}
	r.db.userRows[u.ID] = u
	return nil
}

func (r userRepo) Get(_ context.Context, id uuid.UUID) (model.User, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	return r.get(id)
}

func (r userRepo) GetByEmail(_ context.Context, email string) (model.User, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	for _, u := range r.db.userRows {
		if strings.EqualFold(u.Email, email) {
			return u, nil
		}
	}
	return model.User{}, apperr.New(apperr.NotFound, "user not found")
}

func (r userRepo) List(_ context.Context, skip, limit int) ([]model.User, int, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	var all []model.User
	for _, u := range r.db.userRows {
		all = append(all, u)
	}
	items, total := page(all, func(u model.User) time.Time { return u.CreatedAt }, func(u model.User) uuid.UUID { return u.ID }, skip, limit)
	return items, total, nil
}

func (r userRepo) Update(_ context.Context, id uuid.UUID, fn func(*model.User) error) (model.User, error) {
	get := func() (model.User, error) { return r.get(id) }
	put := func(u model.User) error {
		if err := r.checkEmail(u); err != nil {
			return err
		}
		r.db.userRows[id] = u
		return nil
	}
	return update(r.db, get, fn, put)
}

// newUser returns the i-th user of a test.
func newUser(i int) model.User {
	return model.User{
		ID:           uuid.Must(uuid.NewV7()),
		Email:        fmt.Sprintf("user%d@example.com", i),
		PasswordHash: fmt.Sprintf("hash %d", i),
		IsActive:     true,
		CreatedAt:    timestamp(i),
		UpdatedAt:    timestamp(i),
	}
}
