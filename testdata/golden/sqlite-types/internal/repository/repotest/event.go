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
	"example.com/demo/internal/service"
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

func (r eventRepo) List(_ context.Context, q model.EventList) (model.Page[model.Event], error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	var rows []model.Event
	for _, item := range r.db.eventRows {
		rows = append(rows, cloneEvent(item))
	}
	return q.Page(rows)
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

// walkEvent lists every page of q, calling between (unless nil)
// after each page but the last, and returns the events in the order
// listed.
func walkEvent(t *testing.T, repo service.EventRepository, q model.EventList, between func()) []model.Event {
	t.Helper()
	var got []model.Event
	for range 1000 {
		page, err := repo.List(t.Context(), q)
		if err != nil {
			t.Fatalf("List(%+v): %v", q, err)
		}
		if len(page.Items) > q.Limit {
			t.Fatalf("List(%+v) returned %d events, more than the limit", q, len(page.Items))
		}
		got = append(got, page.Items...)
		if page.Next == "" {
			return got
		}
		if between != nil {
			between()
		}
		q.Cursor = page.Next
	}
	t.Fatalf("List(%+v): more than 1000 pages", q)
	return nil
}

// idsEvent returns the ids of items.
func idsEvent(items []model.Event) []uuid.UUID {
	ids := make([]uuid.UUID, len(items))
	for i, item := range items {
		ids[i] = item.ID
	}
	return ids
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

	t.Run("list walks every sort and filter in order", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		var rows []model.Event
		for i := range 12 {
			item := newEvent(i)
			item.CreatedAt = timestamp(i / 2) // ties are broken by id
			item.UpdatedAt = timestamp(12 - i/3)
			if i >= 3 {
				item.StartsAt = rows[i%3].StartsAt // ties
			}
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			rows = append(rows, item)
		}
		var queries []model.EventList
		for _, key := range []model.EventSortKey{model.EventByCreatedAt, model.EventByUpdatedAt, model.EventByStartsAt} {
			for _, desc := range []bool{false, true} {
				queries = append(queries, model.EventList{Sort: model.EventSort{Key: key, Desc: desc}, Limit: 5})
			}
		}
		queries = append(queries, model.EventList{
			Filter: model.EventFilter{Kind: []model.Cond[model.EventKind]{{Op: model.OpEq, Value: rows[4].Kind}}},
			Limit:  2,
		})
		queries = append(queries, model.EventList{
			Filter: model.EventFilter{StartsAt: []model.Cond[time.Time]{{Op: model.OpEq, Value: rows[4].StartsAt}}},
			Limit:  2,
		})
		queries = append(queries, model.EventList{
			Filter: model.EventFilter{StartsAt: []model.Cond[time.Time]{{Op: model.OpGt, Value: rows[4].StartsAt}}},
			Limit:  2,
		})
		queries = append(queries, model.EventList{
			Filter: model.EventFilter{StartsAt: []model.Cond[time.Time]{{Op: model.OpGte, Value: rows[4].StartsAt}}},
			Limit:  2,
		})
		queries = append(queries, model.EventList{
			Filter: model.EventFilter{StartsAt: []model.Cond[time.Time]{{Op: model.OpLt, Value: rows[4].StartsAt}}},
			Limit:  2,
		})
		queries = append(queries, model.EventList{
			Filter: model.EventFilter{StartsAt: []model.Cond[time.Time]{{Op: model.OpLte, Value: rows[4].StartsAt}}},
			Limit:  2,
		})
		for _, q := range queries {
			all := q
			all.Limit = model.MaxLimit
			want, err := all.Page(rows)
			if err != nil {
				t.Fatalf("Page(%+v): %v", q, err)
			}
			got := walkEvent(t, repo, q, nil)
			if !reflect.DeepEqual(idsEvent(got), idsEvent(want.Items)) {
				t.Errorf("walk(%+v) = %v, want %v", q, idsEvent(got), idsEvent(want.Items))
			}
			q.Count = true
			if page, err := repo.List(t.Context(), q); err != nil || page.Total == nil || *page.Total != len(want.Items) {
				t.Errorf("List(%+v) total = %v, %v; want %d", q, page.Total, err, len(want.Items))
			}
		}
	})

	t.Run("a walk sees every event there was before it once, while others are inserted", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		seen := map[uuid.UUID]int{}
		for i := range 10 {
			item := newEvent(i)
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			seen[item.ID] = 0
		}
		n := 100
		insert := func() {
			// One event before the walk's position, one in the middle, one after it.
			for _, at := range []int{-n, 5, n} {
				item := newEvent(n)
				item.CreatedAt = timestamp(at)
				if err := repo.Create(t.Context(), item); err != nil {
					t.Fatalf("Create: %v", err)
				}
				n++
			}
		}
		for _, desc := range []bool{false, true} {
			for id := range seen {
				seen[id] = 0
			}
			q := model.EventList{Sort: model.EventSort{Desc: desc}, Limit: 3}
			got := walkEvent(t, repo, q, insert)
			ids := map[uuid.UUID]bool{}
			for _, item := range got {
				if ids[item.ID] {
					t.Errorf("walk (desc %v) returned %s twice", desc, item.ID)
				}
				ids[item.ID] = true
				if _, ok := seen[item.ID]; ok {
					seen[item.ID]++
				}
			}
			for id, times := range seen {
				if times != 1 {
					t.Errorf("walk (desc %v) returned %s, there before the walk, %d times; want once", desc, id, times)
				}
			}
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
		if page, err := repo.List(t.Context(), model.EventList{Limit: 1, Count: true}); err != nil || page.Total == nil || *page.Total != n {
			t.Errorf("List total = %v, %v; want %d", page.Total, err, n)
		}
	})
}
