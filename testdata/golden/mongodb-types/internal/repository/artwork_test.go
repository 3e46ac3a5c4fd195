package repository_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
	"example.com/demo/internal/repository"
)

// newArtwork returns a valid artwork with every optional field unset.
// Its ref fields point at what storeArtworkParents stores.
func newArtwork(i int) model.Artwork {
	return model.Artwork{
		ID:        uuid.Must(uuid.NewV7()),
		Title:     fmt.Sprintf("title %d", i),
		ArtistID:  uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"),
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

// setupArtworkRepo returns an artwork repository on a fresh database holding
// what artworks refer to.
func setupArtworkRepo(t *testing.T) *repository.Artwork {
	t.Helper()
	primary, replica := newDB(t)
	storeArtworkParents(t, primary)
	return repository.NewArtwork(primary, replica)
}

// storeArtworkParents stores the documents the artworks of the tests refer to:
// an artist and an event with each of the sample ids.
func storeArtworkParents(t *testing.T, db *mongo.Database) {
	t.Helper()
	samples := []uuid.UUID{
		uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"),
		uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd"),
	}
	for _, id := range samples {
		storeArtist(t, db, id)
		storeEvent(t, db, id)
	}
}

func TestArtworkRepository(t *testing.T) {
	t.Run("create and get round-trip every field", func(t *testing.T) {
		repo := setupArtworkRepo(t)
		full := newArtwork(1)
		full.Year = ptr(int64(math.MaxInt64))
		full.EventID = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123000000, time.UTC)
		empty := newArtwork(2)
		// Only a field without a value is left out of the document, not one
		// holding its type's zero value.
		zero := newArtwork(3)
		zero.Year = new(int64)
		for _, want := range []model.Artwork{full, empty, zero} {
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

	t.Run("get missing is not found", func(t *testing.T) {
		repo := setupArtworkRepo(t)
		if _, err := repo.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		repo := setupArtworkRepo(t)
		all := make([]model.Artwork, 7)
		var want []uuid.UUID
		for i := range all {
			all[i] = newArtwork(i)
			if i == 3 {
				all[i].CreatedAt = timestamp(2) // ties are broken by id
			}
			want = append(want, all[i].ID)
		}
		// Without a sort MongoDB returns documents in the order they were
		// inserted; inserting backwards tells the two apart.
		for _, item := range slices.Backward(all) {
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
		}
		var got []uuid.UUID
		for skip := 0; skip < 10; skip += 3 {
			items, total, err := repo.List(t.Context(), model.ArtworkFilter{}, skip, 3)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if total != 7 {
				t.Errorf("List total = %d, want 7", total)
			}
			for _, item := range items {
				got = append(got, item.ID)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("List ids = %v, want %v", got, want)
		}
	})

	t.Run("update commits fn's changes", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		item := newArtwork(1)
		item.Year = ptr(int64(100))
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := repo.Update(t.Context(), item.ID, func(x *model.Artwork) error {
			x.Year = nil
			x.Title = "title 2"
			x.UpdatedAt = timestamp(9)
			return nil
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		stored, err := repo.Get(t.Context(), item.ID)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if !reflect.DeepEqual(stored, got) || stored.Year != nil || stored.Title != "title 2" || !stored.UpdatedAt.Equal(timestamp(9)) {
			t.Errorf("after Update stored = %+v, returned %+v", stored, got)
		}
		// A field without a value is left out of the document.
		held := bson.D{{Key: "_id", Value: item.ID.String()}, {Key: "year", Value: bson.D{{Key: "$exists", Value: true}}}}
		if n, err := primary.Collection("artworks").CountDocuments(t.Context(), held); err != nil || n != 0 {
			t.Errorf("documents holding year after Update cleared it = %d, %v; want 0", n, err)
		}
	})

	t.Run("update aborts when fn fails", func(t *testing.T) {
		repo := setupArtworkRepo(t)
		item := newArtwork(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		boom := errors.New("boom")
		_, err := repo.Update(t.Context(), item.ID, func(x *model.Artwork) error {
			x.Title = "title 2"
			x.UpdatedAt = timestamp(9)
			return boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("Update = %v, want fn's error", err)
		}
		if stored, _ := repo.Get(t.Context(), item.ID); !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, want %+v", stored, item)
		}
		if _, err := repo.Update(t.Context(), uuid.New(), func(*model.Artwork) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("concurrent updates of one artwork take turns", func(t *testing.T) {
		repo := setupArtworkRepo(t)
		item := newArtwork(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		const n = 20
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				_, err := repo.Update(t.Context(), item.ID, func(x *model.Artwork) error {
					x.UpdatedAt = x.UpdatedAt.Add(time.Second)
					return nil
				})
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent Update: %v", err)
			}
		}
		want := item.UpdatedAt.Add(n * time.Second)
		if stored, err := repo.Get(t.Context(), item.ID); err != nil || !stored.UpdatedAt.Equal(want) {
			t.Errorf("after %d concurrent Updates of one second each updated_at = %v, %v; want %v", n, stored.UpdatedAt, err, want)
		}
	})

	t.Run("concurrent updates of different fields both take effect", func(t *testing.T) {
		repo := setupArtworkRepo(t)
		item := newArtwork(0)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		want := item
		want.Title = "title 2"
		want.Year = ptr(int64(100))
		// The update of year commits between the read and the write of
		// the update of title, which must neither undo it nor fail.
		_, err := repo.Update(t.Context(), item.ID, func(x *model.Artwork) error {
			x.Title = "title 2"
			_, err := repo.Update(t.Context(), item.ID, func(y *model.Artwork) error {
				y.Year = ptr(int64(100))
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

	t.Run("delete", func(t *testing.T) {
		repo := setupArtworkRepo(t)
		item := newArtwork(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := repo.Delete(t.Context(), item.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if err := repo.Delete(t.Context(), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Delete(deleted) = %v, want NotFound", err)
		}
	})

	t.Run("artist_id must point at a stored artist", func(t *testing.T) {
		repo := setupArtworkRepo(t)
		missing := uuid.New()
		want := map[string]string{"artist_id": "no artist has this id"}
		item := newArtwork(1)
		item.ArtistID = missing
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Create(missing artist) = %v, want Validation naming artist_id", err)
		}
		if _, err := repo.Get(t.Context(), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get after failed Create = %v, want NotFound", err)
		}

		stored := newArtwork(2)
		if err := repo.Create(t.Context(), stored); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), stored.ID, func(x *model.Artwork) error { x.ArtistID = missing; return nil })
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Update(missing artist) = %v, want Validation naming artist_id", err)
		}
		if got, err := repo.Get(t.Context(), stored.ID); err != nil || !reflect.DeepEqual(got, stored) {
			t.Errorf("after failed Update stored = %+v, %v; want %+v", got, err, stored)
		}
		alt := uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd")
		got, err := repo.Update(t.Context(), stored.ID, func(x *model.Artwork) error { x.ArtistID = alt; return nil })
		if err != nil || got.ArtistID != alt {
			t.Errorf("Update(stored artist) = %+v, %v; want artist_id %v", got, err, alt)
		}
	})

	t.Run("an artist an artwork refers to through artist_id is not deleted", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		parent := uuid.New()
		storeArtist(t, primary, parent)
		item := newArtwork(1)
		item.ArtistID = parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := deleteArtist(t.Context(), primary, parent); !errors.Is(err, apperr.Conflict) {
			t.Errorf("delete referenced artist = %v, want Conflict", err)
		}
		held := bson.D{{Key: "_id", Value: parent.String()}}
		if n, err := primary.Collection("artists").CountDocuments(t.Context(), held); err != nil || n != 1 {
			t.Errorf("artists with the id after the refused delete = %d, %v; want 1", n, err)
		}
		if err := repo.Delete(t.Context(), item.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if err := deleteArtist(t.Context(), primary, parent); err != nil {
			t.Errorf("delete artist no longer referenced = %v, want success", err)
		}
	})

	t.Run("artist_id left pointing at nothing by a race", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		parent := uuid.New()
		storeArtist(t, primary, parent)
		item := newArtwork(1)
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
		if _, err := repo.Update(t.Context(), item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(9); return nil }); err != nil {
			t.Errorf("Update(other fields) = %v, want success", err)
		}
		// and the artist is not found rather than still referenced.
		if err := deleteArtist(t.Context(), primary, parent); !errors.Is(err, apperr.NotFound) {
			t.Errorf("delete gone artist = %v, want NotFound", err)
		}
	})

	t.Run("list filters by artist_id", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		parent := uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc")
		alt := uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd")
		var want []uuid.UUID
		for i, ref := range []uuid.UUID{parent, alt, parent} {
			item := newArtwork(i)
			item.ArtistID = ref
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if ref == parent {
				want = append(want, item.ID)
			}
		}
		filter := model.ArtworkFilter{ArtistID: uuid.NullUUID{UUID: parent, Valid: true}}
		items, total, err := repo.List(t.Context(), filter, 0, 10)
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		var got []uuid.UUID
		for _, item := range items {
			got = append(got, item.ID)
		}
		if total != len(want) || !reflect.DeepEqual(got, want) {
			t.Errorf("List(artist_id) = %v, total %d; want %v, total %d", got, total, want, len(want))
		}
	})

	t.Run("event_id must point at a stored event", func(t *testing.T) {
		repo := setupArtworkRepo(t)
		missing := uuid.New()
		want := map[string]string{"event_id": "no event has this id"}
		item := newArtwork(1)
		item.EventID = &missing
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Create(missing event) = %v, want Validation naming event_id", err)
		}
		if _, err := repo.Get(t.Context(), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get after failed Create = %v, want NotFound", err)
		}

		stored := newArtwork(2)
		if err := repo.Create(t.Context(), stored); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), stored.ID, func(x *model.Artwork) error { x.EventID = &missing; return nil })
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Update(missing event) = %v, want Validation naming event_id", err)
		}
		if got, err := repo.Get(t.Context(), stored.ID); err != nil || !reflect.DeepEqual(got, stored) {
			t.Errorf("after failed Update stored = %+v, %v; want %+v", got, err, stored)
		}
		alt := uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd")
		got, err := repo.Update(t.Context(), stored.ID, func(x *model.Artwork) error { x.EventID = &alt; return nil })
		if err != nil || got.EventID == nil || *got.EventID != alt {
			t.Errorf("Update(stored event) = %+v, %v; want event_id %v", got, err, alt)
		}
	})

	t.Run("an event an artwork refers to through event_id is not deleted", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		parent := uuid.New()
		storeEvent(t, primary, parent)
		item := newArtwork(1)
		item.EventID = &parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := deleteEvent(t.Context(), primary, parent); !errors.Is(err, apperr.Conflict) {
			t.Errorf("delete referenced event = %v, want Conflict", err)
		}
		held := bson.D{{Key: "_id", Value: parent.String()}}
		if n, err := primary.Collection("events").CountDocuments(t.Context(), held); err != nil || n != 1 {
			t.Errorf("events with the id after the refused delete = %d, %v; want 1", n, err)
		}
		if err := repo.Delete(t.Context(), item.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if err := deleteEvent(t.Context(), primary, parent); err != nil {
			t.Errorf("delete event no longer referenced = %v, want success", err)
		}
	})

	t.Run("event_id left pointing at nothing by a race", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		parent := uuid.New()
		storeEvent(t, primary, parent)
		item := newArtwork(1)
		item.EventID = &parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		// What a delete of the event racing the create would leave.
		gone := bson.D{{Key: "_id", Value: parent.String()}}
		if _, err := primary.Collection("events").DeleteOne(t.Context(), gone); err != nil {
			t.Fatalf("DeleteOne(event): %v", err)
		}
		// An update that leaves event_id alone does not check it,
		if _, err := repo.Update(t.Context(), item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(9); return nil }); err != nil {
			t.Errorf("Update(other fields) = %v, want success", err)
		}
		// and the event is not found rather than still referenced.
		if err := deleteEvent(t.Context(), primary, parent); !errors.Is(err, apperr.NotFound) {
			t.Errorf("delete gone event = %v, want NotFound", err)
		}
	})

	t.Run("list filters by event_id", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		parent := uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc")
		alt := uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd")
		var want []uuid.UUID
		for i, ref := range []*uuid.UUID{&parent, &alt, nil, &parent} {
			item := newArtwork(i)
			item.EventID = ref
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if ref != nil && *ref == parent {
				want = append(want, item.ID)
			}
		}
		filter := model.ArtworkFilter{EventID: uuid.NullUUID{UUID: parent, Valid: true}}
		items, total, err := repo.List(t.Context(), filter, 0, 10)
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		var got []uuid.UUID
		for _, item := range items {
			got = append(got, item.ID)
		}
		if total != len(want) || !reflect.DeepEqual(got, want) {
			t.Errorf("List(event_id) = %v, total %d; want %v, total %d", got, total, want, len(want))
		}
	})

	t.Run("100 concurrent writers all succeed", func(t *testing.T) {
		repo := setupArtworkRepo(t)
		const n = 100
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		for i := range n {
			wg.Go(func() {
				item := newArtwork(i)
				if err := repo.Create(t.Context(), item); err != nil {
					errs <- err
					return
				}
				_, err := repo.Update(t.Context(), item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(n + i); return nil })
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent write: %v", err)
			}
		}
		if _, total, err := repo.List(t.Context(), model.ArtworkFilter{}, 0, 1); err != nil || total != n {
			t.Errorf("List total = %d, %v; want %d", total, err, n)
		}
	})
}
