package repository_test

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/model"
	"example.com/shop/internal/repository"
)

// newUser returns an active user that is not a superuser and has no full
// name, with an email of its own for each i.
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

// addOwner stores the i-th user in db, to own rows, and returns its id.
func addOwner(t *testing.T, db *sql.DB, i int) uuid.UUID {
	t.Helper()
	u := newUser(i)
	if err := repository.NewUser(db).Create(t.Context(), u); err != nil {
		t.Fatalf("Create(owner): %v", err)
	}
	return u.ID
}

func TestUserRepository(t *testing.T) {
	t.Run("create and get round-trip every field", func(t *testing.T) {
		repo := repository.NewUser(newDB(t))
		full := newUser(1)
		full.FullName = ptr("Alice Smith")
		full.IsSuperuser = true
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)
		empty := newUser(2)
		empty.IsActive = false
		for _, want := range []model.User{full, empty} {
			if err := repo.Create(t.Context(), want); err != nil {
				t.Fatalf("Create: %v", err)
			}
			got, err := repo.Get(t.Context(), want.ID)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Get = %+v, want %+v", got, want)
			}
			got, err = repo.GetByEmail(t.Context(), want.Email)
			if err != nil {
				t.Fatalf("GetByEmail: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("GetByEmail = %+v, want %+v", got, want)
			}
		}
	})

	t.Run("get by email ignores case", func(t *testing.T) {
		repo := repository.NewUser(newDB(t))
		u := newUser(1)
		if err := repo.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := repo.GetByEmail(t.Context(), "USER1@Example.COM")
		if err != nil || got.ID != u.ID {
			t.Errorf("GetByEmail(upper case) = %v, %v; want %v", got.ID, err, u.ID)
		}
	})

	t.Run("email is unique regardless of case", func(t *testing.T) {
		repo := repository.NewUser(newDB(t))
		a, b := newUser(1), newUser(2)
		b.Email = "User1@EXAMPLE.com"
		if err := repo.Create(t.Context(), a); err != nil {
			t.Fatalf("Create: %v", err)
		}
		err := repo.Create(t.Context(), b)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists || ae.Details["email"] == "" {
			t.Errorf("Create(same email in other case) = %v, want AlreadyExists naming email", err)
		}

		c := newUser(3)
		if err := repo.Create(t.Context(), c); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), c.ID, func(u *model.User) error { u.Email = "USER1@example.com"; return nil })
		if !errors.Is(err, apperr.AlreadyExists) {
			t.Errorf("Update(email of another user) = %v, want AlreadyExists", err)
		}
	})

	t.Run("missing is not found", func(t *testing.T) {
		repo := repository.NewUser(newDB(t))
		if _, err := repo.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
		if _, err := repo.GetByEmail(t.Context(), "nobody@example.com"); !errors.Is(err, apperr.NotFound) {
			t.Errorf("GetByEmail(missing) = %v, want NotFound", err)
		}
		if _, err := repo.Update(t.Context(), uuid.New(), func(*model.User) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		repo := repository.NewUser(newDB(t))
		var want []uuid.UUID
		for i := range 5 {
			u := newUser(i)
			if i == 3 {
				u.CreatedAt = timestamp(2) // ties are broken by id
			}
			if err := repo.Create(t.Context(), u); err != nil {
				t.Fatalf("Create: %v", err)
			}
			want = append(want, u.ID)
		}
		var got []uuid.UUID
		for skip := 0; skip < 6; skip += 2 {
			users, total, err := repo.List(t.Context(), skip, 2)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if total != 5 {
				t.Errorf("List total = %d, want 5", total)
			}
			for _, u := range users {
				got = append(got, u.ID)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("List ids = %v, want %v", got, want)
		}
	})

	t.Run("update commits fn's changes", func(t *testing.T) {
		repo := repository.NewUser(newDB(t))
		u := newUser(1)
		u.FullName = ptr("Alice Smith")
		if err := repo.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		want := u
		want.Email = "alice@example.com"
		want.FullName = ptr("Alice Jones")
		want.PasswordHash = "new hash"
		want.IsActive = false
		want.IsSuperuser = true
		want.UpdatedAt = timestamp(9)
		got, err := repo.Update(t.Context(), u.ID, func(x *model.User) error { *x = want; return nil })
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		stored, err := repo.Get(t.Context(), u.ID)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if !reflect.DeepEqual(stored, want) || !reflect.DeepEqual(got, want) {
			t.Errorf("after Update stored = %+v, returned %+v; want %+v", stored, got, want)
		}
	})

	t.Run("update rolls back when fn fails", func(t *testing.T) {
		repo := repository.NewUser(newDB(t))
		u := newUser(1)
		if err := repo.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		boom := errors.New("boom")
		_, err := repo.Update(t.Context(), u.ID, func(x *model.User) error {
			x.Email = "changed@example.com"
			x.UpdatedAt = timestamp(9)
			return boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("Update = %v, want fn's error", err)
		}
		if stored, _ := repo.Get(t.Context(), u.ID); !reflect.DeepEqual(stored, u) {
			t.Errorf("after failed Update stored = %+v, want %+v", stored, u)
		}
	})
}
