package repository_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
	"example.com/demo/internal/repository"
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
	t.Run("create and get round-trip every field", func(t *testing.T) {
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

	t.Run("get missing is not found", func(t *testing.T) {
		repo := repository.NewArtwork(newDB(t))
		if _, err := repo.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
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

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		var want []uuid.UUID
		for i := range 7 {
			item := newArtwork(t, primary, i)
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
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		item := newArtwork(t, primary, 1)
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
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		item := newArtwork(t, primary, 1)
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
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		item := newArtwork(t, primary, 1)
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

	t.Run("delete", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		item := newArtwork(t, primary, 1)
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

	t.Run("100 concurrent writers all succeed", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		const n = 100
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		items := make([]model.Artwork, n)
		for i := range items {
			items[i] = newArtwork(t, primary, i)
		}
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

	t.Run("artist_id naming no artist is refused", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		missing := uuid.New()
		want := map[string]string{"artist_id": "no artist has this id"}
		item := newArtwork(t, primary, 1)
		item.ArtistID = missing
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Create(artist_id of no artist) = %v, want Validation with details %v", err, want)
		}

		item = newArtwork(t, primary, 2)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), item.ID, func(x *model.Artwork) error {
			x.ArtistID = missing
			return nil
		})
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Update(artist_id of no artist) = %v, want Validation with details %v", err, want)
		}
		if stored, err := repo.Get(t.Context(), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after refused Update Get = %+v, %v; want %+v", stored, err, item)
		}
	})

	t.Run("an artist referred to by artist_id is not deleted", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		item := newArtwork(t, primary, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := deleteArtist(t, primary, item.ArtistID); !errors.Is(err, apperr.Conflict) {
			t.Errorf("Delete(artist of an artwork) = %v, want Conflict", err)
		}
		if err := repo.Delete(t.Context(), item.ID); err != nil {
			t.Fatalf("Delete(artwork): %v", err)
		}
		// The artist is still there: once nothing refers to it, it is deleted.
		if err := deleteArtist(t, primary, item.ArtistID); err != nil {
			t.Errorf("Delete(artist no longer referred to) = %v, want nil", err)
		}
	})

	t.Run("list filters by artist_id", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		a, b := storeArtist(t, primary), storeArtist(t, primary)
		ids := map[uuid.UUID][]uuid.UUID{}
		for i, id := range []uuid.UUID{a, b, a, a, b} {
			item := newArtwork(t, primary, i)
			item.ArtistID = id
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			ids[id] = append(ids[id], item.ID)
		}

		tests := []struct {
			name        string
			id          uuid.UUID
			skip, limit int
			want        []uuid.UUID
			total       int
		}{
			{name: "a", id: a, limit: 10, want: ids[a], total: 3},
			{name: "b", id: b, limit: 10, want: ids[b], total: 2},
			{name: "a, second page", id: a, skip: 1, limit: 1, want: ids[a][1:2], total: 3},
			{name: "no artist", id: uuid.New(), limit: 10, total: 0},
		}
		for _, tt := range tests {
			filter := model.ArtworkFilter{ArtistID: uuid.NullUUID{UUID: tt.id, Valid: true}}
			items, total, err := repo.List(t.Context(), filter, tt.skip, tt.limit)
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

	t.Run("event_id naming no event is refused", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		missing := uuid.New()
		want := map[string]string{"event_id": "no event has this id"}
		item := newArtwork(t, primary, 1)
		item.EventID = ptr(missing)
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Create(event_id of no event) = %v, want Validation with details %v", err, want)
		}

		item = newArtwork(t, primary, 2)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), item.ID, func(x *model.Artwork) error {
			x.EventID = ptr(missing)
			return nil
		})
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Update(event_id of no event) = %v, want Validation with details %v", err, want)
		}
		if stored, err := repo.Get(t.Context(), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after refused Update Get = %+v, %v; want %+v", stored, err, item)
		}
	})

	t.Run("an event referred to by event_id is not deleted", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		item := newArtwork(t, primary, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := deleteEvent(t, primary, *item.EventID); !errors.Is(err, apperr.Conflict) {
			t.Errorf("Delete(event of an artwork) = %v, want Conflict", err)
		}
		if err := repo.Delete(t.Context(), item.ID); err != nil {
			t.Fatalf("Delete(artwork): %v", err)
		}
		// The event is still there: once nothing refers to it, it is deleted.
		if err := deleteEvent(t, primary, *item.EventID); err != nil {
			t.Errorf("Delete(event no longer referred to) = %v, want nil", err)
		}
	})

	t.Run("list filters by event_id", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewArtwork(primary, replica)
		a, b := storeEvent(t, primary), storeEvent(t, primary)
		ids := map[uuid.UUID][]uuid.UUID{}
		for i, id := range []uuid.UUID{a, b, a, a, b} {
			item := newArtwork(t, primary, i)
			item.EventID = ptr(id)
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			ids[id] = append(ids[id], item.ID)
		}

		tests := []struct {
			name        string
			id          uuid.UUID
			skip, limit int
			want        []uuid.UUID
			total       int
		}{
			{name: "a", id: a, limit: 10, want: ids[a], total: 3},
			{name: "b", id: b, limit: 10, want: ids[b], total: 2},
			{name: "a, second page", id: a, skip: 1, limit: 1, want: ids[a][1:2], total: 3},
			{name: "no event", id: uuid.New(), limit: 10, total: 0},
		}
		for _, tt := range tests {
			filter := model.ArtworkFilter{EventID: uuid.NullUUID{UUID: tt.id, Valid: true}}
			items, total, err := repo.List(t.Context(), filter, tt.skip, tt.limit)
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
}
