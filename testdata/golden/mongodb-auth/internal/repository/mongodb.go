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
//
// MongoDB has no foreign keys: a write checks that the documents its ref
// fields point at exist, and a delete that nothing points at the document,
// each just before it acts (see checkParents and deleteUnreferenced).
package repository

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"example.com/feed/internal/apperr"
	"example.com/feed/internal/model"
)

// translate turns driver errors into application errors. entity names the
// document in messages ("note").
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

// referrer is a ref field: the collection holding it and its key there.
type referrer struct {
	collection, field string
}

// referrers lists, by collection, the ref fields that point at its
// documents. A document stays while one of them holds its id.
var referrers = map[string][]referrer{
	"notes": {
		{collection: "artworks", field: "note_id"},
	},
	"artists": {
		{collection: "artworks", field: "artist_id"},
	},
}

// deleteUnreferenced deletes the document of coll with the given id that
// filter matches, unless a ref field listed in referrers holds its id: then
// the document stays and the error is a conflict, or not found when filter
// does not match the document, so that only who may delete it learns that
// it is referenced.
//
// The check and the delete are two operations, and nothing can join them
// without a multi-document transaction: a document written between them
// may be left pointing at the deleted one. Writes check their parents just
// before they write (checkParents), which keeps that window to a round
// trip.
func deleteUnreferenced(ctx context.Context, coll *mongo.Collection, entity, id string, filter bson.D) error {
	ref, err := referenced(ctx, coll, id)
	if err != nil {
		return translate(err, entity)
	}
	if ref {
		n, err := coll.CountDocuments(ctx, filter, options.Count().SetLimit(1))
		switch {
		case err != nil:
			return translate(err, entity)
		case n == 0:
			return translate(mongo.ErrNoDocuments, entity)
		}
		return apperr.New(apperr.Conflict, entity+" is still referenced; delete or change what refers to it first")
	}
	res, err := coll.DeleteOne(ctx, filter)
	if err != nil {
		return translate(err, entity)
	}
	if res.DeletedCount == 0 {
		return translate(mongo.ErrNoDocuments, entity)
	}
	return nil
}

// referenced reports whether a ref field listed in referrers holds the id
// of a document of coll.
func referenced(ctx context.Context, coll *mongo.Collection, id string) (bool, error) {
	for _, ref := range referrers[coll.Name()] {
		filter := bson.D{{Key: ref.field, Value: id}}
		n, err := coll.Database().Collection(ref.collection).CountDocuments(ctx, filter, options.Count().SetLimit(1))
		if err != nil || n > 0 {
			return n > 0, err
		}
	}
	return false, nil
}

// parent is a ref field of a document that holds an id: the field, the
// collection it points at, the id and the parent's name in messages.
type parent struct {
	field, collection, id, entity string
}

// checkParents returns a validation error naming each of parents whose
// collection holds no document with its id. Like deleteUnreferenced, it
// reads before the write it guards and cannot join it: a parent deleted in
// between leaves the written document pointing at nothing.
func checkParents(ctx context.Context, db *mongo.Database, parents []parent) error {
	details := map[string]string{}
	for _, p := range parents {
		filter := bson.D{{Key: "_id", Value: p.id}}
		n, err := db.Collection(p.collection).CountDocuments(ctx, filter, options.Count().SetLimit(1))
		if err != nil {
			return translate(err, p.entity)
		}
		if n == 0 {
			details[p.field] = "no " + p.entity + " has this id"
		}
	}
	if len(details) > 0 {
		return apperr.Invalid(details)
	}
	return nil
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

// setParents returns those of parents whose field the changes set: an
// update checks only the refs it changes.
func (c *changes) setParents(parents []parent) []parent {
	return slices.DeleteFunc(parents, func(p parent) bool {
		return !slices.ContainsFunc(c.set, func(e bson.E) bool { return e.Key == p.field })
	})
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

// scopeFilter matches the documents scope reaches. A scope built by
// neither model.OwnedBy nor model.AllRows is refused with
// model.ErrNoScope.
func scopeFilter(scope model.Scope) (bson.D, error) {
	owner, all, err := scope.Owner()
	switch {
	case err != nil:
		return nil, err
	case all:
		return bson.D{}, nil
	}
	return bson.D{{Key: "owner_id", Value: owner.String()}}, nil
}

// perOwner returns the key that makes v unique per owner, or nil when v
// has no value.
func perOwner[T any](owner string, v *T) *string {
	if v == nil {
		return nil
	}
	key := owner + "/" + fmt.Sprint(*v)
	return &key
}

// uuidString returns id as stored: a string, or nil when id is nil.
func uuidString(id *uuid.UUID) *string {
	if id == nil {
		return nil
	}
	s := id.String()
	return &s
}

// parseUUID parses a stored optional uuid.
func parseUUID(s *string) (*uuid.UUID, error) {
	if s == nil {
		return nil, nil
	}
	id, err := uuid.Parse(*s)
	if err != nil {
		return nil, err
	}
	return &id, nil
}

// dateTime returns the optional time or date t as stored, or nil when t is
// nil. A *time.Time would not do: the driver leaves out a pointer to the
// zero time, 0001-01-01, as if it had no value.
func dateTime(t *time.Time) *bson.DateTime {
	if t == nil {
		return nil
	}
	d := bson.NewDateTimeFromTime(*t)
	return &d
}

// utcTime returns a stored optional time or date in UTC.
func utcTime(d *bson.DateTime) *time.Time {
	if d == nil {
		return nil
	}
	t := d.Time().UTC()
	return &t
}
