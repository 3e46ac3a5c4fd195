package repository_test

import (
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"example.com/feed/internal/database"
	"example.com/feed/internal/model"
	"example.com/feed/internal/repository"
)

// TestListsUseIndexes checks that every list query the repositories send,
// for each sort (with and without a cursor) and each filter, is served by
// an index of its collection: the index's keys start with the fields the
// query compares for equality, in any order, followed by the keys of its
// sort, or by the field it compares by range. FerretDB, the test server,
// does not plan queries the way MongoDB does, so explain cannot show which
// index MongoDB would take; this check of the query's shape against the
// collection's indexes fails when an index is missing.
func TestListsUseIndexes(t *testing.T) {
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		t.Skip("TEST_DATABASE_URL is not set; set it to a MongoDB URL to run the repository tests")
	}
	var (
		mu   sync.Mutex
		last bson.Raw // the last find command sent
	)
	monitor := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		if e.CommandName == "find" {
			mu.Lock()
			last = e.Command
			mu.Unlock()
		}
	}}
	client, err := mongo.Connect(options.Client().ApplyURI(url).SetMonitor(monitor).SetServerSelectionTimeout(5 * time.Second))
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	db := client.Database("test_" + strings.ToLower(rand.Text()))
	t.Cleanup(func() {
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
	// check lists with list and fails the test unless an index of
	// collection serves the find it sends.
	check := func(t *testing.T, collection string, what any, list func() error) {
		t.Helper()
		if err := list(); err != nil {
			t.Fatalf("List(%+v): %v", what, err)
		}
		mu.Lock()
		cmd := last
		mu.Unlock()
		filter, _ := cmd.Lookup("filter").DocumentOK()
		sort, _ := cmd.Lookup("sort").DocumentOK()
		indexes := collectionIndexes(t, db.Collection(collection))
		if !servedBy(indexes, filter, sort) {
			t.Errorf("List(%+v) finds %v sorted by %v, which no index of %s serves (indexes %v)", what, filter, sort, collection, indexes)
		}
	}

	t.Run("notes", func(t *testing.T) {
		repo := repository.NewNote(db, db)
		var queries []model.NoteList
		for _, key := range []model.NoteSortKey{model.NoteByCreatedAt, model.NoteByUpdatedAt, model.NoteByTitle} {
			for _, desc := range []bool{false, true} {
				q := model.NoteList{Sort: model.NoteSort{Key: key, Desc: desc}, Limit: 10}
				after := q
				after.Cursor = q.Next(model.Note{ID: uuid.New()})
				queries = append(queries, q, after)
			}
		}
		queries = append(queries, model.NoteList{Filter: model.NoteFilter{Title: []model.Cond[string]{{Op: model.OpEq, Value: "title 1"}}}, Limit: 10})
		queries = append(queries, model.NoteList{Filter: model.NoteFilter{Done: []model.Cond[bool]{{Op: model.OpEq, Value: true}}}, Limit: 10})
		for _, q := range queries {
			check(t, "notes", q, func() error {
				_, err := repo.List(t.Context(), model.OwnedBy(uuid.New()), q)
				return err
			})
		}
	})

	t.Run("events", func(t *testing.T) {
		repo := repository.NewEvent(db, db)
		var queries []model.EventList
		for _, key := range []model.EventSortKey{model.EventByCreatedAt, model.EventByUpdatedAt, model.EventByStartsAt} {
			for _, desc := range []bool{false, true} {
				q := model.EventList{Sort: model.EventSort{Key: key, Desc: desc}, Limit: 10}
				after := q
				after.Cursor = q.Next(model.Event{ID: uuid.New()})
				queries = append(queries, q, after)
			}
		}
		queries = append(queries, model.EventList{Filter: model.EventFilter{Kind: []model.Cond[model.EventKind]{{Op: model.OpEq, Value: model.EventKindConcert}}}, Limit: 10})
		queries = append(queries, model.EventList{Filter: model.EventFilter{StartsAt: []model.Cond[time.Time]{{Op: model.OpEq, Value: time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC)}}}, Limit: 10})
		queries = append(queries, model.EventList{Filter: model.EventFilter{StartsAt: []model.Cond[time.Time]{{Op: model.OpGt, Value: time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC)}}}, Limit: 10})
		queries = append(queries, model.EventList{Filter: model.EventFilter{StartsAt: []model.Cond[time.Time]{{Op: model.OpGte, Value: time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC)}}}, Limit: 10})
		queries = append(queries, model.EventList{Filter: model.EventFilter{StartsAt: []model.Cond[time.Time]{{Op: model.OpLt, Value: time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC)}}}, Limit: 10})
		queries = append(queries, model.EventList{Filter: model.EventFilter{StartsAt: []model.Cond[time.Time]{{Op: model.OpLte, Value: time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC)}}}, Limit: 10})
		queries = append(queries, model.EventList{Filter: model.EventFilter{Contact: []model.Cond[string]{{Op: model.OpEq, Value: "a@example.com"}}}, Limit: 10})
		for _, q := range queries {
			check(t, "events", q, func() error {
				_, err := repo.List(t.Context(), model.OwnedBy(uuid.New()), q)
				return err
			})
		}
	})

	t.Run("artists", func(t *testing.T) {
		repo := repository.NewArtist(db, db)
		var queries []model.ArtistList
		for _, key := range []model.ArtistSortKey{model.ArtistByCreatedAt, model.ArtistByUpdatedAt} {
			for _, desc := range []bool{false, true} {
				q := model.ArtistList{Sort: model.ArtistSort{Key: key, Desc: desc}, Limit: 10}
				after := q
				after.Cursor = q.Next(model.Artist{ID: uuid.New()})
				queries = append(queries, q, after)
			}
		}
		for _, q := range queries {
			check(t, "artists", q, func() error {
				_, err := repo.List(t.Context(), q)
				return err
			})
		}
	})

	t.Run("artworks", func(t *testing.T) {
		repo := repository.NewArtwork(db, db)
		var queries []model.ArtworkList
		for _, key := range []model.ArtworkSortKey{model.ArtworkByCreatedAt, model.ArtworkByUpdatedAt, model.ArtworkByArtistID} {
			for _, desc := range []bool{false, true} {
				q := model.ArtworkList{Sort: model.ArtworkSort{Key: key, Desc: desc}, Limit: 10}
				after := q
				after.Cursor = q.Next(model.Artwork{ID: uuid.New()})
				queries = append(queries, q, after)
			}
		}
		queries = append(queries, model.ArtworkList{Filter: model.ArtworkFilter{ArtistID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc")}}}, Limit: 10})
		queries = append(queries, model.ArtworkList{Filter: model.ArtworkFilter{NoteID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc")}}}, Limit: 10})
		for _, q := range queries {
			check(t, "artworks", q, func() error {
				_, err := repo.List(t.Context(), model.OwnedBy(uuid.New()), q)
				return err
			})
		}
	})

	t.Run("users", func(t *testing.T) {
		repo := repository.NewUser(db, db)
		var queries []model.UserList
		for _, key := range []model.UserSortKey{model.UserByCreatedAt, model.UserByUpdatedAt, model.UserByEmail} {
			for _, desc := range []bool{false, true} {
				q := model.UserList{Sort: model.UserSort{Key: key, Desc: desc}, Limit: 10}
				after := q
				after.Cursor = q.Next(model.User{ID: uuid.New()})
				queries = append(queries, q, after)
			}
		}
		queries = append(queries, model.UserList{Filter: model.UserFilter{Email: []model.Cond[string]{{Op: model.OpEq, Value: "a@example.com"}}}, Limit: 10})
		queries = append(queries, model.UserList{Filter: model.UserFilter{IsActive: []model.Cond[bool]{{Op: model.OpEq, Value: true}}}, Limit: 10})
		queries = append(queries, model.UserList{Filter: model.UserFilter{IsSuperuser: []model.Cond[bool]{{Op: model.OpEq, Value: true}}}, Limit: 10})
		for _, q := range queries {
			check(t, "users", q, func() error {
				_, err := repo.List(t.Context(), q)
				return err
			})
		}
	})
}

// index is an index of a collection: its keys in order.
type index struct {
	keys   []string
	unique bool
}

// collectionIndexes lists the indexes of c.
func collectionIndexes(t *testing.T, c *mongo.Collection) []index {
	t.Helper()
	cursor, err := c.Indexes().List(t.Context())
	if err != nil {
		t.Fatalf("list indexes: %v", err)
	}
	var specs []struct {
		Key    bson.D `bson:"key"`
		Unique bool   `bson:"unique"`
	}
	if err := cursor.All(t.Context(), &specs); err != nil {
		t.Fatalf("list indexes: %v", err)
	}
	var out []index
	for _, s := range specs {
		ix := index{unique: s.Unique}
		for _, k := range s.Key {
			ix.keys = append(ix.keys, k.Key)
		}
		out = append(out, ix)
	}
	return out
}

// servedBy reports whether an index serves a find with filter and sort:
// its keys start with the fields filter compares for equality (in any
// order), followed by the keys of sort, or by a field filter compares by
// range; a unique index of exactly the equality fields serves any sort, as
// it finds one document at most. The keyset ($or) narrows the sort's own
// keys, which the index serves with the sort.
func servedBy(indexes []index, filter, sort bson.Raw) bool {
	var eq, ranged, order []string
	elems, _ := filter.Elements()
	for _, e := range elems {
		key := e.Key()
		if key == "$or" {
			continue
		}
		ops, isDoc := e.Value().DocumentOK()
		if first, err := ops.IndexErr(0); !isDoc || (err == nil && first.Key() == "$eq" && len(mustElements(ops)) == 1) {
			eq = append(eq, key)
		} else {
			ranged = append(ranged, key)
		}
	}
	for _, e := range mustElements(sort) {
		order = append(order, e.Key())
	}
	for _, ix := range indexes {
		if len(ix.keys) < len(eq) || !sameSet(ix.keys[:len(eq)], eq) {
			continue
		}
		rest := ix.keys[len(eq):]
		switch {
		case ix.unique && len(rest) == 0 && len(eq) > 0 && len(ranged) == 0:
			return true
		case len(ranged) > 0:
			if len(rest) > 0 && slices.Contains(ranged, rest[0]) {
				return true
			}
		case len(rest) >= len(order) && slices.Equal(rest[:len(order)], order):
			return true
		}
	}
	return false
}

func mustElements(d bson.Raw) []bson.RawElement {
	elems, _ := d.Elements()
	return elems
}

// sameSet reports whether a and b hold the same keys.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
