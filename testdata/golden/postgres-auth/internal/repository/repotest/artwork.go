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
	"example.com/shop/internal/service"
)

// artworkRepo is the in-memory service.ArtworkRepository of a DB.
type artworkRepo struct{ db *DB }

// cloneArtwork returns item with fields of its own, so that the DB and its
// callers share no memory, as with a real store.
func cloneArtwork(item model.Artwork) model.Artwork {
	if item.NoteID != nil {
		item.NoteID = ptr(*item.NoteID)
	}
	return item
}

// get returns the artwork with the given id if scope reaches it. The
// caller holds db.mu.
func (r artworkRepo) get(scope model.Scope, id uuid.UUID) (model.Artwork, error) {
	owner, all, err := scope.Owner()
	if err != nil {
		return model.Artwork{}, err
	}
	item, ok := r.db.artworkRows[id]
	if !ok || (!all && item.OwnerID != owner) {
		return model.Artwork{}, apperr.New(apperr.NotFound, "artwork not found")
	}
	return cloneArtwork(item), nil
}

// put stores item, refusing what the stores refuse: a unique value of another
// artwork of the same owner, a ref to no stored row. The caller holds db.mu.
func (r artworkRepo) put(item model.Artwork) error {
	for _, other := range r.db.artworkRows {
		if other.ID == item.ID || other.OwnerID != item.OwnerID {
			continue
		}
		if other.NoteID != nil && item.NoteID != nil && *other.NoteID == *item.NoteID {
			e := apperr.New(apperr.AlreadyExists, "artwork already exists")
			e.Details = map[string]string{"note_id": "already exists"}
			return e
		}
	}
	problems := map[string]string{}
	if _, ok := r.db.artistRows[item.ArtistID]; !ok {
		problems["artist_id"] = "no artist has this id"
	}
	if item.NoteID != nil {
		if _, ok := r.db.noteRows[*item.NoteID]; !ok {
			problems["note_id"] = "no note has this id"
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

func (r artworkRepo) Get(_ context.Context, scope model.Scope, id uuid.UUID) (model.Artwork, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	return r.get(scope, id)
}

func (r artworkRepo) List(_ context.Context, scope model.Scope, q model.ArtworkList) (model.Page[model.Artwork], error) {
	owner, all, err := scope.Owner()
	if err != nil {
		return model.Page[model.Artwork]{}, err
	}
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	var rows []model.Artwork
	for _, item := range r.db.artworkRows {
		if !all && item.OwnerID != owner {
			continue
		}
		rows = append(rows, cloneArtwork(item))
	}
	return q.Page(rows)
}

func (r artworkRepo) Update(_ context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Artwork) error) (model.Artwork, error) {
	get := func() (model.Artwork, error) { return r.get(scope, id) }
	return update(r.db, get, fn, r.put)
}

func (r artworkRepo) Delete(_ context.Context, scope model.Scope, id uuid.UUID) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, err := r.get(scope, id); err != nil {
		return err
	}
	if r.db.artworkInUse(id) {
		return apperr.New(apperr.Conflict, "artwork is still referenced; delete or change what refers to it first")
	}
	delete(r.db.artworkRows, id)
	return nil
}

// newArtwork returns a valid artwork of owner, the i-th of a test, with every
// optional field unset. It stores the rows the artwork refers to through r.
func newArtwork(t *testing.T, r Repos, owner uuid.UUID, i int) model.Artwork {
	t.Helper()
	return model.Artwork{
		ID:        uuid.Must(uuid.NewV7()),
		OwnerID:   owner,
		Title:     fmt.Sprintf("title %d", i),
		ArtistID:  StoreArtist(t, r),
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

// walkArtwork lists every page of q in scope, calling between (unless nil)
// after each page but the last, and returns the artworks in the order
// listed.
func walkArtwork(t *testing.T, repo service.ArtworkRepository, scope model.Scope, q model.ArtworkList, between func()) []model.Artwork {
	t.Helper()
	var got []model.Artwork
	for range 1000 {
		page, err := repo.List(t.Context(), scope, q)
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
		owner := addUser(t, r, 0)
		full := newArtwork(t, r, owner, 1)
		full.NoteID = ptr(StoreNote(t, r))
		empty := newArtwork(t, r, owner, 2)
		for _, want := range []model.Artwork{full, empty} {
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
		repo := r.Artworks
		owner := addUser(t, r, 0)
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("note_id is unique per owner", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		alice, bob := addUser(t, r, 1), addUser(t, r, 2)
		a, b := newArtwork(t, r, alice, 1), newArtwork(t, r, bob, 2)
		a.NoteID = ptr(StoreNote(t, r))
		b.NoteID = a.NoteID
		for _, item := range []model.Artwork{a, b} {
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create(same note_id for another owner): %v", err)
			}
		}

		c := newArtwork(t, r, alice, 3)
		c.NoteID = a.NoteID
		err := repo.Create(t.Context(), c)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists {
			t.Fatalf("Create(duplicate note_id of one owner) = %v, want AlreadyExists", err)
		}
		if len(ae.Details) != 1 || ae.Details["note_id"] == "" {
			t.Errorf("Create(duplicate note_id of one owner) details = %v, want note_id alone", ae.Details)
		}

		other := newArtwork(t, r, alice, 4)
		if err := repo.Create(t.Context(), other); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), model.OwnedBy(alice), other.ID, func(x *model.Artwork) error { x.NoteID = a.NoteID; return nil })
		if !errors.Is(err, apperr.AlreadyExists) {
			t.Errorf("Update(duplicate note_id of one owner) = %v, want AlreadyExists", err)
		}
	})

	t.Run("list walks every sort and filter in order", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		owner := addUser(t, r, 0)
		var rows []model.Artwork
		for i := range 12 {
			item := newArtwork(t, r, owner, i)
			item.CreatedAt = timestamp(i / 2) // ties are broken by id
			item.UpdatedAt = timestamp(12 - i/3)
			if i >= 3 {
				item.ArtistID = rows[i%3].ArtistID // ties
			}
			if i == 4 {
				item.NoteID = ptr(StoreNote(t, r))
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
			Filter: model.ArtworkFilter{NoteID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: *rows[4].NoteID}}},
			Limit:  2,
		})
		for _, q := range queries {
			all := q
			all.Limit = model.MaxLimit
			want, err := all.Page(rows)
			if err != nil {
				t.Fatalf("Page(%+v): %v", q, err)
			}
			got := walkArtwork(t, repo, model.OwnedBy(owner), q, nil)
			if !reflect.DeepEqual(idsArtwork(got), idsArtwork(want.Items)) {
				t.Errorf("walk(%+v) = %v, want %v", q, idsArtwork(got), idsArtwork(want.Items))
			}
			q.Count = true
			if page, err := repo.List(t.Context(), model.OwnedBy(owner), q); err != nil || page.Total == nil || *page.Total != len(want.Items) {
				t.Errorf("List(%+v) total = %v, %v; want %d", q, page.Total, err, len(want.Items))
			}
		}
	})

	t.Run("a walk sees every artwork there was before it once, while others are inserted", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		owner := addUser(t, r, 0)
		seen := map[uuid.UUID]int{}
		for i := range 10 {
			item := newArtwork(t, r, owner, i)
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			seen[item.ID] = 0
		}
		n := 100
		insert := func() {
			// One artwork before the walk's position, one in the middle, one after it.
			for _, at := range []int{-n, 5, n} {
				item := newArtwork(t, r, owner, n)
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
			got := walkArtwork(t, repo, model.OwnedBy(owner), q, insert)
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
		owner := addUser(t, r, 0)
		item := newArtwork(t, r, owner, 1)
		item.NoteID = ptr(StoreNote(t, r))
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error {
			x.NoteID = nil
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
		if !reflect.DeepEqual(stored, got) || stored.NoteID != nil || stored.Title != "title 2" || !stored.UpdatedAt.Equal(timestamp(9)) {
			t.Errorf("after Update stored = %+v, returned %+v", stored, got)
		}
	})

	t.Run("update changes nothing when fn fails", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		owner := addUser(t, r, 0)
		item := newArtwork(t, r, owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		boom := errors.New("boom")
		_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error {
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
		if _, err := repo.Update(t.Context(), model.OwnedBy(owner), uuid.New(), func(*model.Artwork) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("concurrent updates of one artwork take turns", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		owner := addUser(t, r, 0)
		item := newArtwork(t, r, owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		const n = 20
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error {
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
		repo := r.Artworks
		owner := addUser(t, r, 0)
		item := newArtwork(t, r, owner, 1)
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

	t.Run("stored artworks share no memory with the caller", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		owner := addUser(t, r, 0)
		item := newArtwork(t, r, owner, 1)
		item.NoteID = ptr(StoreNote(t, r))
		want := item
		want.NoteID = ptr(*item.NoteID)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		*item.NoteID = uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd") // what the caller gave changes
		got, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
		}
		*got.NoteID = uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd") // what the caller got changes
		if again, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil || !reflect.DeepEqual(again, want) {
			t.Errorf("Get after the caller changed its copy = %+v, %v; want %+v", again, err, want)
		}
	})

	t.Run("artworks of another owner are not found", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		alice, bob := addUser(t, r, 1), addUser(t, r, 2)
		item := newArtwork(t, r, alice, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, errGet := repo.Get(t.Context(), model.OwnedBy(bob), item.ID)
		_, errUpdate := repo.Update(t.Context(), model.OwnedBy(bob), item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(9); return nil })
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

	t.Run("list counts and returns the artworks of the owner", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		alice, bob := addUser(t, r, 1), addUser(t, r, 2)
		var all []uuid.UUID
		ids := map[uuid.UUID][]uuid.UUID{}
		for i, owner := range []uuid.UUID{alice, bob, alice, alice, bob} {
			item := newArtwork(t, r, owner, i)
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			ids[owner] = append(ids[owner], item.ID)
			all = append(all, item.ID)
		}

		tests := []struct {
			name  string
			scope model.Scope
			want  []uuid.UUID
		}{
			{name: "alice", scope: model.OwnedBy(alice), want: ids[alice]},
			{name: "bob", scope: model.OwnedBy(bob), want: ids[bob]},
			{name: "all rows", scope: model.AllRows(), want: all},
		}
		for _, tt := range tests {
			got := idsArtwork(walkArtwork(t, repo, tt.scope, model.ArtworkList{Limit: 2}, nil))
			page, err := repo.List(t.Context(), tt.scope, model.ArtworkList{Limit: 1, Count: true})
			if err != nil {
				t.Fatalf("List(%s): %v", tt.name, err)
			}
			if !reflect.DeepEqual(got, tt.want) || page.Total == nil || *page.Total != len(tt.want) {
				t.Errorf("List(%s) = %v, total %v; want %v, total %d", tt.name, got, page.Total, tt.want, len(tt.want))
			}
		}
	})

	t.Run("filters never widen the owner's scope", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		alice, bob := addUser(t, r, 1), addUser(t, r, 2)
		var mine []model.Artwork
		var theirs model.Artwork
		for i, owner := range []uuid.UUID{alice, bob, alice} {
			item := newArtwork(t, r, owner, i)
			if i > 0 {
				item.NoteID = ptr(StoreNote(t, r))
			}
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if owner == alice {
				mine = append(mine, item)
			} else {
				theirs = item
			}
		}
		for _, filter := range []model.ArtworkFilter{
			{ArtistID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: theirs.ArtistID}}},
			{NoteID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: *theirs.NoteID}}},
		} {
			q := model.ArtworkList{Filter: filter, Limit: model.MaxLimit}
			want, err := q.Page(mine)
			if err != nil {
				t.Fatalf("Page: %v", err)
			}
			got := walkArtwork(t, repo, model.OwnedBy(alice), q, nil)
			if !reflect.DeepEqual(idsArtwork(got), idsArtwork(want.Items)) {
				t.Errorf("List(alice, %+v) = %v, want %v", filter, idsArtwork(got), idsArtwork(want.Items))
			}
		}
	})

	t.Run("all rows reach every artwork", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		owner := addUser(t, r, 0)
		item := newArtwork(t, r, owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if got, err := repo.Get(t.Context(), model.AllRows(), item.ID); err != nil || !reflect.DeepEqual(got, item) {
			t.Errorf("Get(all rows) = %+v, %v; want %+v", got, err, item)
		}
		if _, err := repo.Update(t.Context(), model.AllRows(), item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(9); return nil }); err != nil {
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
		repo := r.Artworks
		owner := addUser(t, r, 0)
		item := newArtwork(t, r, owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		for name, scope := range map[string]model.Scope{"zero": {}, "OwnedBy(uuid.Nil)": model.OwnedBy(uuid.Nil)} {
			_, errGet := repo.Get(t.Context(), scope, item.ID)
			_, errList := repo.List(t.Context(), scope, model.ArtworkList{Limit: 10})
			_, errUpdate := repo.Update(t.Context(), scope, item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(9); return nil })
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

	t.Run("artist_id naming no artist is refused", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		owner := addUser(t, r, 0)
		missing := uuid.New()
		want := map[string]string{"artist_id": "no artist has this id"}
		item := newArtwork(t, r, owner, 1)
		item.ArtistID = missing
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Create(artist_id of no artist) = %v, want Validation with details %v", err, want)
		}
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get after refused Create = %v, want NotFound", err)
		}

		item = newArtwork(t, r, owner, 2)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error {
			x.ArtistID = missing
			return nil
		})
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Update(artist_id of no artist) = %v, want Validation with details %v", err, want)
		}
		if stored, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after refused Update Get = %+v, %v; want %+v", stored, err, item)
		}
	})

	t.Run("an artist referred to by artist_id is not deleted", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		owner := addUser(t, r, 0)
		parent := StoreArtist(t, r)
		item := newArtwork(t, r, owner, 1)
		item.ArtistID = parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := deleteArtist(t, r, parent); !errors.Is(err, apperr.Conflict) {
			t.Errorf("Delete(artist of an artwork) = %v, want Conflict", err)
		}
		if err := repo.Delete(t.Context(), model.OwnedBy(owner), item.ID); err != nil {
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
		owner := addUser(t, r, 0)
		mine, other := StoreArtist(t, r), StoreArtist(t, r)
		var want []uuid.UUID
		for i, parent := range []uuid.UUID{mine, other, mine} {
			item := newArtwork(t, r, owner, i)
			item.ArtistID = parent
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if parent == mine {
				want = append(want, item.ID)
			}
		}
		// Another owner's artwork of the same artist stays out of the list.
		theirs := newArtwork(t, r, addUser(t, r, 1), 3)
		theirs.ArtistID = mine
		if err := repo.Create(t.Context(), theirs); err != nil {
			t.Fatalf("Create: %v", err)
		}

		filter := model.ArtworkFilter{ArtistID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: mine}}}
		page, err := repo.List(t.Context(), model.OwnedBy(owner), model.ArtworkList{Filter: filter, Limit: 10, Count: true})
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		if got := idsArtwork(page.Items); page.Total == nil || *page.Total != len(want) || !reflect.DeepEqual(got, want) {
			t.Errorf("List(artist_id) = %v, total %v; want %v, total %d", got, page.Total, want, len(want))
		}
	})

	t.Run("note_id naming no note is refused", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		owner := addUser(t, r, 0)
		missing := uuid.New()
		want := map[string]string{"note_id": "no note has this id"}
		item := newArtwork(t, r, owner, 1)
		item.NoteID = ptr(missing)
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Create(note_id of no note) = %v, want Validation with details %v", err, want)
		}
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get after refused Create = %v, want NotFound", err)
		}

		item = newArtwork(t, r, owner, 2)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error {
			x.NoteID = ptr(missing)
			return nil
		})
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || !reflect.DeepEqual(ae.Details, want) {
			t.Errorf("Update(note_id of no note) = %v, want Validation with details %v", err, want)
		}
		if stored, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after refused Update Get = %+v, %v; want %+v", stored, err, item)
		}
	})

	t.Run("a note referred to by note_id is not deleted", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		owner := addUser(t, r, 0)
		parent := StoreNote(t, r)
		item := newArtwork(t, r, owner, 1)
		item.NoteID = &parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := deleteNote(t, r, parent); !errors.Is(err, apperr.Conflict) {
			t.Errorf("Delete(note of an artwork) = %v, want Conflict", err)
		}
		if err := repo.Delete(t.Context(), model.OwnedBy(owner), item.ID); err != nil {
			t.Fatalf("Delete(artwork): %v", err)
		}
		// The note is still there: once nothing refers to it, it is deleted.
		if err := deleteNote(t, r, parent); err != nil {
			t.Errorf("Delete(note no longer referred to) = %v, want nil", err)
		}
	})

	t.Run("list filters by note_id", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		owner := addUser(t, r, 0)
		mine, other := StoreNote(t, r), StoreNote(t, r)
		var want []uuid.UUID
		// note_id is unique: a third note for the third artwork.
		for i, parent := range []uuid.UUID{mine, other, StoreNote(t, r)} {
			item := newArtwork(t, r, owner, i)
			item.NoteID = &parent
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if parent == mine {
				want = append(want, item.ID)
			}
		}
		// Another owner's artwork of the same note stays out of the list.
		theirs := newArtwork(t, r, addUser(t, r, 1), 3)
		theirs.NoteID = &mine
		if err := repo.Create(t.Context(), theirs); err != nil {
			t.Fatalf("Create: %v", err)
		}

		filter := model.ArtworkFilter{NoteID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: mine}}}
		page, err := repo.List(t.Context(), model.OwnedBy(owner), model.ArtworkList{Filter: filter, Limit: 10, Count: true})
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		if got := idsArtwork(page.Items); page.Total == nil || *page.Total != len(want) || !reflect.DeepEqual(got, want) {
			t.Errorf("List(note_id) = %v, total %v; want %v, total %d", got, page.Total, want, len(want))
		}
	})

	t.Run("100 concurrent writers all succeed", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Artworks
		owner := addUser(t, r, 0)
		const n = 100
		// The rows are made, and whatever they refer to stored, on the test's goroutine.
		items := make([]model.Artwork, n)
		for i := range items {
			items[i] = newArtwork(t, r, owner, i)
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i, item := range items {
			wg.Go(func() {
				if err := repo.Create(t.Context(), item); err != nil {
					errs <- err
					return
				}
				_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(n + i); return nil })
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
		if page, err := repo.List(t.Context(), model.OwnedBy(owner), model.ArtworkList{Limit: 1, Count: true}); err != nil || page.Total == nil || *page.Total != n {
			t.Errorf("List total = %v, %v; want %d", page.Total, err, n)
		}
	})
}
