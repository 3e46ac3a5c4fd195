// Package database connects to PostgreSQL and migrates its schema.
package database

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"go.opentelemetry.io/otel/trace"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options tune the connection pools.
type Options struct {
	// MaxConns is the largest number of connections of each pool.
	MaxConns int32
	// ConnectTimeout bounds opening a connection and the startup ping.
	ConnectTimeout time.Duration
	// Tracing, when not nil, makes every query run for a traced request a
	// child span of the request's.
	Tracing trace.TracerProvider
}

// DB holds the connection pools. Replica serves the lists, which may lag
// behind; Primary serves everything else (see package repository), and is
// Replica too unless a read URL was given.
type DB struct {
	Primary *pgxpool.Pool
	Replica *pgxpool.Pool
}

// Open connects to the database at url, and to the read replica at readURL
// when it is not empty, and checks that they answer.
func Open(ctx context.Context, url, readURL string, opts Options) (*DB, error) {
	primary, err := openPool(ctx, "DATABASE_URL", url, opts)
	if err != nil {
		return nil, err
	}
	db := &DB{Primary: primary, Replica: primary}
	if readURL != "" {
		if db.Replica, err = openPool(ctx, "DATABASE_READ_URL", readURL, opts); err != nil {
			primary.Close()
			return nil, err
		}
	}
	return db, nil
}

// openPool opens one pool. Errors name the variable the URL came from and
// the server, never the password.
func openPool(ctx context.Context, name, url string, opts Options) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("%s is not a PostgreSQL URL: %w", name, err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	cfg.ConnConfig.ConnectTimeout = opts.ConnectTimeout
	cfg.AfterConnect = RegisterTypes
	if opts.Tracing != nil {
		cfg.ConnConfig.Tracer = queryTracer{tracer: opts.Tracing.Tracer(tracerName)}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := ping(ctx, pool, opts.ConnectTimeout); err != nil {
		pool.Close()
		c := cfg.ConnConfig
		return nil, fmt.Errorf("database %s:%d/%s (%s): %w", c.Host, c.Port, c.Database, name, err)
	}
	return pool, nil
}

func ping(ctx context.Context, pool *pgxpool.Pool, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// Ping reports whether the primary and the replica answer within a short
// time.
func Ping(ctx context.Context, db *DB) error {
	err := ping(ctx, db.Primary, 2*time.Second)
	if db.Replica != db.Primary {
		err = errors.Join(err, ping(ctx, db.Replica, 2*time.Second))
	}
	return err
}

// Close closes the pools, waiting for connections in use to be returned.
func (db *DB) Close() {
	if db.Replica != db.Primary {
		db.Replica.Close()
	}
	db.Primary.Close()
}

// String describes the primary without its credentials, for logs.
func (db *DB) String() string {
	c := db.Primary.Config().ConnConfig
	return fmt.Sprintf("postgres://%s:%d/%s", c.Host, c.Port, c.Database)
}

// Migrate applies every pending migration in migrations/ on the primary.
// A PostgreSQL advisory lock keeps instances that start together from
// migrating at the same time.
func Migrate(ctx context.Context, db *DB, logger *slog.Logger) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300)) // retry every second for 5 minutes
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(db.Primary)
	defer sqlDB.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, sqlDB, fsys, goose.WithSessionLocker(locker))
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
