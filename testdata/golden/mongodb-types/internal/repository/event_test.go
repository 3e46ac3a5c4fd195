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
		full.StartsAt = time.Date(2026, 5, 1, 18, 30, 0, 123000000, time.UTC)
		full.Contact = ptr("a@example.com")
		full.RefCode = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		full.Seats = math.MaxInt64
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123000000, time.UTC)
		empty := newEvent(2)
		// Only a field without a value is left out of the document, not one
		// holding its type's zero value.
		zero := newEvent(3)
		zero.Contact = new(string)
		zero.RefCode = new(uuid.UUID)
		for _, want := range []model.Event{full, empty, zero} {
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

	t.Run("unique contact", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		a, b := newEvent(1), newEvent(2)
		a.Contact = ptr("a@example.com")
		b.Contact = a.Contact
		if err := repo.Create(t.Context(), a); err != nil {
			t.Fatalf("Create: %v", err)
		}
		err := repo.Create(t.Context(), b)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists || ae.Details["contact"] == "" {
			t.Errorf("Create(duplicate contact) = %v, want AlreadyExists naming contact", err)
		}
		for _, item := range []model.Event{newEvent(5), newEvent(6)} {
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create(two events without contact): %v", err)
			}
		}

		c := newEvent(3)
		if err := repo.Create(t.Context(), c); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), c.ID, func(x *model.Event) error { x.Contact = a.Contact; return nil })
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists || ae.Details["contact"] == "" {
			t.Errorf("Update(duplicate contact) = %v, want AlreadyExists naming contact", err)
		}

		// A contact given up is free again.
		if _, err := repo.Update(t.Context(), a.ID, func(x *model.Event) error { x.Contact = nil; return nil }); err != nil {
			t.Fatalf("Update(clear contact): %v", err)
		}
		if err := repo.Create(t.Context(), b); err != nil {
			t.Errorf("Create(contact given up by another event): %v", err)
		}
	})

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		all := make([]model.Event, 7)
		var want []uuid.UUID
		for i := range all {
			all[i] = newEvent(i)
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
		primary, replica := newDB(t)
		repo := repository.NewEvent(primary, replica)
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
		// A field without a value is left out of the document.
		held := bson.D{{Key: "_id", Value: item.ID.String()}, {Key: "contact", Value: bson.D{{Key: "$exists", Value: true}}}}
		if n, err := primary.Collection("events").CountDocuments(t.Context(), held); err != nil || n != 0 {
			t.Errorf("documents holding contact after Update cleared it = %d, %v; want 0", n, err)
		}
	})

	t.Run("update aborts when fn fails", func(t *testing.T) {
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

	t.Run("concurrent updates of different fields both take effect", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		item := newEvent(0)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		want := item
		want.Title = "title 2"
		want.Kind = model.EventKindTalk
		// The update of kind commits between the read and the write of
		// the update of title, which must neither undo it nor fail.
		_, err := repo.Update(t.Context(), item.ID, func(x *model.Event) error {
			x.Title = "title 2"
			_, err := repo.Update(t.Context(), item.ID, func(y *model.Event) error {
				y.Kind = model.EventKindTalk
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
		for i := range n {
			wg.Go(func() {
				item := newEvent(i)
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
