// Package database connects to MongoDB and creates the indexes the
// repositories rely on.
package database

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.opentelemetry.io/otel/trace"
)

// Options tune the connection pools.
type Options struct {
	// MaxConns is the largest number of connections of each pool.
	MaxConns int32
	// ConnectTimeout bounds finding a server, opening a connection and the
	// startup ping.
	ConnectTimeout time.Duration
	// Tracing, when not nil, makes every command sent for a traced request
	// a child span of the request's.
	Tracing trace.TracerProvider
}

// DB holds the databases the repositories use. Replica serves the lists,
// which may lag behind; Primary serves everything else (see package
// repository), and is Replica too unless a read URL was given.
type DB struct {
	Primary *mongo.Database
	Replica *mongo.Database

	// addr is the primary's hosts and database, without credentials.
	addr string
	// primaryPool and replicaPool count the connections of the clients;
	// replicaPool is nil without a read URL.
	primaryPool, replicaPool *poolStats
}

// Open connects to the database named by url, and to the read replica at
// readURL when it is not empty, and checks that they answer. The URLs must
// name a database: mongodb://host:27017/name.
func Open(ctx context.Context, url, readURL string, opts Options) (*DB, error) {
	pool := &poolStats{}
	primary, addr, err := connect(ctx, "DATABASE_URL", url, opts, pool)
	if err != nil {
		return nil, err
	}
	db := &DB{Primary: primary, Replica: primary, addr: addr, primaryPool: pool}
	if readURL != "" {
		db.replicaPool = &poolStats{}
		if db.Replica, _, err = connect(ctx, "DATABASE_READ_URL", readURL, opts, db.replicaPool); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// connect opens a client for the database named by uri, whose pool counts
// into pool, and pings it. Errors name the variable the URL came from and
// the server, never the password.
func connect(ctx context.Context, name, uri string, opts Options, pool *poolStats) (*mongo.Database, string, error) {
	dbName, hosts, err := parseURL(uri)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
	}
	addr := hosts + "/" + dbName
	clientOpts := options.Client().
		ApplyURI(uri).
		SetConnectTimeout(opts.ConnectTimeout).
		SetServerSelectionTimeout(opts.ConnectTimeout).
		SetPoolMonitor(pool.monitor())
	if opts.Tracing != nil {
		t := &commandTracer{tracer: opts.Tracing.Tracer(tracerName)}
		clientOpts.SetMonitor(t.monitor())
	}
	if opts.MaxConns > 0 {
		clientOpts.SetMaxPoolSize(uint64(opts.MaxConns))
	}
	client, err := mongo.Connect(clientOpts)
	if err != nil {
		return nil, "", fmt.Errorf("%s (%s): %w", addr, name, err)
	}
	db := client.Database(dbName)
	if err := ping(ctx, db, opts.ConnectTimeout); err != nil {
		disconnect(client)
		return nil, "", fmt.Errorf("database %s (%s): %w", addr, name, err)
	}
	return db, addr, nil
}

// parseURL returns the database name and the hosts of a MongoDB URL. The
// driver checks the rest of the URL.
func parseURL(uri string) (dbName, hosts string, err error) {
	scheme, rest, ok := strings.Cut(uri, "://")
	if !ok || (scheme != "mongodb" && scheme != "mongodb+srv") {
		return "", "", errors.New("not a mongodb:// or mongodb+srv:// URL")
	}
	authority, path, _ := strings.Cut(rest, "/")
	path, _, _ = strings.Cut(path, "?")
	if dbName, err = url.PathUnescape(path); err != nil {
		return "", "", fmt.Errorf("database name: %w", err)
	}
	if dbName == "" {
		return "", "", errors.New("the URL names no database; end its path with one, as in mongodb://localhost:27017/app")
	}
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		authority = authority[i+1:]
	}
	return dbName, scheme + "://" + authority, nil
}

func ping(ctx context.Context, db *mongo.Database, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := db.Client().Ping(ctx, readpref.PrimaryPreferred()); err != nil {
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

// Close disconnects the clients, waiting a few seconds at most for
// operations in progress.
func (db *DB) Close() {
	if db.Replica != nil && db.Replica != db.Primary {
		disconnect(db.Replica.Client())
	}
	disconnect(db.Primary.Client())
}

func disconnect(client *mongo.Client) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = client.Disconnect(ctx) // nothing is left to do with the error on the way out
}

// String describes the primary without its credentials, for logs.
func (db *DB) String() string { return db.addr }

// Migrate creates the indexes of every collection that are missing, which
// makes it safe to run at every start. It never changes or drops an
// existing index; MongoDB needs no other schema.
func Migrate(ctx context.Context, db *DB, logger *slog.Logger) error {
	for _, c := range collections {
		coll := db.Primary.Collection(c.name)
		existing, err := coll.Indexes().ListSpecifications(ctx)
		if err != nil {
			return fmt.Errorf("migrate %s: list indexes: %w", c.name, err)
		}
		have := make(map[string]bool, len(existing))
		for _, spec := range existing {
			have[spec.Name] = true
		}
		var missing []mongo.IndexModel
		for _, ix := range c.indexes {
			if !have[ix.name] {
				missing = append(missing, ix.model())
			}
		}
		if len(missing) == 0 {
			continue
		}
		names, err := coll.Indexes().CreateMany(ctx, missing)
		if err != nil {
			return fmt.Errorf("migrate %s: create indexes: %w", c.name, err)
		}
		logger.InfoContext(ctx, "indexes created", "collection", c.name, "indexes", names)
	}
	return nil
}

// collection is a collection and the indexes it needs.
type collection struct {
	name    string
	indexes []index
}

// index is an index of a collection. Migrate creates it when no index of
// its name exists, so changing an index means giving it a new name.
type index struct {
	name   string
	keys   bson.D
	unique bool
	// sparse leaves out the documents that lack the indexed fields: a unique
	// index of an optional field lets any number of documents go without it.
	sparse bool
}

func (ix index) model() mongo.IndexModel {
	opts := options.Index().SetName(ix.name)
	if ix.unique {
		opts.SetUnique(true)
	}
	if ix.sparse {
		opts.SetSparse(true)
	}
	return mongo.IndexModel{Keys: ix.keys, Options: opts}
}
