package repository_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"

	"example.com/feed/internal/apperr"
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

	t.Run("an update that keeps losing the race gives up with a conflict", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewNote(primary, replica)
		owner := addOwner(t, primary, 0)
		item := newNote(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		// Before each write another writer changes updated_at, so every
		// write finds the document changed since its read.
		tries := 0
		_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Note) error {
			tries++
			x.UpdatedAt = timestamp(1000 + tries)
			_, err := primary.Collection("notes").UpdateOne(t.Context(),
				bson.D{{Key: "_id", Value: x.ID.String()}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "updated_at", Value: timestamp(100 + tries)}}}})
			return err
		})
		if !errors.Is(err, apperr.Conflict) || tries != 10 {
			t.Errorf("Update under endless contention = %v after %d tries, want a Conflict after 10", err, tries)
		}
	})

	t.Run("reads by id come from the primary, lists from the replica", func(t *testing.T) {
		primary, _ := newDB(t)
		// An empty database: a replica that has seen none of the writes.
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
// which the in-memory one of the service tests keeps too, on MongoDB.
func TestNoteContract(t *testing.T) { repotest.TestNoteRepository(t, newRepos) }
