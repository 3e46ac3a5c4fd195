package repository_test

import (
	"database/sql"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/model"
	"example.com/demo/internal/repository"
	"example.com/demo/internal/repository/repotest"
)

// newArtwork returns a valid artwork with every optional field unset.
// It stores the rows the artwork refers to in db.
func newArtwork(t *testing.T, db *sql.DB, i int) model.Artwork {
	t.Helper()
	return model.Artwork{
		ID:        uuid.Must(uuid.NewV7()),
		Title:     fmt.Sprintf("title %d", i),
		ArtistID:  storeArtist(t, db),
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

func TestArtworkRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what SQLite keeps exactly", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		full := newArtwork(t, db, 1)
		full.Year = ptr(int64(math.MaxInt64))
		full.EventID = ptr(storeEvent(t, db))
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)
		empty := newArtwork(t, db, 2)
		for _, want := range []model.Artwork{full, empty} {
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
		}
	})
}

// TestArtworkContract runs the contract every ArtworkRepository keeps,
// which the in-memory one of the service tests keeps too, on SQLite.
func TestArtworkContract(t *testing.T) { repotest.TestArtworkRepository(t, newRepos) }
