package repository_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
	"example.com/demo/internal/repository"
	"example.com/demo/internal/repository/repotest"
)

// newArtwork returns a valid artwork whose refs point at rows
// it stores through primary, and whose other optional fields are unset.
func newArtwork(t *testing.T, primary *pgxpool.Pool, i int) model.Artwork {
	t.Helper()
	return model.Artwork{
		ID:        uuid.Must(uuid.NewV7()),
		Title:     fmt.Sprintf("title %d", i),
		ArtistID:  storeArtist(t, primary),
		EventID:   ptr(storeEvent(t, primary)),
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

func TestArtworkRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what PostgreSQL keeps exactly", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		full := newArtwork(t, primary, 1)
		full.Year = ptr(int64(math.MaxInt64))
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
		empty := newArtwork(t, primary, 2)
		empty.EventID = nil
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

	t.Run("title holds at most 255 characters", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		fits, long := newArtwork(t, primary, 1), newArtwork(t, primary, 2)
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

	t.Run("reads by id come from the primary, lists from the replica", func(t *testing.T) {
		primary, _ := newDB(t)
		// An empty schema: a replica that has seen none of the writes.
		_, lagging := newDB(t)
		repo := repository.NewArtwork(primary, lagging)
		item := newArtwork(t, primary, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if _, err := repo.Get(t.Context(), item.ID); err != nil {
			t.Errorf("Get of the artwork just created = %v, want it from the primary", err)
		}
		if page, err := repo.List(t.Context(), model.ArtworkList{Limit: 10}); err != nil || len(page.Items) != 0 {
			t.Errorf("List = %d artworks, %v; want the lagging replica's 0", len(page.Items), err)
		}
	})
}

// TestArtworkContract runs the contract every ArtworkRepository keeps,
// which the in-memory one of the service tests keeps too, on PostgreSQL.
func TestArtworkContract(t *testing.T) { repotest.TestArtworkRepository(t, newRepos) }
