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

// noteRepo is the in-memory service.NoteRepository of a DB.
type noteRepo struct{ db *DB }

// cloneNote returns item with fields of its own, so that the DB and its
// callers share no memory, as with a real store.
func cloneNote(item model.Note) model.Note {
	if item.Body != nil {
		item.Body = ptr(*item.Body)
	}
	if item.Due != nil {
		item.Due = ptr(*item.Due)
	}
	return item
}

// get returns the note with the given id if scope reaches it. The
// caller holds db.mu.
func (r noteRepo) get(scope model.Scope, id uuid.UUID) (model.Note, error) {
	owner, all, err := scope.Owner()
	if err != nil {
		return model.Note{}, err
	}
	item, ok := r.db.noteRows[id]
	if !ok || (!all && item.OwnerID != owner) {
		return model.Note{}, apperr.New(apperr.NotFound, "note not found")
	}
	return cloneNote(item), nil
}

// put stores item, refusing what the stores refuse: a unique value of another
// note of the same owner. The caller holds db.mu.
func (r noteRepo) put(item model.Note) error {
	for _, other := range r.db.noteRows {
		if other.ID == item.ID || other.OwnerID != item.OwnerID {
			continue
		}
		if other.Title == item.Title {
			e := apperr.New(apperr.AlreadyExists, "note already exists")
			e.Details = map[string]string{"title": "already exists"}
			return e
		}
	}
	r.db.noteRows[item.ID] = cloneNote(item)
	return nil
}

func (r noteRepo) Create(_ context.Context, item model.Note) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, ok := r.db.noteRows[item.ID]; ok {
		return apperr.New(apperr.AlreadyExists, "note already exists")
	}
	return r.put(item)
}

func (r noteRepo) Get(_ context.Context, scope model.Scope, id uuid.UUID) (model.Note, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	return r.get(scope, id)
}

func (r noteRepo) List(_ context.Context, scope model.Scope, q model.NoteList) (model.Page[model.Note], error) {
	owner, all, err := scope.Owner()
	if err != nil {
		return model.Page[model.Note]{}, err
	}
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	var rows []model.Note
	for _, item := range r.db.noteRows {
		if !all && item.OwnerID != owner {
			continue
		}
		rows = append(rows, cloneNote(item))
	}
	return q.Page(rows)
}

func (r noteRepo) Update(_ context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Note) error) (model.Note, error) {
	get := func() (model.Note, error) { return r.get(scope, id) }
	return update(r.db, get, fn, r.put)
}

func (r noteRepo) Delete(_ context.Context, scope model.Scope, id uuid.UUID) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, err := r.get(scope, id); err != nil {
		return err
	}
	if r.db.noteInUse(id) {
		return apperr.New(apperr.Conflict, "note is still referenced; delete or change what refers to it first")
	}
	delete(r.db.noteRows, id)
	return nil
}

