package repository_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"example.com/feed/internal/apperr"
	"example.com/feed/internal/model"
	"example.com/feed/internal/repository"
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
	t.Run("create and get round-trip every field", func(t *testing.T) {
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

	t.Run("get missing is not found", func(t *testing.T) {
		repo, owner := setupArtworkRepo(t)
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("note_id is unique per owner", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		alice, bob := addOwner(t, primary, 1), addOwner(t, primary, 2)
		a, b := newArtwork(alice, 1), newArtwork(bob, 2)
		a.NoteID = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		b.NoteID = a.NoteID
		for _, item := range []model.Artwork{a, b} {
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create(same note_id for another owner): %v", err)
			}
		}
		for _, item := range []model.Artwork{newArtwork(alice, 5), newArtwork(alice, 6)} {
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create(two artworks of one owner without note_id): %v", err)
			}
		}

		c := newArtwork(alice, 3)
		c.NoteID = a.NoteID
		err := repo.Create(t.Context(), c)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists {
			t.Fatalf("Create(duplicate note_id of one owner) = %v, want AlreadyExists", err)
		}
		if len(ae.Details) != 1 || ae.Details["note_id"] == "" {
			t.Errorf("Create(duplicate note_id of one owner) details = %v, want note_id alone", ae.Details)
		}

		other := newArtwork(alice, 4)
		if err := repo.Create(t.Context(), other); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), model.OwnedBy(alice), other.ID, func(x *model.Artwork) error { x.NoteID = a.NoteID; return nil })
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists || ae.Details["note_id"] == "" {
			t.Errorf("Update(duplicate note_id of one owner) = %v, want AlreadyExists naming note_id", err)
		}

		// A note_id given up is free again.
		if _, err := repo.Update(t.Context(), model.OwnedBy(alice), a.ID, func(x *model.Artwork) error { x.NoteID = nil; return nil }); err != nil {
			t.Fatalf("Update(clear note_id): %v", err)
		}
		if err := repo.Create(t.Context(), c); err != nil {
			t.Errorf("Create(note_id given up by another artwork of the owner): %v", err)
		}
	})

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		repo, owner := setupArtworkRepo(t)
		all := make([]model.Artwork, 7)
		var want []uuid.UUID
		for i := range all {
			all[i] = newArtwork(owner, i)
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
			items, total, err := repo.List(t.Context(), model.OwnedBy(owner), model.ArtworkFilter{}, skip, 3)
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
		owner := addOwner(t, primary, 0)
		item := newArtwork(owner, 1)
		item.NoteID = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error {
			x.NoteID = nil
			x.Title = "title 2"
			x.UpdatedAt = timestamp(9)
			return nil
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		stored, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if !reflect.DeepEqual(stored, got) || stored.NoteID != nil || stored.Title != "title 2" || !stored.UpdatedAt.Equal(timestamp(9)) {
			t.Errorf("after Update stored = %+v, returned %+v", stored, got)
		}
		// A field without a value is left out of the document.
		for _, key := range []string{"note_id", "note_id_per_owner"} {
			held := bson.D{{Key: "_id", Value: item.ID.String()}, {Key: key, Value: bson.D{{Key: "$exists", Value: true}}}}
			if n, err := primary.Collection("artworks").CountDocuments(t.Context(), held); err != nil || n != 0 {
				t.Errorf("documents holding %s after Update cleared note_id = %d, %v; want 0", key, n, err)
			}
		}
	})

	t.Run("update aborts when fn fails", func(t *testing.T) {
		repo, owner := setupArtworkRepo(t)
		item := newArtwork(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		boom := errors.New("boom")
		_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error {
			x.Title = "title 2"
			x.UpdatedAt = timestamp(9)
			return boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("Update = %v, want fn's error", err)
		}
		if stored, _ := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, want %+v", stored, item)
		}
		if _, err := repo.Update(t.Context(), model.OwnedBy(owner), uuid.New(), func(*model.Artwork) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("concurrent updates of one artwork take turns", func(t *testing.T) {
		repo, owner := setupArtworkRepo(t)
		item := newArtwork(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		const n = 20
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error {
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
		if stored, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil || !stored.UpdatedAt.Equal(want) {
			t.Errorf("after %d concurrent Updates of one second each updated_at = %v, %v; want %v", n, stored.UpdatedAt, err, want)
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

	t.Run("delete", func(t *testing.T) {
		repo, owner := setupArtworkRepo(t)
		item := newArtwork(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := repo.Delete(t.Context(), model.OwnedBy(owner), item.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if err := repo.Delete(t.Context(), model.OwnedBy(owner), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Delete(deleted) = %v, want NotFound", err)
		}
	})

	t.Run("artist_id must point at a stored artist", func(t *testing.T) {
		repo, owner := setupArtworkRepo(t)
		missing := uuid.New()
		want := map[string]string{"artist_id": "no artist has this id"}
		item := newArtwork(owner, 1)
		item.ArtistID = missing
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Create(missing artist) = %v, want Validation naming artist_id", err)
		}
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get after failed Create = %v, want NotFound", err)
		}

		stored := newArtwork(owner, 2)
		if err := repo.Create(t.Context(), stored); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), model.OwnedBy(owner), stored.ID, func(x *model.Artwork) error { x.ArtistID = missing; return nil })
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Update(missing artist) = %v, want Validation naming artist_id", err)
		}
		if got, err := repo.Get(t.Context(), model.OwnedBy(owner), stored.ID); err != nil || !reflect.DeepEqual(got, stored) {
			t.Errorf("after failed Update stored = %+v, %v; want %+v", got, err, stored)
		}
		alt := uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd")
		got, err := repo.Update(t.Context(), model.OwnedBy(owner), stored.ID, func(x *model.Artwork) error { x.ArtistID = alt; return nil })
		if err != nil || got.ArtistID != alt {
			t.Errorf("Update(stored artist) = %+v, %v; want artist_id %v", got, err, alt)
		}
	})

	t.Run("an artist an artwork refers to through artist_id is not deleted", func(t *testing.T) {
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
		if err := deleteArtist(t.Context(), primary, parent); !errors.Is(err, apperr.Conflict) {
			t.Errorf("delete referenced artist = %v, want Conflict", err)
		}
		held := bson.D{{Key: "_id", Value: parent.String()}}
		if n, err := primary.Collection("artists").CountDocuments(t.Context(), held); err != nil || n != 1 {
			t.Errorf("artists with the id after the refused delete = %d, %v; want 1", n, err)
		}
		if err := repo.Delete(t.Context(), model.OwnedBy(owner), item.ID); err != nil {
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

	t.Run("list filters by artist_id", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		owner := addOwner(t, primary, 0)
		parent := uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc")
		alt := uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd")
		var want []uuid.UUID
		for i, ref := range []uuid.UUID{parent, alt, parent} {
			item := newArtwork(owner, i)
			item.ArtistID = ref
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if ref == parent {
				want = append(want, item.ID)
			}
		}
		// Another owner's artwork of the same artist stays out of the owner's list.
		theirs := newArtwork(addOwner(t, primary, 1), 9)
		theirs.ArtistID = parent
		if err := repo.Create(t.Context(), theirs); err != nil {
			t.Fatalf("Create: %v", err)
		}
		filter := model.ArtworkFilter{ArtistID: uuid.NullUUID{UUID: parent, Valid: true}}
		items, total, err := repo.List(t.Context(), model.OwnedBy(owner), filter, 0, 10)
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

	t.Run("note_id must point at a stored note", func(t *testing.T) {
		repo, owner := setupArtworkRepo(t)
		missing := uuid.New()
		want := map[string]string{"note_id": "no note has this id"}
		item := newArtwork(owner, 1)
		item.NoteID = &missing
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Create(missing note) = %v, want Validation naming note_id", err)
		}
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get after failed Create = %v, want NotFound", err)
		}

		stored := newArtwork(owner, 2)
		if err := repo.Create(t.Context(), stored); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), model.OwnedBy(owner), stored.ID, func(x *model.Artwork) error { x.NoteID = &missing; return nil })
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Update(missing note) = %v, want Validation naming note_id", err)
		}
		if got, err := repo.Get(t.Context(), model.OwnedBy(owner), stored.ID); err != nil || !reflect.DeepEqual(got, stored) {
			t.Errorf("after failed Update stored = %+v, %v; want %+v", got, err, stored)
		}
		alt := uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd")
		got, err := repo.Update(t.Context(), model.OwnedBy(owner), stored.ID, func(x *model.Artwork) error { x.NoteID = &alt; return nil })
		if err != nil || got.NoteID == nil || *got.NoteID != alt {
			t.Errorf("Update(stored note) = %+v, %v; want note_id %v", got, err, alt)
		}
	})

	t.Run("a note an artwork refers to through note_id is not deleted", func(t *testing.T) {
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
		if err := deleteNote(t.Context(), primary, parent); !errors.Is(err, apperr.Conflict) {
			t.Errorf("delete referenced note = %v, want Conflict", err)
		}
		held := bson.D{{Key: "_id", Value: parent.String()}}
		if n, err := primary.Collection("notes").CountDocuments(t.Context(), held); err != nil || n != 1 {
			t.Errorf("notes with the id after the refused delete = %d, %v; want 1", n, err)
		}
		if err := repo.Delete(t.Context(), model.OwnedBy(owner), item.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if err := deleteNote(t.Context(), primary, parent); err != nil {
			t.Errorf("delete note no longer referenced = %v, want success", err)
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

	t.Run("list filters by note_id", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		owner := addOwner(t, primary, 0)
		parent := uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc")
		alt := uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd")
		var want []uuid.UUID
		for i, ref := range []*uuid.UUID{&parent, &alt, nil} {
			item := newArtwork(owner, i)
			item.NoteID = ref
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if ref != nil && *ref == parent {
				want = append(want, item.ID)
			}
		}
		// Another owner's artwork of the same note stays out of the owner's list.
		theirs := newArtwork(addOwner(t, primary, 1), 9)
		theirs.NoteID = &parent
		if err := repo.Create(t.Context(), theirs); err != nil {
			t.Fatalf("Create: %v", err)
		}
		filter := model.ArtworkFilter{NoteID: uuid.NullUUID{UUID: parent, Valid: true}}
		items, total, err := repo.List(t.Context(), model.OwnedBy(owner), filter, 0, 10)
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		var got []uuid.UUID
		for _, item := range items {
			got = append(got, item.ID)
		}
		if total != len(want) || !reflect.DeepEqual(got, want) {
			t.Errorf("List(note_id) = %v, total %d; want %v, total %d", got, total, want, len(want))
		}
	})

	t.Run("artworks of another owner are not found", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		alice, bob := addOwner(t, primary, 1), addOwner(t, primary, 2)
		item := newArtwork(alice, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, errGet := repo.Get(t.Context(), model.OwnedBy(bob), item.ID)
		_, errUpdate := repo.Update(t.Context(), model.OwnedBy(bob), item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(9); return nil })
		errDelete := repo.Delete(t.Context(), model.OwnedBy(bob), item.ID)
		for name, err := range map[string]error{"Get": errGet, "Update": errUpdate, "Delete": errDelete} {
			if !errors.Is(err, apperr.NotFound) {
				t.Errorf("%s(another owner) = %v, want NotFound", name, err)
			}
		}
		if stored, err := repo.Get(t.Context(), model.OwnedBy(alice), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after another owner's calls Get = %+v, %v; want %+v", stored, err, item)
		}
	})

	t.Run("list counts and returns the artworks of the owner", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		alice, bob := addOwner(t, primary, 1), addOwner(t, primary, 2)
		var all []uuid.UUID
		ids := map[uuid.UUID][]uuid.UUID{}
		for i, owner := range []uuid.UUID{alice, bob, alice, alice, bob} {
			item := newArtwork(owner, i)
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			ids[owner] = append(ids[owner], item.ID)
			all = append(all, item.ID)
		}

		tests := []struct {
			name        string
			scope       model.Scope
			skip, limit int
			want        []uuid.UUID
			total       int
		}{
			{name: "alice", scope: model.OwnedBy(alice), limit: 10, want: ids[alice], total: 3},
			{name: "bob", scope: model.OwnedBy(bob), limit: 10, want: ids[bob], total: 2},
			{name: "alice, second page", scope: model.OwnedBy(alice), skip: 1, limit: 1, want: ids[alice][1:2], total: 3},
			{name: "all rows", scope: model.AllRows(), limit: 10, want: all, total: 5},
		}
		for _, tt := range tests {
			items, total, err := repo.List(t.Context(), tt.scope, model.ArtworkFilter{}, tt.skip, tt.limit)
			if err != nil {
				t.Fatalf("List(%s): %v", tt.name, err)
			}
			var got []uuid.UUID
			for _, item := range items {
				got = append(got, item.ID)
			}
			if total != tt.total || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("List(%s) = %v, total %d; want %v, total %d", tt.name, got, total, tt.want, tt.total)
			}
		}
	})

	t.Run("all rows reach every artwork", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		alice := addOwner(t, primary, 1)
		item := newArtwork(alice, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if got, err := repo.Get(t.Context(), model.AllRows(), item.ID); err != nil || !reflect.DeepEqual(got, item) {
			t.Errorf("Get(all rows) = %+v, %v; want %+v", got, err, item)
		}
		if _, err := repo.Update(t.Context(), model.AllRows(), item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(9); return nil }); err != nil {
			t.Errorf("Update(all rows): %v", err)
		}
		if stored, err := repo.Get(t.Context(), model.OwnedBy(alice), item.ID); err != nil || !stored.UpdatedAt.Equal(timestamp(9)) {
			t.Errorf("after Update(all rows) stored = %+v, %v; want updated_at %v", stored, err, timestamp(9))
		}
		if err := repo.Delete(t.Context(), model.AllRows(), item.ID); err != nil {
			t.Errorf("Delete(all rows): %v", err)
		}
		if _, err := repo.Get(t.Context(), model.OwnedBy(alice), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get after Delete(all rows) = %v, want NotFound", err)
		}
	})

	t.Run("a scope built by neither OwnedBy nor AllRows is refused", func(t *testing.T) {
		primary, replica := newDB(t)
		storeArtworkParents(t, primary)
		repo := repository.NewArtwork(primary, replica)
		alice := addOwner(t, primary, 1)
		item := newArtwork(alice, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		for name, scope := range map[string]model.Scope{"zero": {}, "OwnedBy(uuid.Nil)": model.OwnedBy(uuid.Nil)} {
			_, errGet := repo.Get(t.Context(), scope, item.ID)
			_, _, errList := repo.List(t.Context(), scope, model.ArtworkFilter{}, 0, 10)
			_, errUpdate := repo.Update(t.Context(), scope, item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(9); return nil })
			errDelete := repo.Delete(t.Context(), scope, item.ID)
			for call, err := range map[string]error{"Get": errGet, "List": errList, "Update": errUpdate, "Delete": errDelete} {
				if !errors.Is(err, model.ErrNoScope) {
					t.Errorf("%s(%s scope) = %v, want ErrNoScope", call, name, err)
				}
			}
		}
		if stored, err := repo.Get(t.Context(), model.OwnedBy(alice), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after the refused calls Get = %+v, %v; want %+v", stored, err, item)
		}
	})

	t.Run("100 concurrent writers all succeed", func(t *testing.T) {
		repo, owner := setupArtworkRepo(t)
		const n = 100
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		for i := range n {
			wg.Go(func() {
				item := newArtwork(owner, i)
				if err := repo.Create(t.Context(), item); err != nil {
					errs <- err
					return
				}
				_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(n + i); return nil })
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
		if _, total, err := repo.List(t.Context(), model.OwnedBy(owner), model.ArtworkFilter{}, 0, 1); err != nil || total != n {
			t.Errorf("List total = %d, %v; want %d", total, err, n)
		}
	})
}
