package repository_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
	"example.com/shop/internal/repository"
	"example.com/shop/internal/repository/repotest"
)

// newNote returns a valid note of owner with every optional field unset.
func newNote(owner uuid.UUID, i int) model.Note {
	return model.Note{
		ID:        uuid.Must(uuid.NewV7()),
		OwnerID:   owner,
		Title:     fmt.Sprintf("title %d", i),
		Done:      true,
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

// setupNoteRepo returns a note repository on a fresh database holding
// one user, and the id of that user.
func setupNoteRepo(t *testing.T) (*repository.Note, uuid.UUID) {
	t.Helper()
	db := newDB(t)
	return repository.NewNote(db), addOwner(t, db, 0)
}

func TestNoteRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what SQLite keeps exactly", func(t *testing.T) {
		repo, owner := setupNoteRepo(t)
		full := newNote(owner, 1)
		full.Body = ptr("body 1")
		full.Due = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)
		empty := newNote(owner, 2)
		empty.Done = false
		for _, want := range []model.Note{full, empty} {
			if err := repo.Create(t.Context(), want); err != nil {
				t.Fatalf("Create: %v", err)
			}
			got, err := repo.Get(t.Context(), model.OwnedBy(owner), want.ID)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Get = %+v, want %+v", got, want)
			}
		}
	})

	t.Run("an owner that does not exist is refused", func(t *testing.T) {
		repo := repository.NewNote(newDB(t))
		if err := repo.Create(t.Context(), newNote(uuid.New(), 1)); err == nil {
			t.Errorf("Create(unknown owner) = nil, want an error")
		}
	})
}

// TestNoteContract runs the contract every NoteRepository keeps,
// which the in-memory one of the service tests keeps too, on SQLite.
func TestNoteContract(t *testing.T) { repotest.TestNoteRepository(t, newRepos) }
