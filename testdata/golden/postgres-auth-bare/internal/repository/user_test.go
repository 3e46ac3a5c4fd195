package repository_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/bare/internal/model"
	"example.com/bare/internal/repository"
	"example.com/bare/internal/repository/repotest"
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

func TestUserRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what PostgreSQL keeps exactly", func(t *testing.T) {
		repo := repository.NewUser(newDB(t))
		full := newUser(1)
		full.FullName = ptr("Alice Smith")
		full.IsSuperuser = true
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
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

	t.Run("email is stored in lower case", func(t *testing.T) {
		repo := repository.NewUser(newDB(t))
		u := newUser(1)
		u.Email = "Alice@Example.COM"
		if err := repo.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if got, err := repo.Get(t.Context(), u.ID); err != nil || got.Email != "alice@example.com" {
			t.Errorf("Get email = %q, %v; want %q", got.Email, err, "alice@example.com")
		}
		got, err := repo.Update(t.Context(), u.ID, func(x *model.User) error { x.Email = "Alice.Jones@Example.COM"; return nil })
		if err != nil || got.Email != "alice.jones@example.com" {
			t.Errorf("Update email = %q, %v; want %q", got.Email, err, "alice.jones@example.com")
		}
		if stored, err := repo.Get(t.Context(), u.ID); err != nil || stored.Email != "alice.jones@example.com" {
			t.Errorf("after Update stored email = %q, %v; want %q", stored.Email, err, "alice.jones@example.com")
		}
	})

	t.Run("reads by id and email come from the primary, lists from the replica", func(t *testing.T) {
		primary, _ := newDB(t)
		// An empty schema: a replica that has seen none of the writes.
		_, lagging := newDB(t)
		repo := repository.NewUser(primary, lagging)
		u := newUser(1)
		if err := repo.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if _, err := repo.Get(t.Context(), u.ID); err != nil {
			t.Errorf("Get of the user just created = %v, want it from the primary", err)
		}
		if _, err := repo.GetByEmail(t.Context(), u.Email); err != nil {
			t.Errorf("GetByEmail of the user just created = %v, want it from the primary", err)
		}
		if page, err := repo.List(t.Context(), model.UserList{Limit: 10}); err != nil || len(page.Items) != 0 {
			t.Errorf("List = %d users, %v; want the lagging replica's 0", len(page.Items), err)
		}
	})
}

// TestUserContract runs the contract every UserRepository keeps, which the
// in-memory one of the service tests keeps too, on PostgreSQL.
func TestUserContract(t *testing.T) { repotest.TestUserRepository(t, newRepos) }

// TestSessionContract runs the contract every SessionRepository keeps on
// PostgreSQL.
func TestSessionContract(t *testing.T) { repotest.TestSessionRepository(t, newRepos) }

// TestPasswordResetContract runs the contract every
// PasswordResetRepository keeps on PostgreSQL.
func TestPasswordResetContract(t *testing.T) { repotest.TestPasswordResetRepository(t, newRepos) }
