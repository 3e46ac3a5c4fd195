package repository_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/feed/internal/model"
	"example.com/feed/internal/repository"
	"example.com/feed/internal/repository/repotest"
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
	primary, replica := newDB(t)
	return repository.NewNote(primary, replica), addOwner(t, primary, 0)
}

func TestNoteRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what MongoDB keeps exactly", func(t *testing.T) {
		repo, owner := setupNoteRepo(t)
		full := newNote(owner, 1)
		full.Body = ptr("body 1")
		full.Due = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123000000, time.UTC)
		empty := newNote(owner, 2)
		empty.Done = false
		// Only a field without a value is left out of the document, not one
		// holding its type's zero value.
		zero := newNote(owner, 3)
		zero.Body = new(string)
		zero.Due = new(time.Time)
		for _, want := range []model.Note{full, empty, zero} {
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

	t.Run("concurrent updates of different fields both take effect", func(t *testing.T) {
		repo, owner := setupNoteRepo(t)
		item := newNote(owner, 0)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		want := item
		want.Title = "title 2"
		want.Body = ptr("body 1")
		// The update of body commits between the read and the write of
		// the update of title, which must neither undo it nor fail.
		_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Note) error {
			x.Title = "title 2"
			_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(y *model.Note) error {
				y.Body = ptr("body 1")
				return nil
			})
			return err
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		if stored, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil || !reflect.DeepEqual(stored, want) {
			t.Errorf("after overlapping Updates stored = %+v, %v; want %+v", stored, err, want)
		}
	})
}

// TestNoteContract runs the contract every NoteRepository keeps,
// which the in-memory one of the service tests keeps too, on MongoDB.
func TestNoteContract(t *testing.T) { repotest.TestNoteRepository(t, newRepos) }
