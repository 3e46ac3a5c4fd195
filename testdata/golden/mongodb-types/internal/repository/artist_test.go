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
	t.Run("every field round-trips at the edge of what MongoDB keeps exactly", func(t *testing.T) {
		repo := repository.NewArtist(newDB(t))
		full := newArtist(1)
		full.Bio = ptr("bio 1")
		full.Born = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		full.Rating = ptr(4.5)
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123000000, time.UTC)
		empty := newArtist(2)
		empty.Active = false
		// Only a field without a value is left out of the document, not one
		// holding its type's zero value.
		zero := newArtist(3)
		zero.Bio = new(string)
		zero.Born = new(time.Time)
		zero.Rating = new(float64)
		for _, want := range []model.Artist{full, empty, zero} {
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

	t.Run("concurrent updates of different fields both take effect", func(t *testing.T) {
		repo := repository.NewArtist(newDB(t))
		item := newArtist(0)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		want := item
		want.Name = "name 2"
		want.Bio = ptr("bio 1")
		// The update of bio commits between the read and the write of
		// the update of name, which must neither undo it nor fail.
		_, err := repo.Update(t.Context(), item.ID, func(x *model.Artist) error {
			x.Name = "name 2"
			_, err := repo.Update(t.Context(), item.ID, func(y *model.Artist) error {
				y.Bio = ptr("bio 1")
				return nil
			})
			return err
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		if stored, err := repo.Get(t.Context(), item.ID); err != nil || !reflect.DeepEqual(stored, want) {
			t.Errorf("after overlapping Updates stored = %+v, %v; want %+v", stored, err, want)
		}
	})
}

// TestArtistContract runs the contract every ArtistRepository keeps,
// which the in-memory one of the service tests keeps too, on MongoDB.
func TestArtistContract(t *testing.T) { repotest.TestArtistRepository(t, newRepos) }
