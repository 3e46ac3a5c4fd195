package repotest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
)

// eventRepo is the in-memory service.EventRepository of a DB.
type eventRepo struct{ db *DB }

// cloneEvent returns item with fields of its own, so that the DB and its
// callers share no memory, as with a real store.
func cloneEvent(item model.Event) model.Event {
	if item.Contact != nil {
		item.Contact = ptr(*item.Contact)
	}
	if item.RefCode != nil {
		item.RefCode = ptr(*item.RefCode)
	}
	return item
}

// get returns the event with the given id. The
// caller holds db.mu.
func (r eventRepo) get(id uuid.UUID) (model.Event, error) {
	item, ok := r.db.eventRows[id]
	if !ok {
		return model.Event{}, apperr.New(apperr.NotFound, "event not found")
	}
	return cloneEvent(item), nil
}

// put stores item, refusing what the stores refuse: nothing. The caller holds db.mu.
func (r eventRepo) put(item model.Event) error {
	r.db.eventRows[item.ID] = cloneEvent(item)
	return nil
}

func (r eventRepo) Create(_ context.Context, item model.Event) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, ok := r.db.eventRows[item.ID]; ok {
		return apperr.New(apperr.AlreadyExists, "event already exists")
	}
	return r.put(item)
}

func (r eventRepo) Get(_ context.Context, id uuid.UUID) (model.Event, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	return r.get(id)
}

func (r eventRepo) List(_ context.Context, skip, limit int) ([]model.Event, int, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	var rows []model.Event
	for _, item := range r.db.eventRows {
		rows = append(rows, cloneEvent(item))
	}
	items, total := page(rows, func(x model.Event) time.Time { return x.CreatedAt }, func(x model.Event) uuid.UUID { return x.ID }, skip, limit)
	return items, total, nil
}

func (r eventRepo) Update(_ context.Context, id uuid.UUID, fn func(*model.Event) error) (model.Event, error) {
	get := func() (model.Event, error) { return r.get(id) }
	return update(r.db, get, fn, r.put)
}

func (r eventRepo) Delete(_ context.Context, id uuid.UUID) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, err := r.get(id); err != nil {
		return err
	}
	if r.db.eventInUse(id) {
		return apperr.New(apperr.Conflict, "event is still referenced; delete or change what refers to it first")
	}
	delete(r.db.eventRows, id)
	return nil
}

// newEvent returns a valid event, the i-th of a test, with every
// optional field unset.
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

// TestEventRepository is the contract every EventRepository keeps,
// the real one and the in-memory one alike. newRepos returns the
// repositories of a new, empty database; each subtest calls it once.
func TestEventRepository(t *testing.T, newRepos func(t *testing.T) Repos) {
	t.Run("create and get round-trip every field", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		full := newEvent(1)
		full.Contact = ptr("a@example.com")
		full.RefCode = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
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
		r := newRepos(t)
		repo := r.Events
		if _, err := repo.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
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
		r := newRepos(t)
		repo := r.Events
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

	t.Run("update changes nothing when fn fails", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
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
		if stored, err := repo.Get(t.Context(), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, %v; want %+v", stored, err, item)
		}
		if _, err := repo.Update(t.Context(), uuid.New(), func(*model.Event) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("concurrent updates of one event take turns", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
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
		r := newRepos(t)
		repo := r.Events
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

	t.Run("stored events share no memory with the caller", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		item := newEvent(1)
		item.Contact = ptr("a@example.com")
		want := item
		want.Contact = ptr(*item.Contact)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		*item.Contact = "b@example.com" // what the caller gave changes
		got, err := repo.Get(t.Context(), item.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
		}
		*got.Contact = "b@example.com" // what the caller got changes
		if again, err := repo.Get(t.Context(), item.ID); err != nil || !reflect.DeepEqual(again, want) {
			t.Errorf("Get after the caller changed its copy = %+v, %v; want %+v", again, err, want)
		}
	})

	t.Run("100 concurrent writers all succeed", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		const n = 100
		// The rows are made, and whatever they refer to stored, on the test's goroutine.
		items := make([]model.Event, n)
		for i := range items {
			items[i] = newEvent(i)
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
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
