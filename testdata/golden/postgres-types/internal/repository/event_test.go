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

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
	"example.com/demo/internal/repository"
)

// newEvent returns a valid event with every optional field unset.
func newEvent(i int) model.Event {
	return model.Event{
		ID:        uuid.Must(uuid.NewV7()),
		Title:     fmt.Sprintf("title %d", i),
		Kind:      model.EventKindConcert,
		StartsAt:  timestamp(i),
		Seats:     int64(i),
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

func TestEventRepository(t *testing.T) {
	t.Run("create and get round-trip every field", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		full := newEvent(1)
		full.StartsAt = time.Date(2026, 5, 1, 18, 30, 0, 123456000, time.UTC)
		full.Contact = ptr("a@example.com")
		full.RefCode = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		full.Seats = math.MaxInt64
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
		empty := newEvent(2)
		for _, want := range []model.Event{full, empty} {
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
		repo := repository.NewEvent(newDB(t))
		if _, err := repo.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("title holds at most 80 characters", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		fits, long := newEvent(1), newEvent(2)
		// The limit counts characters, as the API does, not bytes.
		fits.Title = strings.Repeat("é", 80)
		long.Title = strings.Repeat("x", 81)
		if err := repo.Create(t.Context(), fits); err != nil {
			t.Errorf("Create(title of 80 characters): %v", err)
		}
		if err := repo.Create(t.Context(), long); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(title of 81 characters) = %v, want Validation", err)
		}
	})

	t.Run("contact holds at most 254 characters", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		fits, long := newEvent(1), newEvent(2)
		// The limit counts characters, as the API does, not bytes.
		fits.Contact = ptr(strings.Repeat("é", 254))
		long.Contact = ptr(strings.Repeat("x", 255))
		if err := repo.Create(t.Context(), fits); err != nil {
			t.Errorf("Create(contact of 254 characters): %v", err)
		}
		if err := repo.Create(t.Context(), long); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(contact of 255 characters) = %v, want Validation", err)
		}
	})

	t.Run("kind outside the enum is refused", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		item := newEvent(1)
		item.Kind = "bogus"
		if err := repo.Create(t.Context(), item); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(kind bogus) = %v, want Validation", err)
		}
	})

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		var want []uuid.UUID
		for i := range 7 {
			item := newEvent(i)
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
			items, total, err := repo.List(t.Context(), skip, 3)
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
		repo := repository.NewEvent(newDB(t))
		item := newEvent(1)
		item.Contact = ptr("a@example.com")
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := repo.Update(t.Context(), item.ID, func(x *model.Event) error {
			x.Contact = nil
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
		if !reflect.DeepEqual(stored, got) || stored.Contact != nil || stored.Title != "title 2" || !stored.UpdatedAt.Equal(timestamp(9)) {
			t.Errorf("after Update stored = %+v, returned %+v", stored, got)
		}
	})

	t.Run("update rolls back when fn fails", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		item := newEvent(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		boom := errors.New("boom")
		_, err := repo.Update(t.Context(), item.ID, func(x *model.Event) error {
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
		if _, err := repo.Update(t.Context(), uuid.New(), func(*model.Event) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("concurrent updates of one event take turns", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		item := newEvent(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		const n = 20
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				_, err := repo.Update(t.Context(), item.ID, func(x *model.Event) error {
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
		repo := repository.NewEvent(newDB(t))
		item := newEvent(1)
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
		repo := repository.NewEvent(newDB(t))
		const n = 100
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		items := make([]model.Event, n)
		for i := range items {
			items[i] = newEvent(i)
		}
		for i, item := range items {
			wg.Go(func() {
				if err := repo.Create(t.Context(), item); err != nil {
					errs <- err
					return
				}
				_, err := repo.Update(t.Context(), item.ID, func(x *model.Event) error { x.UpdatedAt = timestamp(n + i); return nil })
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
		if _, total, err := repo.List(t.Context(), 0, 1); err != nil || total != n {
			t.Errorf("List total = %d, %v; want %d", total, err, n)
		}
	})
}
