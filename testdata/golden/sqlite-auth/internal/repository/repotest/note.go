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

func (r noteRepo) List(_ context.Context, scope model.Scope, skip, limit int) ([]model.Note, int, error) {
	owner, all, err := scope.Owner()
	if err != nil {
		return nil, 0, err
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
	items, total := page(rows, func(x model.Note) time.Time { return x.CreatedAt }, func(x model.Note) uuid.UUID { return x.ID }, skip, limit)
	return items, total, nil
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

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		r := newRepos(t)
		repo := r.Notes
		owner := addUser(t, r, 0)
		var want []uuid.UUID
		for i := range 7 {
			item := newNote(owner, i)
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
			_, _, errList := repo.List(t.Context(), scope, 0, 10)
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
		if _, total, err := repo.List(t.Context(), model.OwnedBy(owner), 0, 1); err != nil || total != n {
			t.Errorf("List total = %d, %v; want %d", total, err, n)
		}
	})
}
