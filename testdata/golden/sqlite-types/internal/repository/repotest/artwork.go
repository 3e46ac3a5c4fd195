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

// artworkRepo is the in-memory service.ArtworkRepository of a DB.
type artworkRepo struct{ db *DB }

// cloneArtwork returns item with fields of its own, so that the DB and its
// callers share no memory, as with a real store.
func cloneArtwork(item model.Artwork) model.Artwork {
	if item.Year != nil {
		item.Year = ptr(*item.Year)
	}
	if item.EventID != nil {
		item.EventID = ptr(*item.EventID)
	}
	return item
}

// get returns the artwork with the given id. The
// caller holds db.mu.
func (r artworkRepo) get(id uuid.UUID) (model.Artwork, error) {
	item, ok := r.db.artworkRows[id]
	if !ok {
		return model.Artwork{}, apperr.New(apperr.NotFound, "artwork not found")
	}
	return cloneArtwork(item), nil
}

// put stores item, refusing what the stores refuse: a ref to no stored row. The caller holds db.mu.
func (r artworkRepo) put(item model.Artwork) error {
	problems := map[string]string{}
	if _, ok := r.db.artistRows[item.ArtistID]; !ok {
		problems["artist_id"] = "no artist has this id"
	}
	if item.EventID != nil {
		if _, ok := r.db.eventRows[*item.EventID]; !ok {
			problems["event_id"] = "no event has this id"
		}
	}
	if len(problems) > 0 {
		return apperr.Invalid(problems)
	}
	r.db.artworkRows[item.ID] = cloneArtwork(item)
	return nil
}

func (r artworkRepo) Create(_ context.Context, item model.Artwork) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, ok := r.db.artworkRows[item.ID]; ok {
		return apperr.New(apperr.AlreadyExists, "artwork already exists")
	}
	return r.put(item)
}

func (r artworkRepo) Get(_ context.Context, id uuid.UUID) (model.Artwork, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	return r.get(id)
}

func (r artworkRepo) List(_ context.Context, q model.ArtworkList) (model.Page[model.Artwork], error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	var rows []model.Artwork
	for _, item := range r.db.artworkRows {
		rows = append(rows, cloneArtwork(item))
	}
	return q.Page(rows)
}

func (r artworkRepo) Update(_ context.Context, id uuid.UUID, fn func(*model.Artwork) error) (model.Artwork, error) {
	get := func() (model.Artwork, error) { return r.get(id) }
	return update(r.db, get, fn, r.put)
}

func (r artworkRepo) Delete(_ context.Context, id uuid.UUID) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, err := r.get(id); err != nil {
		return err
	}
	if r.db.artworkInUse(id) {
		return apperr.New(apperr.Conflict, "artwork is still referenced; delete or change what refers to it first")
	}
	delete(r.db.artworkRows, id)
	return nil
}

