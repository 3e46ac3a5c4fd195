package repository_test

import (
	"database/sql"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
	"example.com/shop/internal/repository"
	"example.com/shop/internal/repository/repotest"
)

// newArtwork returns a valid artwork of owner with every optional field unset.
// It stores the rows the artwork refers to in db.
func newArtwork(t *testing.T, db *sql.DB, owner uuid.UUID, i int) model.Artwork {
	t.Helper()
	return model.Artwork{
		ID:        uuid.Must(uuid.NewV7()),
		OwnerID:   owner,
		Title:     fmt.Sprintf("title %d", i),
		ArtistID:  storeArtist(t, db),
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

func TestArtworkRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what SQLite keeps exactly", func(t *testing.T) {
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		full := newArtwork(t, db, owner, 1)
		full.NoteID = ptr(storeNote(t, db))
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)
		empty := newArtwork(t, db, owner, 2)
		for _, want := range []model.Artwork{full, empty} {
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
		db := newDB(t)
		repo := repository.NewArtwork(db)
		if err := repo.Create(t.Context(), newArtwork(t, db, uuid.New(), 1)); err == nil {
			t.Errorf("Create(unknown owner) = nil, want an error")
		}
	})
}

// TestArtworkContract runs the contract every ArtworkRepository keeps,
// which the in-memory one of the service tests keeps too, on SQLite.
func TestArtworkContract(t *testing.T) { repotest.TestArtworkRepository(t, newRepos) }
