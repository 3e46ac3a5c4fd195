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

func (r artistRepo) List(_ context.Context, skip, limit int) ([]model.Artist, int, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	var rows []model.Artist
	for _, item := range r.db.artistRows {
		rows = append(rows, cloneArtist(item))
	}
	items, total := page(rows, func(x model.Artist) time.Time { return x.CreatedAt }, func(x model.Artist) uuid.UUID { return x.ID }, skip, limit)
	return items, total, nil
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

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artists
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
		if _, total, err := repo.List(t.Context(), 0, 1); err != nil || total != n {
			t.Errorf("List total = %d, %v; want %d", total, err, n)
		}
	})
}
