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

// artistRepo is the in-memory service.ArtistRepository of a DB.
type artistRepo struct{ db *DB }

// cloneArtist returns item with fields of its own, so that the DB and its
// callers share no memory, as with a real store.
func cloneArtist(item model.Artist) model.Artist {
	if item.Bio != nil {
		item.Bio = ptr(*item.Bio)
	}
	if item.Born != nil {
		item.Born = ptr(*item.Born)
	}
	if item.Rating != nil {
		item.Rating = ptr(*item.Rating)
	}
	return item
}

// get returns the artist with the given id. The
// caller holds db.mu.
func (r artistRepo) get(id uuid.UUID) (model.Artist, error) {
	item, ok := r.db.artistRows[id]
	if !ok {
		return model.Artist{}, apperr.New(apperr.NotFound, "artist not found")
	}
	return cloneArtist(item), nil
}

// put stores item, refusing what the stores refuse: a unique value of another
// artist. The caller holds db.mu.
func (r artistRepo) put(item model.Artist) error {
	for _, other := range r.db.artistRows {
		if other.ID == item.ID {
			continue
		}
		if other.Name == item.Name {
			e := apperr.New(apperr.AlreadyExists, "artist already exists")
			e.Details = map[string]string{"name": "already exists"}
			return e
		}
	}
	r.db.artistRows[item.ID] = cloneArtist(item)
	return nil
}

func (r artistRepo) Create(_ context.Context, item model.Artist) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, ok := r.db.artistRows[item.ID]; ok {
		return apperr.New(apperr.AlreadyExists, "artist already exists")
	}
	return r.put(item)
}

func (r artistRepo) Get(_ context.Context, id uuid.UUID) (model.Artist, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	return r.get(id)
}

func (r artistRepo) List(_ context.Context, q model.ArtistList) (model.Page[model.Artist], error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	var rows []model.Artist
	for _, item := range r.db.artistRows {
		rows = append(rows, cloneArtist(item))
	}
	return q.Page(rows)
}

func (r artistRepo) Update(_ context.Context, id uuid.UUID, fn func(*model.Artist) error) (model.Artist, error) {
	get := func() (model.Artist, error) { return r.get(id) }
	return update(r.db, get, fn, r.put)
}

func (r artistRepo) Delete(_ context.Context, id uuid.UUID) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, err := r.get(id); err != nil {
		return err
	}
	if r.db.artistInUse(id) {
		return apperr.New(apperr.Conflict, "artist is still referenced; delete or change what refers to it first")
	}
	delete(r.db.artistRows, id)
	return nil
}

