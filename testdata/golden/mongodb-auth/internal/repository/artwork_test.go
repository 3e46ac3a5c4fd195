package repository_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"example.com/feed/internal/apperr"
	"example.com/feed/internal/model"
	"example.com/feed/internal/repository"
	"example.com/feed/internal/repository/repotest"
)

// newArtwork returns a valid artwork of owner with every optional field unset.
// Its ref fields point at what storeArtworkParents stores.
func newArtwork(owner uuid.UUID, i int) model.Artwork {
	return model.Artwork{
		ID:        uuid.Must(uuid.NewV7()),
		OwnerID:   owner,
		Title:     fmt.Sprintf("title %d", i),
		ArtistID:  uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"),
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

// setupArtworkRepo returns an artwork repository on a fresh database holding
// one user and what artworks refer to, and the id of that user,
// the owner of the artworks it stores.
func setupArtworkRepo(t *testing.T) (*repository.Artwork, uuid.UUID) {
	t.Helper()
	primary, replica := newDB(t)
	storeArtworkParents(t, primary)
	return repository.NewArtwork(primary, replica), addOwner(t, primary, 0)
}

// storeArtworkParents stores the documents the artworks of the tests refer to:
// an artist and a note with each of the sample ids.
func storeArtworkParents(t *testing.T, db *mongo.Database) {
	t.Helper()
	samples := []uuid.UUID{
		uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"),
		uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd"),
	}
	for _, id := range samples {
		storeArtist(t, db, id)
		storeNote(t, db, id)
	}
}

func TestArtworkRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what MongoDB keeps exactly", func(t *testing.T) {
		repo, owner := setupArtworkRepo(t)
		full := newArtwork(owner, 1)
		full.NoteID = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123000000, time.UTC)
		empty := newArtwork(owner, 2)
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

	t.Run("concurrent updates of different fields both take effect", func(t *testing.T) {
		repo, owner := setupArtworkRepo(t)
		item := newArtwork(owner, 0)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		want := item
		want.Title = "title 2"
		want.ArtistID = uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd")
		// The update of artist_id commits between the read and the write of
		// the update of title, which must neither undo it nor fail.
		_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error {
			x.Title = "title 2"
			_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(y *model.Artwork) error {
				y.ArtistID = uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd")
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

	t.Run("artist_id left pointing at nothing by a race", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		owner := addOwner(t, primary, 0)
		parent := uuid.New()
		storeArtist(t, primary, parent)
		item := newArtwork(owner, 1)
		item.ArtistID = parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		// What a delete of the artist racing the create would leave.
		gone := bson.D{{Key: "_id", Value: parent.String()}}
		if _, err := primary.Collection("artists").DeleteOne(t.Context(), gone); err != nil {
			t.Fatalf("DeleteOne(artist): %v", err)
		}
		// An update that leaves artist_id alone does not check it,
		if _, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(9); return nil }); err != nil {
			t.Errorf("Update(other fields) = %v, want success", err)
		}
		// and the artist is not found rather than still referenced.
		if err := deleteArtist(t.Context(), primary, parent); !errors.Is(err, apperr.NotFound) {
			t.Errorf("delete gone artist = %v, want NotFound", err)
		}
	})

	t.Run("note_id left pointing at nothing by a race", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		owner := addOwner(t, primary, 0)
		parent := uuid.New()
		storeNote(t, primary, parent)
		item := newArtwork(owner, 1)
		item.NoteID = &parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		// What a delete of the note racing the create would leave.
		gone := bson.D{{Key: "_id", Value: parent.String()}}
		if _, err := primary.Collection("notes").DeleteOne(t.Context(), gone); err != nil {
			t.Fatalf("DeleteOne(note): %v", err)
		}
		// An update that leaves note_id alone does not check it,
		if _, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(9); return nil }); err != nil {
			t.Errorf("Update(other fields) = %v, want success", err)
		}
		// and the note is not found rather than still referenced.
		if err := deleteNote(t.Context(), primary, parent); !errors.Is(err, apperr.NotFound) {
			t.Errorf("delete gone note = %v, want NotFound", err)
		}
	})

	t.Run("an update that keeps losing the race gives up with a conflict", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		owner := addOwner(t, primary, 0)
		item := newArtwork(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		// Before each write another writer changes updated_at, so every
		// write finds the document changed since its read.
		tries := 0
		_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error {
			tries++
			x.UpdatedAt = timestamp(1000 + tries)
			_, err := primary.Collection("artworks").UpdateOne(t.Context(),
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
		storeArtworkParents(t, primary)
		// An empty database: a replica that has seen none of the writes.
		_, lagging := newDB(t)
		repo := repository.NewArtwork(primary, lagging)
		owner := addOwner(t, primary, 0)
		item := newArtwork(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil {
			t.Errorf("Get of the artwork just created = %v, want it from the primary", err)
		}
		if page, err := repo.List(t.Context(), model.OwnedBy(owner), model.ArtworkList{Limit: 10}); err != nil || len(page.Items) != 0 {
			t.Errorf("List = %d artworks, %v; want the lagging replica's 0", len(page.Items), err)
		}
	})
}

// TestArtworkContract runs the contract every ArtworkRepository keeps,
// which the in-memory one of the service tests keeps too, on MongoDB.
func TestArtworkContract(t *testing.T) { repotest.TestArtworkRepository(t, newRepos) }
