package repository

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"example.com/bare/internal/service"
)

var _ service.AttemptCounter = (*Attempts)(nil)

// Attempts counts attempts in the rate_limits collection, so every
// instance of the server shares the counts.
type Attempts struct {
	coll  *mongo.Collection
	swept atomic.Int64 // unix time ended windows were last deleted
}

// sweepEvery is how often an instance deletes the windows that have ended,
// so the collection holds the keys in use rather than every key ever seen.
// A TTL index would do it on MongoDB itself, but not on every server that
// speaks its protocol.
const sweepEvery = time.Minute

// NewAttempts returns a counter that writes to primary: counts read from a
// replica could lag behind.
func NewAttempts(primary *mongo.Database) *Attempts {
	a := &Attempts{coll: primary.Collection("rate_limits")}
	a.swept.Store(time.Now().Unix())
	return a
}

// attemptDoc is the running window of a key.
type attemptDoc struct {
	Key       string    `bson:"_id"`
	Hits      int       `bson:"hits"`
	ExpiresAt time.Time `bson:"expires_at"`
}

// hitTries bounds the rounds Hit makes when other instances start the
// same key's window at the same moment; each lost round means another
// instance has started it, so the next round adds to it.
const hitTries = 3

// Hit counts one attempt under key in its running window, starting one of
// the given length when none runs.
func (a *Attempts) Hit(ctx context.Context, key string, window time.Duration) (int, time.Duration, error) {
	if err := a.sweep(ctx); err != nil {
		return 0, 0, err
	}
	for range hitTries {
		now := time.Now().UTC().Truncate(time.Millisecond)
		var doc attemptDoc
		err := a.coll.FindOneAndUpdate(ctx,
			bson.D{{Key: "_id", Value: key}, {Key: "expires_at", Value: bson.D{{Key: "$gt", Value: now}}}},
			bson.D{{Key: "$inc", Value: bson.D{{Key: "hits", Value: 1}}}},
			options.FindOneAndUpdate().SetReturnDocument(options.After),
		).Decode(&doc)
		if err == nil {
			return doc.Hits, doc.ExpiresAt.Sub(now), nil
		}
		if !errors.Is(err, mongo.ErrNoDocuments) {
			return 0, 0, fmt.Errorf("count attempt: %w", err)
		}
		// No window runs: restart an ended one, or insert the first.
		_, err = a.coll.UpdateOne(ctx,
			bson.D{{Key: "_id", Value: key}, {Key: "expires_at", Value: bson.D{{Key: "$lte", Value: now}}}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "hits", Value: 1}, {Key: "expires_at", Value: now.Add(window)}}}},
			options.UpdateOne().SetUpsert(true),
		)
		if err == nil {
			return 1, window, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return 0, 0, fmt.Errorf("count attempt: %w", err)
		}
		// Another instance started the window in between.
	}
	return 0, 0, fmt.Errorf("count attempt: key %q still contended after %d tries", key, hitTries)
}

// sweep deletes the windows that have ended, at most once per sweepEvery
// per instance.
func (a *Attempts) sweep(ctx context.Context) error {
	now, last := time.Now().Unix(), a.swept.Load()
	if now-last < int64(sweepEvery/time.Second) || !a.swept.CompareAndSwap(last, now) {
		return nil
	}
	filter := bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lte", Value: time.Unix(now, 0).UTC()}}}}
	if _, err := a.coll.DeleteMany(ctx, filter); err != nil {
		return fmt.Errorf("delete ended rate limit windows: %w", err)
	}
	return nil
}
