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
	t.Run("every field round-trips at the edge of what MongoDB keeps exactly", func(t *testing.T) {
		repo := repository.NewArtist(newDB(t))
		full := newArtist(1)
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123000000, time.UTC)
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

	t.Run("an update that keeps losing the race gives up with a conflict", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewArtist(primary, replica)
		item := newArtist(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		// Before each write another writer changes updated_at, so every
		// write finds the document changed since its read.
		tries := 0
		_, err := repo.Update(t.Context(), item.ID, func(x *model.Artist) error {
			tries++
			x.UpdatedAt = timestamp(1000 + tries)
			_, err := primary.Collection("artists").UpdateOne(t.Context(),
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
// which the in-memory one of the service tests keeps too, on MongoDB.
func TestArtistContract(t *testing.T) { repotest.TestArtistRepository(t, newRepos) }
