package repository_test

import (
	"errors"
	"fmt"
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
	t.Run("create and get round-trip every field", func(t *testing.T) {
		repo := repository.NewArtist(newDB(t))
		full := newArtist(1)
		full.Bio = ptr("bio 1")
		full.Born = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		full.Rating = ptr(4.5)
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
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

	t.Run("get missing is not found", func(t *testing.T) {
		repo := repository.NewArtist(newDB(t))
		if _, err := repo.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("unique name", func(t *testing.T) {
		repo := repository.NewArtist(newDB(t))
		a, b := newArtist(1), newArtist(2)
		b.Name = a.Name
		if err := repo.Create(t.Context(), a); err != nil {
			t.Fatalf("Create: %v", err)
		}
		err := repo.Create(t.Context(), b)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists || ae.Details["name"] == "" {
			t.Errorf("Create(duplicate name) = %v, want AlreadyExists naming name", err)
		}

		c := newArtist(3)
		if err := repo.Create(t.Context(), c); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), c.ID, func(x *model.Artist) error { x.Name = a.Name; return nil })
		if !errors.Is(err, apperr.AlreadyExists) {
			t.Errorf("Update(duplicate name) = %v, want AlreadyExists", err)
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

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		repo := repository.NewArtist(newDB(t))
		var want []uuid.UUID
		for i := range 7 {
			item := newArtist(i)
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
		repo := repository.NewArtist(newDB(t))
		item := newArtist(1)
		item.Bio = ptr("bio 1")
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := repo.Update(t.Context(), item.ID, func(x *model.Artist) error {
			x.Bio = nil
			x.Name = "name 2"
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
		if !reflect.DeepEqual(stored, got) || stored.Bio != nil || stored.Name != "name 2" || !stored.UpdatedAt.Equal(timestamp(9)) {
			t.Errorf("after Update stored = %+v, returned %+v", stored, got)
		}
	})

	t.Run("update rolls back when fn fails", func(t *testing.T) {
		repo := repository.NewArtist(newDB(t))
		item := newArtist(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		boom := errors.New("boom")
		_, err := repo.Update(t.Context(), item.ID, func(x *model.Artist) error {
			x.Name = "name 2"
			x.UpdatedAt = timestamp(9)
			return boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("Update = %v, want fn's error", err)
		}
		if stored, _ := repo.Get(t.Context(), item.ID); !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, want %+v", stored, item)
		}
		if _, err := repo.Update(t.Context(), uuid.New(), func(*model.Artist) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("concurrent updates of one artist take turns", func(t *testing.T) {
		repo := repository.NewArtist(newDB(t))
		item := newArtist(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		const n = 20
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				_, err := repo.Update(t.Context(), item.ID, func(x *model.Artist) error {
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
		repo := repository.NewArtist(newDB(t))
		item := newArtist(1)
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
		repo := repository.NewArtist(newDB(t))
		const n = 100
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		items := make([]model.Artist, n)
		for i := range items {
			items[i] = newArtist(i)
		}
		for i, item := range items {
			wg.Go(func() {
				if err := repo.Create(t.Context(), item); err != nil {
					errs <- err
					return
				}
				_, err := repo.Update(t.Context(), item.ID, func(x *model.Artist) error { x.UpdatedAt = timestamp(n + i); return nil })
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
