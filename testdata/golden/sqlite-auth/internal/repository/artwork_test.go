package repository_test

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/model"
	"example.com/shop/internal/repository"
)

// newArtwork returns a valid artwork of owner with every optional field unset.
// It stores the rows the artwork refers to in db.
func newArtwork(t *testing.T, db *sql.DB, owner uuid.UUID, i int) model.Artwork {
	t.Helper()
	return model.Artwork{
		ID:        uuid.Must(uuid.NewV7()),
		OwnerID:   owner,
		Title:     fmt.Sprintf("title %d", i),
		ArtistID:  storeArtist(t, db),
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

func TestArtworkRepository(t *testing.T) {
	t.Run("create and get round-trip every field", func(t *testing.T) {
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		full := newArtwork(t, db, owner, 1)
		full.NoteID = ptr(storeNote(t, db))
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)
		empty := newArtwork(t, db, owner, 2)
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
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("note_id is unique per owner", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		alice, bob := addOwner(t, db, 1), addOwner(t, db, 2)
		a, b := newArtwork(t, db, alice, 1), newArtwork(t, db, bob, 2)
		a.NoteID = ptr(storeNote(t, db))
		b.NoteID = a.NoteID
		for _, item := range []model.Artwork{a, b} {
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create(same note_id for another owner): %v", err)
			}
		}

		c := newArtwork(t, db, alice, 3)
		c.NoteID = a.NoteID
		err := repo.Create(t.Context(), c)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists {
			t.Fatalf("Create(duplicate note_id of one owner) = %v, want AlreadyExists", err)
		}
		if len(ae.Details) != 1 || ae.Details["note_id"] == "" {
			t.Errorf("Create(duplicate note_id of one owner) details = %v, want note_id alone", ae.Details)
		}

		other := newArtwork(t, db, alice, 4)
		if err := repo.Create(t.Context(), other); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), model.OwnedBy(alice), other.ID, func(x *model.Artwork) error { x.NoteID = a.NoteID; return nil })
		if !errors.Is(err, apperr.AlreadyExists) {
			t.Errorf("Update(duplicate note_id of one owner) = %v, want AlreadyExists", err)
		}
	})

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		var want []uuid.UUID
		for i := range 7 {
			item := newArtwork(t, db, owner, i)
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
			items, total, err := repo.List(t.Context(), model.OwnedBy(owner), model.ArtworkFilter{}, skip, 3)
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
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		item := newArtwork(t, db, owner, 1)
		item.NoteID = ptr(storeNote(t, db))
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

	t.Run("update rolls back when fn fails", func(t *testing.T) {
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		item := newArtwork(t, db, owner, 1)
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
		if stored, _ := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, want %+v", stored, item)
		}
		if _, err := repo.Update(t.Context(), model.OwnedBy(owner), uuid.New(), func(*model.Artwork) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("delete", func(t *testing.T) {
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		item := newArtwork(t, db, owner, 1)
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

	t.Run("artworks of another owner are not found", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		alice, bob := addOwner(t, db, 1), addOwner(t, db, 2)
		item := newArtwork(t, db, alice, 1)
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
		db := newDB(t)
		repo := repository.NewArtwork(db)
		alice, bob := addOwner(t, db, 1), addOwner(t, db, 2)
		var all []uuid.UUID
		ids := map[uuid.UUID][]uuid.UUID{}
		for i, owner := range []uuid.UUID{alice, bob, alice, alice, bob} {
			item := newArtwork(t, db, owner, i)
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
			items, total, err := repo.List(t.Context(), tt.scope, model.ArtworkFilter{}, tt.skip, tt.limit)
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

	t.Run("all rows reach every artwork", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		alice := addOwner(t, db, 1)
		item := newArtwork(t, db, alice, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if got, err := repo.Get(t.Context(), model.AllRows(), item.ID); err != nil || !reflect.DeepEqual(got, item) {
			t.Errorf("Get(all rows) = %+v, %v; want %+v", got, err, item)
		}
		if _, err := repo.Update(t.Context(), model.AllRows(), item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(9); return nil }); err != nil {
			t.Errorf("Update(all rows): %v", err)
		}
		if stored, err := repo.Get(t.Context(), model.OwnedBy(alice), item.ID); err != nil || !stored.UpdatedAt.Equal(timestamp(9)) {
			t.Errorf("after Update(all rows) stored = %+v, %v; want updated_at %v", stored, err, timestamp(9))
		}
		if err := repo.Delete(t.Context(), model.AllRows(), item.ID); err != nil {
			t.Errorf("Delete(all rows): %v", err)
		}
		if _, err := repo.Get(t.Context(), model.OwnedBy(alice), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get after Delete(all rows) = %v, want NotFound", err)
		}
	})

	t.Run("a scope built by neither OwnedBy nor AllRows is refused", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		alice := addOwner(t, db, 1)
		item := newArtwork(t, db, alice, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		for name, scope := range map[string]model.Scope{"zero": {}, "OwnedBy(uuid.Nil)": model.OwnedBy(uuid.Nil)} {
			_, errGet := repo.Get(t.Context(), scope, item.ID)
			_, _, errList := repo.List(t.Context(), scope, model.ArtworkFilter{}, 0, 10)
			_, errUpdate := repo.Update(t.Context(), scope, item.ID, func(x *model.Artwork) error { x.UpdatedAt = timestamp(9); return nil })
			errDelete := repo.Delete(t.Context(), scope, item.ID)
			for call, err := range map[string]error{"Get": errGet, "List": errList, "Update": errUpdate, "Delete": errDelete} {
				if !errors.Is(err, model.ErrNoScope) {
					t.Errorf("%s(%s scope) = %v, want ErrNoScope", call, name, err)
				}
			}
		}
		if stored, err := repo.Get(t.Context(), model.OwnedBy(alice), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after the refused calls Get = %+v, %v; want %+v", stored, err, item)
		}
	})

	t.Run("an owner that does not exist is refused", func(t *testing.T) {
		db := newDB(t)
		repo := repository.NewArtwork(db)
		if err := repo.Create(t.Context(), newArtwork(t, db, uuid.New(), 1)); err == nil {
			t.Errorf("Create(unknown owner) = nil, want an error")
		}
	})

	t.Run("artist_id must name a stored artist", func(t *testing.T) {
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		item := newArtwork(t, db, owner, 1)
		item.ArtistID = uuid.New()
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || len(ae.Details) != 1 || ae.Details["artist_id"] == "" {
			t.Fatalf("Create(unknown artist_id) = %v, want Validation naming artist_id alone", err)
		}

		parent := storeArtist(t, db)
		item.ArtistID = parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error { x.ArtistID = uuid.New(); return nil })
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || len(ae.Details) != 1 || ae.Details["artist_id"] == "" {
			t.Errorf("Update(unknown artist_id) = %v, want Validation naming artist_id alone", err)
		}
		if stored, _ := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, want %+v", stored, item)
		}
	})

	t.Run("the artist artist_id names cannot be deleted", func(t *testing.T) {
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		parent := storeArtist(t, db)
		item := newArtwork(t, db, owner, 1)
		item.ArtistID = parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := deleteArtist(t, db, parent); !errors.Is(err, apperr.Conflict) {
			t.Errorf("delete artist of an artwork = %v, want Conflict", err)
		}
		// Once nothing refers to it, the artist, still there, can go.
		if err := repo.Delete(t.Context(), model.OwnedBy(owner), item.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if err := deleteArtist(t, db, parent); err != nil {
			t.Errorf("delete artist no longer referred to = %v, want nil", err)
		}
	})

	t.Run("list selects by artist_id", func(t *testing.T) {
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		mine, other := storeArtist(t, db), storeArtist(t, db)
		var want []uuid.UUID
		for i, parent := range []uuid.UUID{mine, other, mine} {
			item := newArtwork(t, db, owner, i)
			item.ArtistID = parent
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if parent == mine {
				want = append(want, item.ID)
			}
		}
		// Another owner's artwork of the same artist stays out of the list.
		theirs := newArtwork(t, db, addOwner(t, db, 1), 3)
		theirs.ArtistID = mine
		if err := repo.Create(t.Context(), theirs); err != nil {
			t.Fatalf("Create: %v", err)
		}

		items, total, err := repo.List(t.Context(), model.OwnedBy(owner), model.ArtworkFilter{ArtistID: uuid.NullUUID{UUID: mine, Valid: true}}, 0, 10)
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		var got []uuid.UUID
		for _, item := range items {
			got = append(got, item.ID)
		}
		if total != len(want) || !reflect.DeepEqual(got, want) {
			t.Errorf("List(artist_id) = %v, total %d; want %v, total %d", got, total, want, len(want))
		}
	})

	t.Run("note_id must name a stored note", func(t *testing.T) {
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		item := newArtwork(t, db, owner, 1)
		item.NoteID = ptr(uuid.New())
		err := repo.Create(t.Context(), item)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || len(ae.Details) != 1 || ae.Details["note_id"] == "" {
			t.Fatalf("Create(unknown note_id) = %v, want Validation naming note_id alone", err)
		}

		parent := storeNote(t, db)
		item.NoteID = &parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Artwork) error { x.NoteID = ptr(uuid.New()); return nil })
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || len(ae.Details) != 1 || ae.Details["note_id"] == "" {
			t.Errorf("Update(unknown note_id) = %v, want Validation naming note_id alone", err)
		}
		if stored, _ := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, want %+v", stored, item)
		}
	})

	t.Run("the note note_id names cannot be deleted", func(t *testing.T) {
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		parent := storeNote(t, db)
		item := newArtwork(t, db, owner, 1)
		item.NoteID = &parent
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := deleteNote(t, db, parent); !errors.Is(err, apperr.Conflict) {
			t.Errorf("delete note of an artwork = %v, want Conflict", err)
		}
		// Once nothing refers to it, the note, still there, can go.
		if err := repo.Delete(t.Context(), model.OwnedBy(owner), item.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if err := deleteNote(t, db, parent); err != nil {
			t.Errorf("delete note no longer referred to = %v, want nil", err)
		}
	})

	t.Run("list selects by note_id", func(t *testing.T) {
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		mine, other := storeNote(t, db), storeNote(t, db)
		var want []uuid.UUID
		// note_id is unique: a third note for the third artwork.
		for i, parent := range []uuid.UUID{mine, other, storeNote(t, db)} {
			item := newArtwork(t, db, owner, i)
			item.NoteID = &parent
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if parent == mine {
				want = append(want, item.ID)
			}
		}
		// Another owner's artwork of the same note stays out of the list.
		theirs := newArtwork(t, db, addOwner(t, db, 1), 3)
		theirs.NoteID = &mine
		if err := repo.Create(t.Context(), theirs); err != nil {
			t.Fatalf("Create: %v", err)
		}

		items, total, err := repo.List(t.Context(), model.OwnedBy(owner), model.ArtworkFilter{NoteID: uuid.NullUUID{UUID: mine, Valid: true}}, 0, 10)
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		var got []uuid.UUID
		for _, item := range items {
			got = append(got, item.ID)
		}
		if total != len(want) || !reflect.DeepEqual(got, want) {
			t.Errorf("List(note_id) = %v, total %d; want %v, total %d", got, total, want, len(want))
		}
	})

	t.Run("100 concurrent writers all succeed", func(t *testing.T) {
		db := newDB(t)
		repo, owner := repository.NewArtwork(db), addOwner(t, db, 0)
		const n = 100
		// The rows the artworks refer to are stored first, on the test's goroutine.
		items := make([]model.Artwork, n)
		for i := range items {
			items[i] = newArtwork(t, db, owner, i)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
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
		if _, total, err := repo.List(t.Context(), model.OwnedBy(owner), model.ArtworkFilter{}, 0, 1); err != nil || total != n {
			t.Errorf("List total = %d, %v; want %d", total, err, n)
		}
	})
}
