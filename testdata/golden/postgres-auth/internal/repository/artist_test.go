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

// newArtist returns a valid artist with every optional field unset.
func newArtist(i int) model.Artist {
	return model.Artist{
		ID:        uuid.Must(uuid.NewV7()),
		Name:      fmt.Sprintf("name %d", i),
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

func TestArtistRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what PostgreSQL keeps exactly", func(t *testing.T) {
		repo := repository.NewArtist(newDB(t))
		full := newArtist(1)
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
		empty := newArtist(2)
		for _, want := range []model.Artist{full, empty} {
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

	t.Run("name holds at most 255 characters", func(t *testing.T) {
		repo := repository.NewArtist(newDB(t))
		fits, long := newArtist(1), newArtist(2)
		// The limit counts characters, as the API does, not bytes.
		fits.Name = strings.Repeat("é", 255)
		long.Name = strings.Repeat("x", 256)
		if err := repo.Create(t.Context(), fits); err != nil {
			t.Errorf("Create(name of 255 characters): %v", err)
		}
		if err := repo.Create(t.Context(), long); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(name of 256 characters) = %v, want Validation", err)
		}
	})

	t.Run("reads by id come from the primary, lists from the replica", func(t *testing.T) {
		primary, _ := newDB(t)
		// An empty schema: a replica that has seen none of the writes.
		_, lagging := newDB(t)
		repo := repository.NewArtist(primary, lagging)
		item := newArtist(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if _, err := repo.Get(t.Context(), item.ID); err != nil {
			t.Errorf("Get of the artist just created = %v, want it from the primary", err)
		}
		if page, err := repo.List(t.Context(), model.ArtistList{Limit: 10}); err != nil || len(page.Items) != 0 {
			t.Errorf("List = %d artists, %v; want the lagging replica's 0", len(page.Items), err)
		}
	})
}

// TestArtistContract runs the contract every ArtistRepository keeps,
// which the in-memory one of the service tests keeps too, on PostgreSQL.
func TestArtistContract(t *testing.T) { repotest.TestArtistRepository(t, newRepos) }
