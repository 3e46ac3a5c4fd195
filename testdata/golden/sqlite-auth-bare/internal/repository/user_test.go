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
	t.Run("every field round-trips at the edge of what SQLite keeps exactly", func(t *testing.T) {
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
}

// TestUserContract runs the contract every UserRepository keeps, which the
// in-memory one of the service tests keeps too, on SQLite.
func TestUserContract(t *testing.T) { repotest.TestUserRepository(t, newRepos) }

// TestSessionContract runs the contract every SessionRepository keeps on
// SQLite.
func TestSessionContract(t *testing.T) { repotest.TestSessionRepository(t, newRepos) }

// TestPasswordResetContract runs the contract every
// PasswordResetRepository keeps on SQLite.
func TestPasswordResetContract(t *testing.T) { repotest.TestPasswordResetRepository(t, newRepos) }
