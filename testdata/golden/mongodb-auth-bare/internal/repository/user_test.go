package repository_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"

	"example.com/bare/internal/apperr"
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
	t.Run("every field round-trips at the edge of what MongoDB keeps exactly", func(t *testing.T) {
		repo := repository.NewUser(newDB(t))
		full := newUser(1)
		full.FullName = ptr("Alice Smith")
		full.IsSuperuser = true
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123000000, time.UTC)
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

	t.Run("update clears the full name", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewUser(primary, replica)
		u := newUser(1)
		u.FullName = ptr("Alice Smith")
		if err := repo.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if _, err := repo.Update(t.Context(), u.ID, func(x *model.User) error { x.FullName = nil; return nil }); err != nil {
			t.Fatalf("Update: %v", err)
		}
		if stored, err := repo.Get(t.Context(), u.ID); err != nil || stored.FullName != nil {
			t.Errorf("after Update stored full name = %v, %v; want nil", stored.FullName, err)
		}
		// A field without a value is left out of the document.
		held := bson.D{{Key: "_id", Value: u.ID.String()}, {Key: "full_name", Value: bson.D{{Key: "$exists", Value: true}}}}
		if n, err := primary.Collection("users").CountDocuments(t.Context(), held); err != nil || n != 0 {
			t.Errorf("documents holding full_name after Update cleared it = %d, %v; want 0", n, err)
		}
	})

	t.Run("an update that keeps losing the race gives up with a conflict", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewUser(primary, replica)
		u := newUser(1)
		if err := repo.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		// Before each write another writer changes the full name, so every
		// write finds the document changed since its read.
		tries := 0
		_, err := repo.Update(t.Context(), u.ID, func(x *model.User) error {
			tries++
			x.FullName = ptr(fmt.Sprintf("Mine %d", tries))
			_, err := primary.Collection("users").UpdateOne(t.Context(),
				bson.D{{Key: "_id", Value: x.ID.String()}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "full_name", Value: fmt.Sprintf("Theirs %d", tries)}}}})
			return err
		})
		if !errors.Is(err, apperr.Conflict) || tries != 10 {
			t.Errorf("Update under endless contention = %v after %d tries, want a Conflict after 10", err, tries)
		}
	})

	t.Run("reads by id and email come from the primary, lists from the replica", func(t *testing.T) {
		primary, _ := newDB(t)
		// An empty database: a replica that has seen none of the writes.
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
// in-memory one of the service tests keeps too, on MongoDB.
func TestUserContract(t *testing.T) { repotest.TestUserRepository(t, newRepos) }

// TestSessionContract runs the contract every SessionRepository keeps on
// MongoDB.
func TestSessionContract(t *testing.T) { repotest.TestSessionRepository(t, newRepos) }

// TestPasswordResetContract runs the contract every
// PasswordResetRepository keeps on MongoDB.
func TestPasswordResetContract(t *testing.T) { repotest.TestPasswordResetRepository(t, newRepos) }
