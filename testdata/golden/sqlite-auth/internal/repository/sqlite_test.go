package repository_test

import (
	"database/sql"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/database"
	"example.com/shop/internal/repository"
	"example.com/shop/internal/repository/repotest"
)

// newDB returns a migrated database in a fresh file.
func newDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := database.Open(t.Context(), filepath.Join(t.TempDir(), "test.db"), database.Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := database.Migrate(t.Context(), db, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return db
}

// newRepos returns the repositories of a fresh database, for the contract
// suites of package repotest.
func newRepos(t *testing.T) repotest.Repos {
	db := newDB(t)
	return repotest.Repos{
		Users:    repository.NewUser(db),
		Sessions: repository.NewSession(db),
		Resets:   repository.NewPasswordReset(db),
		Notes:    repository.NewNote(db),
		Artists:  repository.NewArtist(db),
		Artworks: repository.NewArtwork(db),
	}
}

// timestamp returns a distinct, increasing time for the i-th row.
func timestamp(i int) time.Time {
	return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(i) * time.Microsecond)
}

func ptr[T any](v T) *T { return &v }

// refRows counts the rows stored for other rows to refer to. Their numbers
// start after 1000 so that they, and the users owning them, never share a
// unique value with the rows a test numbers itself.
var refRows atomic.Int64

// refRow returns the number of the next row stored for others to refer to.
func refRow() int { return 1000 + int(refRows.Add(1)) }

// storeNote stores a new note in db for rows to refer to and returns its id.
func storeNote(t *testing.T, db *sql.DB) uuid.UUID {
	t.Helper()
	i := refRow()
	item := newNote(addOwner(t, db, i), i)
	if err := repository.NewNote(db).Create(t.Context(), item); err != nil {
		t.Fatalf("Create(note): %v", err)
	}
	return item.ID
}

// storeArtist stores a new artist in db for rows to refer to and returns its id.
func storeArtist(t *testing.T, db *sql.DB) uuid.UUID {
	t.Helper()
	i := refRow()
	item := newArtist(i)
	if err := repository.NewArtist(db).Create(t.Context(), item); err != nil {
		t.Fatalf("Create(artist): %v", err)
	}
	return item.ID
}