// newArtwork returns a valid artwork, the i-th of a test, with every
// optional field unset. It stores the rows the artwork refers to through r.
func newArtwork(t *testing.T, r Repos, i int) model.Artwork {
	t.Helper()
	return model.Artwork{
		ID:        uuid.Must(uuid.NewV7()),
		Title:     fmt.Sprintf("title %d", i),
		ArtistID:  StoreArtist(t, r),
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

// walkArtwork lists every page of q, calling between (unless nil)
// after each page but the last, and returns the artworks in the order
// listed.
func walkArtwork(t *testing.T, repo service.ArtworkRepository, q model.ArtworkList, between func()) []model.Artwork {
	t.Helper()
	var got []model.Artwork
	for range 1000 {
		page, err := repo.List(t.Context(), q)
		if err != nil {
			t.Fatalf("List(%+v): %v", q, err)
		}
		if len(page.Items) > q.Limit {
			t.Fatalf("List(%+v) returned %d artworks, more than the limit", q, len(page.Items))
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

// idsArtwork returns the ids of items.
func idsArtwork(items []model.Artwork) []uuid.UUID {
	ids := make([]uuid.UUID, len(items))
	for i, item := range items {
		ids[i] = item.ID
	}
	return ids
}

// TestArtworkRepository is the contract every ArtworkRepository keeps,
// the real one and the in-memory one alike. newRepos returns the
// repositories of a new, empty database; each subtest calls it once.
func TestArtworkRepository(t *testing.T, newRepos func(t *testing.T) Repos) {
	t.Run("create and get round-trip every field", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		full := newArtwork(t, r, 1)
		full.Year = ptr(int64(100))
		full.EventID = ptr(StoreEvent(t, r))
		empty := newArtwork(t, r, 2)
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
		r := newRepos(t)
		repo := r.Artworks
		if _, err := repo.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("list walks every sort and filter in order", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		var rows []model.Artwork
		for i := range 12 {
			item := newArtwork(t, r, i)
			item.CreatedAt = timestamp(i / 2) // ties are broken by id
			item.UpdatedAt = timestamp(12 - i/3)
			if i >= 3 {
				item.ArtistID = rows[i%3].ArtistID // ties
			}
			if i%4 == 0 {
				item.EventID = ptr(StoreEvent(t, r))
			}
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			rows = append(rows, item)
		}
		var queries []model.ArtworkList
		for _, key := range []model.ArtworkSortKey{model.ArtworkByCreatedAt, model.ArtworkByUpdatedAt, model.ArtworkByArtistID} {
			for _, desc := range []bool{false, true} {
				queries = append(queries, model.ArtworkList{Sort: model.ArtworkSort{Key: key, Desc: desc}, Limit: 5})
			}
		}
		queries = append(queries, model.ArtworkList{
			Filter: model.ArtworkFilter{ArtistID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: rows[4].ArtistID}}},
			Limit:  2,
		})
		queries = append(queries, model.ArtworkList{
			Filter: model.ArtworkFilter{EventID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: *rows[4].EventID}}},
			Limit:  2,
		})
		for _, q := range queries {
			all := q
			all.Limit = model.MaxLimit
			want, err := all.Page(rows)
			if err != nil {
				t.Fatalf("Page(%+v): %v", q, err)
			}
			got := walkArtwork(t, repo, q, nil)
			if !reflect.DeepEqual(idsArtwork(got), idsArtwork(want.Items)) {
				t.Errorf("walk(%+v) = %v, want %v", q, idsArtwork(got), idsArtwork(want.Items))
			}
			q.Count = true
			if page, err := repo.List(t.Context(), q); err != nil || page.Total == nil || *page.Total != len(want.Items) {
				t.Errorf("List(%+v) total = %v, %v; want %d", q, page.Total, err, len(want.Items))
			}
		}
	})

	t.Run("a walk sees every artwork there was before it once, while others are inserted", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		seen := map[uuid.UUID]int{}
		for i := range 10 {
			item := newArtwork(t, r, i)
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			seen[item.ID] = 0
		}
		n := 100
		insert := func() {
			// One artwork before the walk's position, one in the middle, one after it.
			for _, at := range []int{-n, 5, n} {
				item := newArtwork(t, r, n)
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
			q := model.ArtworkList{Sort: model.ArtworkSort{Desc: desc}, Limit: 3}
			got := walkArtwork(t, repo, q, insert)
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
		repo := r.Artworks
		item := newArtwork(t, r, 1)
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

	t.Run("update changes nothing when fn fails", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		item := newArtwork(t, r, 1)
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
		if stored, err := repo.Get(t.Context(), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, %v; want %+v", stored, err, item)
		}
		if _, err := repo.Update(t.Context(), uuid.New(), func(*model.Artwork) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("concurrent updates of one artwork take turns", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		item := newArtwork(t, r, 1)
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
		r := newRepos(t)
		repo := r.Artworks
		item := newArtwork(t, r, 1)
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

	t.Run("stored artworks share no memory with the caller", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		item := newArtwork(t, r, 1)
		item.Year = ptr(int64(100))
		want := item
		want.Year = ptr(*item.Year)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		*item.Year = 7 // what the caller gave changes
		got, err := repo.Get(t.Context(), item.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
		}
		*got.Year = 7 // what the caller got changes
		if again, err := repo.Get(t.Context(), item.ID); err != nil || !reflect.DeepEqual(again, want) {
			t.Errorf("Get after the caller changed its copy = %+v, %v; want %+v", again, err, want)
		}
	})

	t.Run("artist_id naming no artist is refused", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		missing := uuid.New()
		want := map[string]string{"artist_id": "no artist has this id"}
		item := newArtwork(t, r, 1)
		item.ArtistID = missing
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Create(artist_id of no artist) = %v, want Validation with details %v", err, want)
		}
		if _, err := repo.Get(t.Context(), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get after refused Create = %v, want NotFound", err)
		}

		item = newArtwork(t, r, 2)
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
		r := newRepos(t)
		repo := r.Artworks
		parent := StoreArtist(t, r)
		item := newArtwork(t, r, 1)
		item.ArtistID = parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := deleteArtist(t, r, parent); !errors.Is(err, apperr.Conflict) {
			t.Errorf("Delete(artist of an artwork) = %v, want Conflict", err)
		}
		if err := repo.Delete(t.Context(), item.ID); err != nil {
			t.Fatalf("Delete(artwork): %v", err)
		}
		// The artist is still there: once nothing refers to it, it is deleted.
		if err := deleteArtist(t, r, parent); err != nil {
			t.Errorf("Delete(artist no longer referred to) = %v, want nil", err)
		}
	})

	t.Run("list filters by artist_id", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		mine, other := StoreArtist(t, r), StoreArtist(t, r)
		var want []uuid.UUID
		for i, parent := range []uuid.UUID{mine, other, mine} {
			item := newArtwork(t, r, i)
			item.ArtistID = parent
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if parent == mine {
				want = append(want, item.ID)
			}
		}

		filter := model.ArtworkFilter{ArtistID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: mine}}}
		page, err := repo.List(t.Context(), model.ArtworkList{Filter: filter, Limit: 10, Count: true})
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		if got := idsArtwork(page.Items); page.Total == nil || *page.Total != len(want) || !reflect.DeepEqual(got, want) {
			t.Errorf("List(artist_id) = %v, total %v; want %v, total %d", got, page.Total, want, len(want))
		}
	})

	t.Run("event_id naming no event is refused", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		missing := uuid.New()
		want := map[string]string{"event_id": "no event has this id"}
		item := newArtwork(t, r, 1)
		item.EventID = ptr(missing)
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Create(event_id of no event) = %v, want Validation with details %v", err, want)
		}
		if _, err := repo.Get(t.Context(), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get after refused Create = %v, want NotFound", err)
		}

		item = newArtwork(t, r, 2)
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
		r := newRepos(t)
		repo := r.Artworks
		parent := StoreEvent(t, r)
		item := newArtwork(t, r, 1)
		item.EventID = &parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := deleteEvent(t, r, parent); !errors.Is(err, apperr.Conflict) {
			t.Errorf("Delete(event of an artwork) = %v, want Conflict", err)
		}
		if err := repo.Delete(t.Context(), item.ID); err != nil {
			t.Fatalf("Delete(artwork): %v", err)
		}
		// The event is still there: once nothing refers to it, it is deleted.
		if err := deleteEvent(t, r, parent); err != nil {
			t.Errorf("Delete(event no longer referred to) = %v, want nil", err)
		}
	})

	t.Run("list filters by event_id", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		mine, other := StoreEvent(t, r), StoreEvent(t, r)
		var want []uuid.UUID
		for i, parent := range []uuid.UUID{mine, other, mine} {
			item := newArtwork(t, r, i)
			item.EventID = &parent
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if parent == mine {
				want = append(want, item.ID)
			}
		}

		filter := model.ArtworkFilter{EventID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: mine}}}
		page, err := repo.List(t.Context(), model.ArtworkList{Filter: filter, Limit: 10, Count: true})
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		if got := idsArtwork(page.Items); page.Total == nil || *page.Total != len(want) || !reflect.DeepEqual(got, want) {
			t.Errorf("List(event_id) = %v, total %v; want %v, total %d", got, page.Total, want, len(want))
		}
	})

	t.Run("100 concurrent writers all succeed", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		const n = 100
		// The rows are made, and whatever they refer to stored, on the test's goroutine.
		items := make([]model.Artwork, n)
		for i := range items {
			items[i] = newArtwork(t, r, i)
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
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
		if page, err := repo.List(t.Context(), model.ArtworkList{Limit: 1, Count: true}); err != nil || page.Total == nil || *page.Total != n {
			t.Errorf("List total = %v, %v; want %d", page.Total, err, n)
		}
	})
}
