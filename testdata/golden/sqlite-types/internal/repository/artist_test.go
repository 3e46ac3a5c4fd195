package repository_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/model"
	"example.com/demo/internal/repository"
	"example.com/demo/internal/repository/repotest"
)

// newArtist returns a valid artist with every optional field unset.
func newArtist(i int) model.Artist {
	return model.Artist{
		ID:        uuid.Must(uuid.NewV7()),
		Name:      fmt.Sprintf("name %d", i),
		Active:    true,
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

func TestArtistRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what SQLite keeps exactly", func(t *testing.T) {
		repo := repository.NewArtist(newDB(t))
		full := newArtist(1)
		full.Bio = ptr("bio 1")
		full.Born = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		full.Rating = ptr(4.5)
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)
		empty := newArtist(2)
		empty.Active = false
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
}

// TestArtistContract runs the contract every ArtistRepository keeps,
// which the in-memory one of the service tests keeps too, on SQLite.
func TestArtistContract(t *testing.T) { repotest.TestArtistRepository(t, newRepos) }
