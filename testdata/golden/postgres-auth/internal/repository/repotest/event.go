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

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/model"
)

// eventRepo is the in-memory service.EventRepository of a DB.
type eventRepo struct{ db *DB }

// cloneEvent returns item with fields of its own, so that the DB and its
// callers share no memory, as with a real store.
func cloneEvent(item model.Event) model.Event {
	if item.RefCode != nil {
		item.RefCode = ptr(*item.RefCode)
	}
	if item.Seats != nil {
		item.Seats = ptr(*item.Seats)
	}
	if item.Score != nil {
		item.Score = ptr(*item.Score)
	}
	return item
}

// get returns the event with the given id if scope reaches it. The
// caller holds db.mu.
func (r eventRepo) get(scope model.Scope, id uuid.UUID) (model.Event, error) {
	owner, all, err := scope.Owner()
	if err != nil {
		return model.Event{}, err
	}
	item, ok := r.db.eventRows[id]
	if !ok || (!all && item.OwnerID != owner) {
		return model.Event{}, apperr.New(apperr.NotFound, "event not found")
	}
	return cloneEvent(item), nil
}

// put stores item, refusing what the stores refuse: a unique value of another
// event of the same owner. The caller holds db.mu.
func (r eventRepo) put(item model.Event) error {
	for _, other := range r.db.eventRows {
		if other.ID == item.ID || other.OwnerID != item.OwnerID {
			continue
		}
		if other.Contact == item.Contact {
			e := apperr.New(apperr.AlreadyExists, "event already exists")
			e.Details = map[string]string{"contact": "already exists"}
			return e
		}
	}
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

func (r eventRepo) Get(_ context.Context, scope model.Scope, id uuid.UUID) (model.Event, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	return r.get(scope, id)
}

func (r eventRepo) List(_ context.Context, scope model.Scope, skip, limit int) ([]model.Event, int, error) {
	owner, all, err := scope.Owner()
	if err != nil {
		return nil, 0, err
	}
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	var rows []model.Event
	for _, item := range r.db.eventRows {
		if !all && item.OwnerID != owner {
			continue
		}
		rows = append(rows, cloneEvent(item))
	}
	items, total := page(rows, func(x model.Event) time.Time { return x.CreatedAt }, func(x model.Event) uuid.UUID { return x.ID }, skip, limit)
	return items, total, nil
}

func (r eventRepo) Update(_ context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Event) error) (model.Event, error) {
	get := func() (model.Event, error) { return r.get(scope, id) }
	return update(r.db, get, fn, r.put)
}

func (r eventRepo) Delete(_ context.Context, scope model.Scope, id uuid.UUID) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, err := r.get(scope, id); err != nil {
		return err
	}
	if r.db.eventInUse(id) {
		return apperr.New(apperr.Conflict, "event is still referenced; delete or change what refers to it first")
	}
	delete(r.db.eventRows, id)
	return nil
}

