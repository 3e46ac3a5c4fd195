// Package repotest holds what the tests of several layers share about
// storage: an in-memory database whose repositories the service tests use,
// and one contract suite per repository. The repository tests run each suite
// against the real store and this package's own tests run it against the
// in-memory one, so the fake cannot drift from the real thing. Only tests
// import this package.
package repotest

import (
	"reflect"
	"sync"
	"time"

	"github.com/google/uuid"

	"example.com/bare/internal/model"
	"example.com/bare/internal/service"
)

// Repos is one database seen through its repositories. A contract suite
// stores the rows a test needs, such as the ones a ref points at, through
// them.
type Repos struct {
	Users    service.UserRepository
	Sessions service.SessionRepository
	Resets   service.PasswordResetRepository
}

// DB is an in-memory database. Its repositories keep rows in maps and
// check what the real stores check: unique fields, refs that must point
// at a stored row, rows that may not be deleted while referred to, and
// the scope of owned rows. It is safe for concurrent use.
type DB struct {
	mu          sync.Mutex
	userRows    map[uuid.UUID]model.User
	sessionRows map[uuid.UUID]model.Session
	resetRows   map[string]model.PasswordReset
}

// NewDB returns an empty in-memory database.
func NewDB() *DB {
	return &DB{
		userRows:    map[uuid.UUID]model.User{},
		sessionRows: map[uuid.UUID]model.Session{},
		resetRows:   map[string]model.PasswordReset{},
	}
}

// Repos returns the repositories of db.
func (db *DB) Repos() Repos {
	return Repos{
		Users:    userRepo{db},
		Sessions: sessionRepo{db},
		Resets:   resetRepo{db},
	}
}

// update is the Update of every in-memory repository: it reads the row
// with get, lets fn change a copy without holding the lock, and stores
// the result with put unless the row changed in the meantime, in which
// case it starts again, as a store with optimistic locking does.
func update[T any](db *DB, get func() (T, error), fn func(*T) error, put func(T) error) (T, error) {
	var zero T
	for {
		db.mu.Lock()
		read, err := get()
		db.mu.Unlock()
		if err != nil {
			return zero, err
		}
		item := read
		if err := fn(&item); err != nil {
			return zero, err
		}
		db.mu.Lock()
		current, err := get()
		if err != nil {
			db.mu.Unlock()
			return zero, err
		}
		if !reflect.DeepEqual(current, read) {
			db.mu.Unlock()
			continue
		}
		err = put(item)
		db.mu.Unlock()
		if err != nil {
			return zero, err
		}
		return item, nil
	}
}

// timestamp returns a distinct, increasing time for the i-th row, one
// every store keeps exactly.
func timestamp(i int) time.Time {
	return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(i) * time.Millisecond)
}

func ptr[T any](v T) *T { return &v }
