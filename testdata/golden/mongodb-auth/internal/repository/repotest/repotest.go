// Package repotest holds what the tests of several layers share about
// storage: an in-memory database whose repositories the service tests use,
// and one contract suite per repository. The repository tests run each suite
// against the real store and this package's own tests run it against the
// in-memory one, so the fake cannot drift from the real thing. Only tests
// import this package.
package repotest

import (
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/feed/internal/model"
	"example.com/feed/internal/service"
)

// Repos is one database seen through its repositories. A contract suite
// stores the rows a test needs, such as the ones a ref points at, through
// them.
type Repos struct {
	Users    service.UserRepository
	Sessions service.SessionRepository
	Resets   service.PasswordResetRepository
	Notes    service.NoteRepository
	Events   service.EventRepository
	Artists  service.ArtistRepository
	Artworks service.ArtworkRepository
}

// DB is an in-memory database. Its repositories keep rows in maps and
// check what the real stores check: unique fields, refs that must point
// at a stored row, rows that may not be deleted while referred to, and
// the scope of owned rows. It is safe for concurrent use.
type DB struct {
	mu          sync.Mutex
	userRows    map[uuid.UUID]model.User
	sessionRows map[uuid.UUID]model.Session
	resetRows   map[string]model.PasswordReset
	noteRows    map[uuid.UUID]model.Note
	eventRows   map[uuid.UUID]model.Event
	artistRows  map[uuid.UUID]model.Artist
	artworkRows map[uuid.UUID]model.Artwork
}

// NewDB returns an empty in-memory database.
func NewDB() *DB {
	return &DB{
		userRows:    map[uuid.UUID]model.User{},
		sessionRows: map[uuid.UUID]model.Session{},
		resetRows:   map[string]model.PasswordReset{},
		noteRows:    map[uuid.UUID]model.Note{},
		eventRows:   map[uuid.UUID]model.Event{},
		artistRows:  map[uuid.UUID]model.Artist{},
		artworkRows: map[uuid.UUID]model.Artwork{},
	}
}

// Repos returns the repositories of db.
func (db *DB) Repos() Repos {
	return Repos{
		Users:    userRepo{db},
		Sessions: sessionRepo{db},
		Resets:   resetRepo{db},
		Notes:    noteRepo{db},
		Events:   eventRepo{db},
		Artists:  artistRepo{db},
		Artworks: artworkRepo{db},
	}
}

// noteInUse reports whether a stored row refers to the note
// with the given id. The caller holds db.mu.
func (db *DB) noteInUse(id uuid.UUID) bool {
	for _, child := range db.artworkRows {
		if child.NoteID != nil && *child.NoteID == id {
			return true
		}
	}
	return false
}

// eventInUse reports whether a stored row refers to the event
// with the given id: no row refers to events.
func (db *DB) eventInUse(uuid.UUID) bool { return false }

// artistInUse reports whether a stored row refers to the artist
// with the given id. The caller holds db.mu.
func (db *DB) artistInUse(id uuid.UUID) bool {
	for _, child := range db.artworkRows {
		if child.ArtistID == id {
			return true
		}
	}
	return false
}

// artworkInUse reports whether a stored row refers to the artwork
// with the given id: no row refers to artworks.
func (db *DB) artworkInUse(uuid.UUID) bool { return false }

// update is the Update of every in-memory repository: it reads the row
// with get, lets fn change a copy without holding the lock, and stores
// the result with put unless the row changed in the meantime, in which
// case it starts again, as a store with optimistic locking does.
func update[T any](db *DB, get func() (T, error), fn func(*T) error, put func(T) error) (T, error) {
	var zero T
	for {
		db.mu.Lock()
		read, err := get()
		db.mu.Unlock()
		if err != nil {
			return zero, err
		}
		item := read
		if err := fn(&item); err != nil {
			return zero, err
		}
		db.mu.Lock()
		current, err := get()
		if err != nil {
			db.mu.Unlock()
			return zero, err
		}
		if !reflect.DeepEqual(current, read) {
			db.mu.Unlock()
			continue
		}
		err = put(item)
		db.mu.Unlock()
		if err != nil {
			return zero, err
		}
		return item, nil
	}
}

// timestamp returns a distinct, increasing time for the i-th row, one
// every store keeps exactly.
func timestamp(i int) time.Time {
	return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(i) * time.Millisecond)
}

func ptr[T any](v T) *T { return &v }

// refRows counts the rows stored for other rows to refer to.
var refRows atomic.Int64

// refRow returns the number of the next row stored for others to refer
// to. The numbers start after 1000 so that these rows, and the users
// owning them, never share a unique value with the rows a test numbers
// itself.
func refRow() int { return 1000 + int(refRows.Add(1)) }

// StoreNote stores a new note through r for rows to refer to and
// returns its id.
func StoreNote(t *testing.T, r Repos) uuid.UUID {
	t.Helper()
	i := refRow()
	item := newNote(addUser(t, r, i), i)
	if err := r.Notes.Create(t.Context(), item); err != nil {
		t.Fatalf("Create(note): %v", err)
	}
	return item.ID
}

// deleteNote deletes the note with the given id through r, whoever owns it.
func deleteNote(t *testing.T, r Repos, id uuid.UUID) error {
	return r.Notes.Delete(t.Context(), model.AllRows(), id)
}

// StoreArtist stores a new artist through r for rows to refer to and
// returns its id.
func StoreArtist(t *testing.T, r Repos) uuid.UUID {
	t.Helper()
	i := refRow()
	item := newArtist(i)
	if err := r.Artists.Create(t.Context(), item); err != nil {
		t.Fatalf("Create(artist): %v", err)
	}
	return item.ID
}

// deleteArtist deletes the artist with the given id through r.
func deleteArtist(t *testing.T, r Repos, id uuid.UUID) error {
	return r.Artists.Delete(t.Context(), id)
}

// addUser stores the i-th user through r, to own rows, and returns its id.
func addUser(t *testing.T, r Repos, i int) uuid.UUID {
	t.Helper()
	u := newUser(i)
	if err := r.Users.Create(t.Context(), u); err != nil {
		t.Fatalf("Create(user): %v", err)
	}
	return u.ID
}