// newNote returns a valid note of owner, the i-th of a test, with every
// optional field unset.
func newNote(owner uuid.UUID, i int) model.Note {
	return model.Note{
		ID:        uuid.Must(uuid.NewV7()),
		OwnerID:   owner,
		Title:     fmt.Sprintf("title %d", i),
		Done:      true,
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

// walkNote lists every page of q in scope, calling between (unless nil)
// after each page but the last, and returns the notes in the order
// listed.
func walkNote(t *testing.T, repo service.NoteRepository, scope model.Scope, q model.NoteList, between func()) []model.Note {
	t.Helper()
	var got []model.Note
	for range 1000 {
		page, err := repo.List(t.Context(), scope, q)
		if err != nil {
			t.Fatalf("List(%+v): %v", q, err)
		}
		if len(page.Items) > q.Limit {
			t.Fatalf("List(%+v) returned %d notes, more than the limit", q, len(page.Items))
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

// idsNote returns the ids of items.
func idsNote(items []model.Note) []uuid.UUID {
	ids := make([]uuid.UUID, len(items))
	for i, item := range items {
		ids[i] = item.ID
	}
	return ids
}

// TestNoteRepository is the contract every NoteRepository keeps,
// the real one and the in-memory one alike. newRepos returns the
// repositories of a new, empty database; each subtest calls it once.
func TestNoteRepository(t *testing.T, newRepos func(t *testing.T) Repos) {
	t.Run("create and get round-trip every field", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Notes
		owner := addUser(t, r, 0)
		full := newNote(owner, 1)
		full.Body = ptr("body 1")
		full.Due = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		empty := newNote(owner, 2)
		for _, want := range []model.Note{full, empty} {
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
		repo := r.Notes
		owner := addUser(t, r, 0)
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("title is unique per owner", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Notes
		alice, bob := addUser(t, r, 1), addUser(t, r, 2)
		a, b := newNote(alice, 1), newNote(bob, 2)
		b.Title = a.Title
		for _, item := range []model.Note{a, b} {
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create(same title for another owner): %v", err)
			}
		}

		c := newNote(alice, 3)
		c.Title = a.Title
		err := repo.Create(t.Context(), c)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists {
			t.Fatalf("Create(duplicate title of one owner) = %v, want AlreadyExists", err)
		}
		if len(ae.Details) != 1 || ae.Details["title"] == "" {
			t.Errorf("Create(duplicate title of one owner) details = %v, want title alone", ae.Details)
		}

		other := newNote(alice, 4)
		if err := repo.Create(t.Context(), other); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), model.OwnedBy(alice), other.ID, func(x *model.Note) error { x.Title = a.Title; return nil })
		if !errors.Is(err, apperr.AlreadyExists) {
			t.Errorf("Update(duplicate title of one owner) = %v, want AlreadyExists", err)
		}
	})

	t.Run("list walks every sort and filter in order", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Notes
		owner := addUser(t, r, 0)
		var rows []model.Note
		for i := range 12 {
			item := newNote(owner, i)
			item.CreatedAt = timestamp(i / 2) // ties are broken by id
			item.UpdatedAt = timestamp(12 - i/3)
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			rows = append(rows, item)
		}
		var queries []model.NoteList
		for _, key := range []model.NoteSortKey{model.NoteByCreatedAt, model.NoteByUpdatedAt, model.NoteByTitle} {
			for _, desc := range []bool{false, true} {
				queries = append(queries, model.NoteList{Sort: model.NoteSort{Key: key, Desc: desc}, Limit: 5})
			}
		}
		queries = append(queries, model.NoteList{
			Filter: model.NoteFilter{Title: []model.Cond[string]{{Op: model.OpEq, Value: rows[4].Title}}},
			Limit:  2,
		})
		queries = append(queries, model.NoteList{
			Filter: model.NoteFilter{Done: []model.Cond[bool]{{Op: model.OpEq, Value: rows[4].Done}}},
			Limit:  2,
		})
		for _, q := range queries {
			all := q
			all.Limit = model.MaxLimit
			want, err := all.Page(rows)
			if err != nil {
				t.Fatalf("Page(%+v): %v", q, err)
			}
			got := walkNote(t, repo, model.OwnedBy(owner), q, nil)
			if !reflect.DeepEqual(idsNote(got), idsNote(want.Items)) {
				t.Errorf("walk(%+v) = %v, want %v", q, idsNote(got), idsNote(want.Items))
			}
			q.Count = true
			if page, err := repo.List(t.Context(), model.OwnedBy(owner), q); err != nil || page.Total == nil || *page.Total != len(want.Items) {
				t.Errorf("List(%+v) total = %v, %v; want %d", q, page.Total, err, len(want.Items))
			}
		}
	})

	t.Run("a walk sees every note there was before it once, while others are inserted", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Notes
		owner := addUser(t, r, 0)
		seen := map[uuid.UUID]int{}
		for i := range 10 {
			item := newNote(owner, i)
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			seen[item.ID] = 0
		}
		n := 100
		insert := func() {
			// One note before the walk's position, one in the middle, one after it.
			for _, at := range []int{-n, 5, n} {
				item := newNote(owner, n)
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
			q := model.NoteList{Sort: model.NoteSort{Desc: desc}, Limit: 3}
			got := walkNote(t, repo, model.OwnedBy(owner), q, insert)
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
		repo := r.Notes
		owner := addUser(t, r, 0)
		item := newNote(owner, 1)
		item.Body = ptr("body 1")
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Note) error {
			x.Body = nil
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
		if !reflect.DeepEqual(stored, got) || stored.Body != nil || stored.Title != "title 2" || !stored.UpdatedAt.Equal(timestamp(9)) {
			t.Errorf("after Update stored = %+v, returned %+v", stored, got)
		}
	})

	t.Run("update changes nothing when fn fails", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Notes
		owner := addUser(t, r, 0)
		item := newNote(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		boom := errors.New("boom")
		_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Note) error {
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
		if _, err := repo.Update(t.Context(), model.OwnedBy(owner), uuid.New(), func(*model.Note) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("concurrent updates of one note take turns", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Notes
		owner := addUser(t, r, 0)
		item := newNote(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		const n = 20
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Note) error {
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
		repo := r.Notes
		owner := addUser(t, r, 0)
		item := newNote(owner, 1)
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

	t.Run("stored notes share no memory with the caller", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Notes
		owner := addUser(t, r, 0)
		item := newNote(owner, 1)
		item.Body = ptr("body 1")
		want := item
		want.Body = ptr(*item.Body)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		*item.Body = "body 2" // what the caller gave changes
		got, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
		}
		*got.Body = "body 2" // what the caller got changes
		if again, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil || !reflect.DeepEqual(again, want) {
			t.Errorf("Get after the caller changed its copy = %+v, %v; want %+v", again, err, want)
		}
	})

	t.Run("notes of another owner are not found", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Notes
		alice, bob := addUser(t, r, 1), addUser(t, r, 2)
		item := newNote(alice, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, errGet := repo.Get(t.Context(), model.OwnedBy(bob), item.ID)
		_, errUpdate := repo.Update(t.Context(), model.OwnedBy(bob), item.ID, func(x *model.Note) error { x.UpdatedAt = timestamp(9); return nil })
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

	t.Run("list counts and returns the notes of the owner", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Notes
		alice, bob := addUser(t, r, 1), addUser(t, r, 2)
		var all []uuid.UUID
		ids := map[uuid.UUID][]uuid.UUID{}
		for i, owner := range []uuid.UUID{alice, bob, alice, alice, bob} {
			item := newNote(owner, i)
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
			got := idsNote(walkNote(t, repo, tt.scope, model.NoteList{Limit: 2}, nil))
			page, err := repo.List(t.Context(), tt.scope, model.NoteList{Limit: 1, Count: true})
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
		repo := r.Notes
		alice, bob := addUser(t, r, 1), addUser(t, r, 2)
		var mine []model.Note
		var theirs model.Note
		for i, owner := range []uuid.UUID{alice, bob, alice} {
			item := newNote(owner, i)
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if owner == alice {
				mine = append(mine, item)
			} else {
				theirs = item
			}
		}
		for _, filter := range []model.NoteFilter{
			{Title: []model.Cond[string]{{Op: model.OpEq, Value: theirs.Title}}},
			{Done: []model.Cond[bool]{{Op: model.OpEq, Value: theirs.Done}}},
		} {
			q := model.NoteList{Filter: filter, Limit: model.MaxLimit}
			want, err := q.Page(mine)
			if err != nil {
				t.Fatalf("Page: %v", err)
			}
			got := walkNote(t, repo, model.OwnedBy(alice), q, nil)
			if !reflect.DeepEqual(idsNote(got), idsNote(want.Items)) {
				t.Errorf("List(alice, %+v) = %v, want %v", filter, idsNote(got), idsNote(want.Items))
			}
		}
	})

	t.Run("all rows reach every note", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Notes
		owner := addUser(t, r, 0)
		item := newNote(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if got, err := repo.Get(t.Context(), model.AllRows(), item.ID); err != nil || !reflect.DeepEqual(got, item) {
			t.Errorf("Get(all rows) = %+v, %v; want %+v", got, err, item)
		}
		if _, err := repo.Update(t.Context(), model.AllRows(), item.ID, func(x *model.Note) error { x.UpdatedAt = timestamp(9); return nil }); err != nil {
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
		repo := r.Notes
		owner := addUser(t, r, 0)
		item := newNote(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		for name, scope := range map[string]model.Scope{"zero": {}, "OwnedBy(uuid.Nil)": model.OwnedBy(uuid.Nil)} {
			_, errGet := repo.Get(t.Context(), scope, item.ID)
			_, errList := repo.List(t.Context(), scope, model.NoteList{Limit: 10})
			_, errUpdate := repo.Update(t.Context(), scope, item.ID, func(x *model.Note) error { x.UpdatedAt = timestamp(9); return nil })
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
		repo := r.Notes
		owner := addUser(t, r, 0)
		const n = 100
		// The rows are made, and whatever they refer to stored, on the test's goroutine.
		items := make([]model.Note, n)
		for i := range items {
			items[i] = newNote(owner, i)
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i, item := range items {
			wg.Go(func() {
				if err := repo.Create(t.Context(), item); err != nil {
					errs <- err
					return
				}
				_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Note) error { x.UpdatedAt = timestamp(n + i); return nil })
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
		if page, err := repo.List(t.Context(), model.OwnedBy(owner), model.NoteList{Limit: 1, Count: true}); err != nil || page.Total == nil || *page.Total != n {
			t.Errorf("List total = %v, %v; want %d", page.Total, err, n)
		}
	})
}