// newEvent returns a valid event of owner, the i-th of a test, with every
// optional field unset.
func newEvent(owner uuid.UUID, i int) model.Event {
	return model.Event{
		ID:        uuid.Must(uuid.NewV7()),
		OwnerID:   owner,
		Title:     fmt.Sprintf("title %d", i),
		Kind:      model.EventKindConcert,
		StartsAt:  timestamp(i),
		Contact:   fmt.Sprintf("user%d@example.com", i),
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
		owner := addUser(t, r, 0)
		full := newEvent(owner, 1)
		full.RefCode = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		full.Seats = ptr(int64(100))
		full.Score = ptr(4.5)
		empty := newEvent(owner, 2)
		for _, want := range []model.Event{full, empty} {
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
		r := newRepos(t)
		repo := r.Events
		owner := addUser(t, r, 0)
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("contact is unique per owner", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		alice, bob := addUser(t, r, 1), addUser(t, r, 2)
		a, b := newEvent(alice, 1), newEvent(bob, 2)
		b.Contact = a.Contact
		for _, item := range []model.Event{a, b} {
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create(same contact for another owner): %v", err)
			}
		}

		c := newEvent(alice, 3)
		c.Contact = a.Contact
		err := repo.Create(t.Context(), c)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists {
			t.Fatalf("Create(duplicate contact of one owner) = %v, want AlreadyExists", err)
		}
		if len(ae.Details) != 1 || ae.Details["contact"] == "" {
			t.Errorf("Create(duplicate contact of one owner) details = %v, want contact alone", ae.Details)
		}

		other := newEvent(alice, 4)
		if err := repo.Create(t.Context(), other); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), model.OwnedBy(alice), other.ID, func(x *model.Event) error { x.Contact = a.Contact; return nil })
		if !errors.Is(err, apperr.AlreadyExists) {
			t.Errorf("Update(duplicate contact of one owner) = %v, want AlreadyExists", err)
		}
	})

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		owner := addUser(t, r, 0)
		var want []uuid.UUID
		for i := range 7 {
			item := newEvent(owner, i)
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
			items, total, err := repo.List(t.Context(), model.OwnedBy(owner), skip, 3)
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
		owner := addUser(t, r, 0)
		item := newEvent(owner, 1)
		item.RefCode = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Event) error {
			x.RefCode = nil
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
		if !reflect.DeepEqual(stored, got) || stored.RefCode != nil || stored.Title != "title 2" || !stored.UpdatedAt.Equal(timestamp(9)) {
			t.Errorf("after Update stored = %+v, returned %+v", stored, got)
		}
	})

	t.Run("update changes nothing when fn fails", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		owner := addUser(t, r, 0)
		item := newEvent(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		boom := errors.New("boom")
		_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Event) error {
			x.Title = "title 2"
			x.UpdatedAt = timestamp(9)
			return boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("Update = %v, want fn's error", err)
		}
		if stored, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, %v; want %+v", stored, err, item)
		}
		if _, err := repo.Update(t.Context(), model.OwnedBy(owner), uuid.New(), func(*model.Event) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("concurrent updates of one event take turns", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		owner := addUser(t, r, 0)
		item := newEvent(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		const n = 20
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Event) error {
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

	t.Run("delete", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		owner := addUser(t, r, 0)
		item := newEvent(owner, 1)
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

	t.Run("stored events share no memory with the caller", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		owner := addUser(t, r, 0)
		item := newEvent(owner, 1)
		item.RefCode = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		want := item
		want.RefCode = ptr(*item.RefCode)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		*item.RefCode = uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd") // what the caller gave changes
		got, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
		}
		*got.RefCode = uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd") // what the caller got changes
		if again, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil || !reflect.DeepEqual(again, want) {
			t.Errorf("Get after the caller changed its copy = %+v, %v; want %+v", again, err, want)
		}
	})

	t.Run("events of another owner are not found", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		alice, bob := addUser(t, r, 1), addUser(t, r, 2)
		item := newEvent(alice, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, errGet := repo.Get(t.Context(), model.OwnedBy(bob), item.ID)
		_, errUpdate := repo.Update(t.Context(), model.OwnedBy(bob), item.ID, func(x *model.Event) error { x.UpdatedAt = timestamp(9); return nil })
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

	t.Run("list counts and returns the events of the owner", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		alice, bob := addUser(t, r, 1), addUser(t, r, 2)
		var all []uuid.UUID
		ids := map[uuid.UUID][]uuid.UUID{}
		for i, owner := range []uuid.UUID{alice, bob, alice, alice, bob} {
			item := newEvent(owner, i)
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
			items, total, err := repo.List(t.Context(), tt.scope, tt.skip, tt.limit)
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

	t.Run("all rows reach every event", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		owner := addUser(t, r, 0)
		item := newEvent(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if got, err := repo.Get(t.Context(), model.AllRows(), item.ID); err != nil || !reflect.DeepEqual(got, item) {
			t.Errorf("Get(all rows) = %+v, %v; want %+v", got, err, item)
		}
		if _, err := repo.Update(t.Context(), model.AllRows(), item.ID, func(x *model.Event) error { x.UpdatedAt = timestamp(9); return nil }); err != nil {
			t.Errorf("Update(all rows): %v", err)
		}
		if stored, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil || !stored.UpdatedAt.Equal(timestamp(9)) {
			t.Errorf("after Update(all rows) stored = %+v, %v; want updated_at %v", stored, err, timestamp(9))
		}
		if err := repo.Delete(t.Context(), model.AllRows(), item.ID); err != nil {
			t.Errorf("Delete(all rows): %v", err)
		}
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get after Delete(all rows) = %v, want NotFound", err)
		}
	})

	t.Run("a scope built by neither OwnedBy nor AllRows is refused", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		owner := addUser(t, r, 0)
		item := newEvent(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		for name, scope := range map[string]model.Scope{"zero": {}, "OwnedBy(uuid.Nil)": model.OwnedBy(uuid.Nil)} {
			_, errGet := repo.Get(t.Context(), scope, item.ID)
			_, _, errList := repo.List(t.Context(), scope, 0, 10)
			_, errUpdate := repo.Update(t.Context(), scope, item.ID, func(x *model.Event) error { x.UpdatedAt = timestamp(9); return nil })
			errDelete := repo.Delete(t.Context(), scope, item.ID)
			for call, err := range map[string]error{"Get": errGet, "List": errList, "Update": errUpdate, "Delete": errDelete} {
				if !errors.Is(err, model.ErrNoScope) {
					t.Errorf("%s(%s scope) = %v, want ErrNoScope", call, name, err)
				}
			}
		}
		if stored, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after the refused calls Get = %+v, %v; want %+v", stored, err, item)
		}
	})

	t.Run("100 concurrent writers all succeed", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Events
		owner := addUser(t, r, 0)
		const n = 100
		// The rows are made, and whatever they refer to stored, on the test's goroutine.
		items := make([]model.Event, n)
		for i := range items {
			items[i] = newEvent(owner, i)
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i, item := range items {
			wg.Go(func() {
				if err := repo.Create(t.Context(), item); err != nil {
					errs <- err
					return
				}
				_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Event) error { x.UpdatedAt = timestamp(n + i); return nil })
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
		if _, total, err := repo.List(t.Context(), model.OwnedBy(owner), 0, 1); err != nil || total != n {
			t.Errorf("List total = %d, %v; want %d", total, err, n)
		}
	})
}
