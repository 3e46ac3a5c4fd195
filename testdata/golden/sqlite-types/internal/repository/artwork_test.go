package repository_test

import (
	"database/sql"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
	"example.com/demo/internal/repository"
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
	t.Run("create and get round-trip every field", func(t *testing.T) {
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

	t.Run("get missing is not found", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		if _, err := repo.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		var want []uuid.UUID
		for i := range 7 {
			item := newArtwork(t, db, i)
			if i == 3 {
				item.CreatedAt = timestamp(2) // ties are broken by id
			}
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			want = append(want, item.ID)
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
		db := newDB(t)
		repo := repository.NewArtwork(db)
		item := newArtwork(t, db, 1)
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
	})

	t.Run("update rolls back when fn fails", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		item := newArtwork(t, db, 1)
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

	t.Run("delete", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		item := newArtwork(t, db, 1)
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

	t.Run("artist_id must name a stored artist", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		item := newArtwork(t, db, 1)
		item.ArtistID = uuid.New()
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || len(ae.Details) != 1 || ae.Details["artist_id"] == "" {
			t.Fatalf("Create(unknown artist_id) = %v, want Validation naming artist_id alone", err)
		}

		parent := storeArtist(t, db)
		item.ArtistID = parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), item.ID, func(x *model.Artwork) error { x.ArtistID = uuid.New(); return nil })
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || len(ae.Details) != 1 || ae.Details["artist_id"] == "" {
			t.Errorf("Update(unknown artist_id) = %v, want Validation naming artist_id alone", err)
		}
		if stored, _ := repo.Get(t.Context(), item.ID); !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, want %+v", stored, item)
		}
	})

	t.Run("the artist artist_id names cannot be deleted", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		parent := storeArtist(t, db)
		item := newArtwork(t, db, 1)
		item.ArtistID = parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := deleteArtist(t, db, parent); !errors.Is(err, apperr.Conflict) {
			t.Errorf("delete artist of an artwork = %v, want Conflict", err)
		}
		// Once nothing refers to it, the artist, still there, can go.
		if err := repo.Delete(t.Context(), item.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if err := deleteArtist(t, db, parent); err != nil {
			t.Errorf("delete artist no longer referred to = %v, want nil", err)
		}
	})

	t.Run("list selects by artist_id", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		mine, other := storeArtist(t, db), storeArtist(t, db)
		var want []uuid.UUID
		for i, parent := range []uuid.UUID{mine, other, mine} {
			item := newArtwork(t, db, i)
			item.ArtistID = parent
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if parent == mine {
				want = append(want, item.ID)
			}
		}

		items, total, err := repo.List(t.Context(), model.ArtworkFilter{ArtistID: uuid.NullUUID{UUID: mine, Valid: true}}, 0, 10)
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

	t.Run("event_id must name a stored event", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		item := newArtwork(t, db, 1)
		item.EventID = ptr(uuid.New())
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || len(ae.Details) != 1 || ae.Details["event_id"] == "" {
			t.Fatalf("Create(unknown event_id) = %v, want Validation naming event_id alone", err)
		}

		parent := storeEvent(t, db)
		item.EventID = &parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), item.ID, func(x *model.Artwork) error { x.EventID = ptr(uuid.New()); return nil })
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || len(ae.Details) != 1 || ae.Details["event_id"] == "" {
			t.Errorf("Update(unknown event_id) = %v, want Validation naming event_id alone", err)
		}
		if stored, _ := repo.Get(t.Context(), item.ID); !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, want %+v", stored, item)
		}
	})

	t.Run("the event event_id names cannot be deleted", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		parent := storeEvent(t, db)
		item := newArtwork(t, db, 1)
		item.EventID = &parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := deleteEvent(t, db, parent); !errors.Is(err, apperr.Conflict) {
			t.Errorf("delete event of an artwork = %v, want Conflict", err)
		}
		// Once nothing refers to it, the event, still there, can go.
		if err := repo.Delete(t.Context(), item.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if err := deleteEvent(t, db, parent); err != nil {
			t.Errorf("delete event no longer referred to = %v, want nil", err)
		}
	})

	t.Run("list selects by event_id", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		mine, other := storeEvent(t, db), storeEvent(t, db)
		var want []uuid.UUID
		for i, parent := range []uuid.UUID{mine, other, mine} {
			item := newArtwork(t, db, i)
			item.EventID = &parent
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if parent == mine {
				want = append(want, item.ID)
			}
		}

		items, total, err := repo.List(t.Context(), model.ArtworkFilter{EventID: uuid.NullUUID{UUID: mine, Valid: true}}, 0, 10)
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
		db := newDB(t)
		repo := repository.NewArtwork(db)
		const n = 100
		// The rows the artworks refer to are stored first, on the test's goroutine.
		items := make([]model.Artwork, n)
		for i := range items {
			items[i] = newArtwork(t, db, i)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		for i, item := range items {
			wg.Go(func() {
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