// newArtist returns a valid artist, the i-th of a test, with every
// optional field unset.
func newArtist(i int) model.Artist {
	return model.Artist{
		ID:        uuid.Must(uuid.NewV7()),
		Name:      fmt.Sprintf("name %d", i),
		Active:    true,
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

// walkArtist lists every page of q, calling between (unless nil)
// after each page but the last, and returns the artists in the order
// listed.
func walkArtist(t *testing.T, repo service.ArtistRepository, q model.ArtistList, between func()) []model.Artist {
	t.Helper()
	var got []model.Artist
	for range 1000 {
		page, err := repo.List(t.Context(), q)
		if err != nil {
			t.Fatalf("List(%+v): %v", q, err)
		}
		if len(page.Items) > q.Limit {
			t.Fatalf("List(%+v) returned %d artists, more than the limit", q, len(page.Items))
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

// idsArtist returns the ids of items.
func idsArtist(items []model.Artist) []uuid.UUID {
	ids := make([]uuid.UUID, len(items))
	for i, item := range items {
		ids[i] = item.ID
	}
	return ids
}

// TestArtistRepository is the contract every ArtistRepository keeps,
// the real one and the in-memory one alike. newRepos returns the
// repositories of a new, empty database; each subtest calls it once.
func TestArtistRepository(t *testing.T, newRepos func(t *testing.T) Repos) {
	t.Run("create and get round-trip every field", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artists
		full := newArtist(1)
		full.Bio = ptr("bio 1")
		full.Born = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		full.Rating = ptr(4.5)
		empty := newArtist(2)
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
		r := newRepos(t)
		repo := r.Artists
		if _, err := repo.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("unique name", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artists
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

	t.Run("list walks every sort and filter in order", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artists
		var rows []model.Artist
		for i := range 12 {
			item := newArtist(i)
			item.CreatedAt = timestamp(i / 2) // ties are broken by id
			item.UpdatedAt = timestamp(12 - i/3)
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			rows = append(rows, item)
		}
		var queries []model.ArtistList
		for _, key := range []model.ArtistSortKey{model.ArtistByCreatedAt, model.ArtistByUpdatedAt, model.ArtistByName} {
			for _, desc := range []bool{false, true} {
				queries = append(queries, model.ArtistList{Sort: model.ArtistSort{Key: key, Desc: desc}, Limit: 5})
			}
		}
		queries = append(queries, model.ArtistList{
			Filter: model.ArtistFilter{Name: []model.Cond[string]{{Op: model.OpEq, Value: rows[4].Name}}},
			Limit:  2,
		})
		queries = append(queries, model.ArtistList{
			Filter: model.ArtistFilter{Active: []model.Cond[bool]{{Op: model.OpEq, Value: rows[4].Active}}},
			Limit:  2,
		})
		for _, q := range queries {
			all := q
			all.Limit = model.MaxLimit
			want, err := all.Page(rows)
			if err != nil {
				t.Fatalf("Page(%+v): %v", q, err)
			}
			got := walkArtist(t, repo, q, nil)
			if !reflect.DeepEqual(idsArtist(got), idsArtist(want.Items)) {
				t.Errorf("walk(%+v) = %v, want %v", q, idsArtist(got), idsArtist(want.Items))
			}
			q.Count = true
			if page, err := repo.List(t.Context(), q); err != nil || page.Total == nil || *page.Total != len(want.Items) {
				t.Errorf("List(%+v) total = %v, %v; want %d", q, page.Total, err, len(want.Items))
			}
		}
	})

	t.Run("a walk sees every artist there was before it once, while others are inserted", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artists
		seen := map[uuid.UUID]int{}
		for i := range 10 {
			item := newArtist(i)
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			seen[item.ID] = 0
		}
		n := 100
		insert := func() {
			// One artist before the walk's position, one in the middle, one after it.
			for _, at := range []int{-n, 5, n} {
				item := newArtist(n)
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
			q := model.ArtistList{Sort: model.ArtistSort{Desc: desc}, Limit: 3}
			got := walkArtist(t, repo, q, insert)
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
		repo := r.Artists
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

	t.Run("update changes nothing when fn fails", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artists
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
		if stored, err := repo.Get(t.Context(), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, %v; want %+v", stored, err, item)
		}
		if _, err := repo.Update(t.Context(), uuid.New(), func(*model.Artist) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("concurrent updates of one artist take turns", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artists
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
		r := newRepos(t)
		repo := r.Artists
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

	t.Run("stored artists share no memory with the caller", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artists
		item := newArtist(1)
		item.Bio = ptr("bio 1")
		want := item
		want.Bio = ptr(*item.Bio)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		*item.Bio = "bio 2" // what the caller gave changes
		got, err := repo.Get(t.Context(), item.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
		}
		*got.Bio = "bio 2" // what the caller got changes
		if again, err := repo.Get(t.Context(), item.ID); err != nil || !reflect.DeepEqual(again, want) {
			t.Errorf("Get after the caller changed its copy = %+v, %v; want %+v", again, err, want)
		}
	})

	t.Run("100 concurrent writers all succeed", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artists
		const n = 100
		// The rows are made, and whatever they refer to stored, on the test's goroutine.
		items := make([]model.Artist, n)
		for i := range items {
			items[i] = newArtist(i)
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
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
		if page, err := repo.List(t.Context(), model.ArtistList{Limit: 1, Count: true}); err != nil || page.Total == nil || *page.Total != n {
			t.Errorf("List total = %v, %v; want %d", page.Total, err, n)
		}
	})
}
