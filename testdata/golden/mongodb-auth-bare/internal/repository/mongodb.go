// Package repository stores the entities in MongoDB with the official
// driver.
//
// Every repository holds two databases, the primary and the replica,
// which may lag behind the primary. Only lists read from the replica.
// Everything else goes to the primary, so that clients read their own
// writes: the writes, the reads that precede a write, and the reads of one
// document by id or email, which clients make right after writing it
// (register then log in, create then get) and which would fail with a 404
// or 401 when the replica has not caught up. A list that misses the latest
// writes is only a moment old.
//
// Each entity is one document whose _id is its UUID as a string; uuid
// fields are strings too. Optional fields without a value are left out of
// the document. Times are stored as BSON dates, to the millisecond, and
// come back in UTC; dates are stored as midnight UTC.
//
// No operation needs a multi-document transaction. An update reads the
// document, lets the service change it and writes only the fields that
// changed, with $set and $unset, on the condition that those fields still
// hold the values it read; when another write got there first, it starts
// over after a jittered pause, a bounded number of times. Concurrent
// updates of one document thus take turns, and those of different fields
// never undo each other.
package repository

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"example.com/bare/internal/apperr"
)

// translate turns driver errors into application errors. entity names the
// document in messages ("user").
func translate(err error, entity string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, mongo.ErrNoDocuments):
		return apperr.Wrap(apperr.NotFound, entity+" not found", err)
	case mongo.IsDuplicateKeyError(err):
		return apperr.Wrap(apperr.AlreadyExists, entity+" already exists", err)
	}
	return fmt.Errorf("%s: %w", entity, err)
}

// uniqueKey is a unique field of a document and the filter that matches
// the documents holding the same value.
type uniqueKey struct {
	field  string
	filter bson.D
}

// taken returns the field of the first of keys that a document other than
// the one with the given id already holds, or "" when none is taken.
func taken(ctx context.Context, coll *mongo.Collection, id string, keys []uniqueKey) (string, error) {
	for _, k := range keys {
		filter := append(bson.D{{Key: "_id", Value: bson.D{{Key: "$ne", Value: id}}}}, k.filter...)
		n, err := coll.CountDocuments(ctx, filter, options.Count().SetLimit(1))
		if err != nil {
			return "", err
		}
		if n > 0 {
			return k.field, nil
		}
	}
	return "", nil
}

// alreadyExists is the error of a write that would give field a value
// another document holds.
func alreadyExists(entity, field string, cause error) error {
	e := apperr.Wrap(apperr.AlreadyExists, entity+" already exists", cause)
	e.Details = map[string]string{field: "already exists"}
	return e
}

// checkUnique returns an already-exists error naming the first of keys
// that another document than id holds. Unique indexes are what guarantees
// uniqueness; checking first names the field, which MongoDB's
// duplicate-key errors do not do in a form every server shares.
func checkUnique(ctx context.Context, coll *mongo.Collection, entity, id string, keys []uniqueKey) error {
	field, err := taken(ctx, coll, id, keys)
	switch {
	case err != nil:
		return translate(err, entity)
	case field != "":
		return alreadyExists(entity, field, nil)
	}
	return nil
}

// duplicate turns the duplicate-key error of a write that raced another
// into an already-exists error naming the field, when it can tell which.
func duplicate(ctx context.Context, coll *mongo.Collection, entity, id string, keys []uniqueKey, err error) error {
	if field, _ := taken(ctx, coll, id, keys); field != "" {
		return alreadyExists(entity, field, err)
	}
	return translate(err, entity)
}

// changes collects the fields an update sets and unsets, and the values
// they had when read. The update applies only while they still have them:
// that makes it a compare-and-set that needs no transaction.
type changes struct {
	set, unset, guard bson.D
}

// change sets field to next when it differs from old.
func change[T comparable](c *changes, field string, old, next T) {
	if old != next {
		c.set = append(c.set, bson.E{Key: field, Value: next})
		c.guard = append(c.guard, bson.E{Key: field, Value: old})
	}
}

// changeOptional sets field to *next when it differs from *old, and
// unsets it when next is nil and old is not. A nil old guards with null,
// which matches a missing field.
func changeOptional[T comparable](c *changes, field string, old, next *T) {
	switch {
	case next == nil && old == nil:
		return
	case next == nil:
		c.unset = append(c.unset, bson.E{Key: field, Value: ""})
	case old == nil || *old != *next:
		c.set = append(c.set, bson.E{Key: field, Value: *next})
	default:
		return
	}
	if old == nil {
		c.guard = append(c.guard, bson.E{Key: field, Value: nil})
	} else {
		c.guard = append(c.guard, bson.E{Key: field, Value: *old})
	}
}

// empty reports whether nothing changed.
func (c *changes) empty() bool { return len(c.guard) == 0 }

// filter matches the document of base while every changed field still
// holds the value it had when read.
func (c *changes) filter(base bson.D) bson.D {
	return append(append(bson.D{}, base...), c.guard...)
}

// update is the update document of the changes.
func (c *changes) update() bson.D {
	var u bson.D
	if len(c.set) > 0 {
		u = append(u, bson.E{Key: "$set", Value: c.set})
	}
	if len(c.unset) > 0 {
		u = append(u, bson.E{Key: "$unset", Value: c.unset})
	}
	return u
}

// touches reports whether the changes set or unset any of fields.
func (c *changes) touches(fields ...string) bool {
	for _, e := range c.guard {
		if slices.Contains(fields, e.Key) {
			return true
		}
	}
	return false
}

// maxAttempts bounds how often an update tries to write, starting over
// because the document changed between its read and its write. Under heavy
// contention an update gives up and reports a conflict the client can try
// again, rather than hold its request and keep loading the server.
const maxAttempts = 10

// retryBackoff is the pause before an update starts over.
var retryBackoff = backoff{first: 2 * time.Millisecond, max: 100 * time.Millisecond}

// backoff is a jittered exponential pause: before retry n, counted from 0,
// a random time between half and all of first·2ⁿ, capped at max. The
// randomness keeps writers that collided from colliding again in step.
type backoff struct {
	first, max time.Duration
}

// delay returns the pause before retry n.
func (b backoff) delay(n int) time.Duration {
	d := min(b.first, b.max)
	for range n {
		d = min(2*d, b.max)
	}
	return d/2 + rand.N(d/2+1)
}

// wait pauses before retry n, or returns the context's error as soon as
// ctx is done.
func (b backoff) wait(ctx context.Context, n int) error {
	t := time.NewTimer(b.delay(n))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// contention is the error of an update of entity that lost the race
// maxAttempts times in a row: a conflict, which the client may try again.
func contention(entity string) error {
	return apperr.New(apperr.Conflict, entity+" was changed concurrently; try again")
}
