package repository_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/apperr"
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
	primary, replica := newDB(t)
	return repository.NewNote(primary, replica), addOwner(t, primary, 0)
}

func TestNoteRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what PostgreSQL keeps exactly", func(t *testing.T) {
		repo, owner := setupNoteRepo(t)
		full := newNote(owner, 1)
		full.Body = ptr("body 1")
		full.Due = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
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

	t.Run("title holds at most 255 characters", func(t *testing.T) {
		repo, owner := setupNoteRepo(t)
		fits, long := newNote(owner, 1), newNote(owner, 2)
		// The limit counts characters, as the API does, not bytes.
		fits.Title = strings.Repeat("é", 255)
		long.Title = strings.Repeat("x", 256)
		if err := repo.Create(t.Context(), fits); err != nil {
			t.Errorf("Create(title of 255 characters): %v", err)
		}
		if err := repo.Create(t.Context(), long); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(title of 256 characters) = %v, want Validation", err)
		}
	})

	t.Run("an owner that does not exist is refused", func(t *testing.T) {
		repo := repository.NewNote(newDB(t))
		err := repo.Create(t.Context(), newNote(uuid.New(), 1))
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || ae.Details["owner_id"] == "" {
			t.Errorf("Create(unknown owner) = %v, want Validation naming owner_id", err)
		}
	})

	t.Run("reads by id come from the primary, lists from the replica", func(t *testing.T) {
		primary, _ := newDB(t)
		// An empty schema: a replica that has seen none of the writes.
		_, lagging := newDB(t)
		repo := repository.NewNote(primary, lagging)
		owner := addOwner(t, primary, 0)
		item := newNote(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil {
			t.Errorf("Get of the note just created = %v, want it from the primary", err)
		}
		if page, err := repo.List(t.Context(), model.OwnedBy(owner), model.NoteList{Limit: 10}); err != nil || len(page.Items) != 0 {
			t.Errorf("List = %d notes, %v; want the lagging replica's 0", len(page.Items), err)
		}
	})
}

// TestNoteContract runs the contract every NoteRepository keeps,
// which the in-memory one of the service tests keeps too, on PostgreSQL.
func TestNoteContract(t *testing.T) { repotest.TestNoteRepository(t, newRepos) }
