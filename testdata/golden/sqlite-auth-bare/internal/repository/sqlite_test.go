package repository_test

import (
	"database/sql"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"example.com/bare/internal/database"
	"example.com/bare/internal/repository"
	"example.com/bare/internal/repository/repotest"
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
	}
}

// timestamp returns a distinct, increasing time for the i-th row.
func timestamp(i int) time.Time {
	return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(i) * time.Microsecond)
}

func ptr[T any](v T) *T { return &v }
