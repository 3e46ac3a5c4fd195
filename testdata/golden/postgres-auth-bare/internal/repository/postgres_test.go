package repository_test

import (
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/bare/internal/database"
	"example.com/bare/internal/repository"
	"example.com/bare/internal/repository/repotest"
)

// newDB returns the primary and replica pools of a fresh, migrated schema
// in the database at TEST_DATABASE_URL, dropped when the test ends. Both
// pools reach the same schema, but the replica's sessions are read-only,
// so a write sent to it fails. It skips the test when TEST_DATABASE_URL is
// not set.
func newDB(t *testing.T) (primary, replica *pgxpool.Pool) {
	t.Helper()
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		t.Skip("TEST_DATABASE_URL is not set; set it to a PostgreSQL URL to run the repository tests")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	cfg.AfterConnect = database.RegisterTypes
	schema := "test_" + strings.ToLower(rand.Text())
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	primary = newPool(t, cfg)
	if _, err := primary.Exec(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema in TEST_DATABASE_URL: %v", err)
	}
	t.Cleanup(func() {
		// The test's context is done by now.
		if _, err := primary.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})

	cfg = cfg.Copy()
	cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	replica = newPool(t, cfg)

	db := &database.DB{Primary: primary, Replica: replica}
	if err := database.Migrate(t.Context(), db, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return primary, replica
}

// newPool opens a pool with cfg that is closed when the test ends.
func newPool(t *testing.T, cfg *pgxpool.Config) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatalf("open pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// newRepos returns the repositories of a fresh database, for the contract
// suites of package repotest.
func newRepos(t *testing.T) repotest.Repos {
	primary, replica := newDB(t)
	return repotest.Repos{
		Users:    repository.NewUser(primary, replica),
		Sessions: repository.NewSession(primary),
		Resets:   repository.NewPasswordReset(primary),
	}
}

// timestamp returns a distinct, increasing time for the i-th row.
func timestamp(i int) time.Time {
	return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(i) * time.Microsecond)
}

func ptr[T any](v T) *T { return &v }
