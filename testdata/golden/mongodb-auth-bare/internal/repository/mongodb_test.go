package repository_test

import (
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"example.com/bare/internal/database"
	"example.com/bare/internal/repository"
	"example.com/bare/internal/repository/repotest"
)

// newDB returns a fresh database with its indexes on the server at
// TEST_DATABASE_URL, dropped when the test ends, as both the primary and
// the replica. It skips the test when TEST_DATABASE_URL is not set.
func newDB(t *testing.T) (primary, replica *mongo.Database) {
	t.Helper()
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		t.Skip("TEST_DATABASE_URL is not set; set it to a MongoDB URL to run the repository tests")
	}
	client, err := mongo.Connect(options.Client().ApplyURI(url).SetServerSelectionTimeout(5 * time.Second))
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	db := client.Database("test_" + strings.ToLower(rand.Text()))
	t.Cleanup(func() {
		// The test's context is done by now.
		ctx := context.Background()
		if err := db.Drop(ctx); err != nil {
			t.Errorf("drop database: %v", err)
		}
		if err := client.Disconnect(ctx); err != nil {
			t.Errorf("disconnect: %v", err)
		}
	})
	if err := database.Migrate(t.Context(), &database.DB{Primary: db, Replica: db}, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return db, db
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

// timestamp returns a distinct, increasing time for the i-th document.
func timestamp(i int) time.Time {
	return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(i) * time.Millisecond)
}

func ptr[T any](v T) *T { return &v }
