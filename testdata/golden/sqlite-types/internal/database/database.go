// Package database opens the SQLite database and migrates its schema.
package database

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"go.opentelemetry.io/otel/trace"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// pragmas make SQLite safe under concurrent writers: WAL lets readers run
// beside the single writer, busy_timeout makes a writer wait for the lock
// instead of failing, and _txlock=immediate takes the write lock at BEGIN so
// a transaction never fails half-way when it upgrades from read to write.
const pragmas = "_pragma=busy_timeout(10000)" +
	"&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(ON)" +
	"&_txlock=immediate"

// Options are how the database is watched.
type Options struct {
	// Tracing, when not nil, makes every statement run for a traced
	// request a child span of the request's.
	Tracing trace.TracerProvider
}

// Open opens the SQLite database file at path, creating it if needed, and
// checks that it answers.
func Open(ctx context.Context, path string, opts Options) (*sql.DB, error) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	var db *sql.DB
	var err error
	if opts.Tracing != nil {
		db, err = openTraced(path+sep+pragmas, opts.Tracing)
	} else {
		db, err = sql.Open("sqlite", path+sep+pragmas)
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	// SQLite has one writer at a time; a few connections serve concurrent
	// readers while writers queue on busy_timeout.
	conns := max(4, runtime.NumCPU())
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := Ping(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	return db, nil
}

// Ping reports whether the database answers within a short time.
func Ping(ctx context.Context, db *sql.DB) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Migrate applies every pending migration in migrations/.
func Migrate(ctx context.Context, db *sql.DB, logger *slog.Logger) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	provider, err := goose.NewProvider(goose.DialectSQLite3, db, fsys)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		logger.InfoContext(ctx, "migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	return nil
}
