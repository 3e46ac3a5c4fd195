package repository

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"example.com/feed/internal/model"
	"example.com/feed/internal/service"
)

var _ service.ArtworkRepository = (*Artwork)(nil)

// Artwork stores artworks in the artworks collection. A call reaches only
// the documents of its scope.
type Artwork struct {
	primary, replica *mongo.Collection
}

// NewArtwork returns an artwork repository that lists from replica and
// does everything else on primary.
func NewArtwork(primary, replica *mongo.Database) *Artwork {
	return &Artwork{primary: primary.Collection("artworks"), replica: replica.Collection("artworks")}
}

// artworkDoc is an artwork as stored.
type artworkDoc struct {
	ID       string  `bson:"_id"`
	OwnerID  string  `bson:"owner_id"`
	Title    string  `bson:"title"`
	ArtistID string  `bson:"artist_id"`
	NoteID   *string `bson:"note_id,omitempty"`
	// NoteIDPerOwner is "owner/note_id", the key of the index that keeps
	// note_id unique per owner.
	NoteIDPerOwner *string   `bson:"note_id_per_owner,omitempty"`
	CreatedAt      time.Time `bson:"created_at"`
	UpdatedAt      time.Time `bson:"updated_at"`
}

// newArtworkDoc returns the document that stores item.
func newArtworkDoc(item model.Artwork) artworkDoc {
	doc := artworkDoc{
		ID:        item.ID.String(),
		OwnerID:   item.OwnerID.String(),
		Title:     item.Title,
		ArtistID:  item.ArtistID.String(),
		NoteID:    uuidString(item.NoteID),
		CreatedAt: item.CreatedAt,
		UpdatedAt: item.UpdatedAt,
	}
	// Per-owner keys are made of the values as stored, so that values MongoDB
	// cannot tell apart (times within a millisecond) get the same key.
	doc.NoteIDPerOwner = perOwner(doc.OwnerID, doc.NoteID)
	return doc
}

// model returns the artwork the document holds.
func (d artworkDoc) model() (model.Artwork, error) {
	item := model.Artwork{
		Title:     d.Title,
		CreatedAt: d.CreatedAt,
		UpdatedAt: d.UpdatedAt,
	}
	var err error
	if item.ID, err = uuid.Parse(d.ID); err != nil {
		return model.Artwork{}, fmt.Errorf("artwork %q: _id: %w", d.ID, err)
	}
	if item.OwnerID, err = uuid.Parse(d.OwnerID); err != nil {
		return model.Artwork{}, fmt.Errorf("artwork %s: owner_id: %w", d.ID, err)
	}
	if item.ArtistID, err = uuid.Parse(d.ArtistID); err != nil {
		return model.Artwork{}, fmt.Errorf("artwork %s: artist_id: %w", d.ID, err)
	}
	if item.NoteID, err = parseUUID(d.NoteID); err != nil {
		return model.Artwork{}, fmt.Errorf("artwork %s: note_id: %w", d.ID, err)
	}
	return item, nil
}

// uniqueKeys are the unique fields of the document that have a value.
func (d artworkDoc) uniqueKeys() []uniqueKey {
	var keys []uniqueKey
	if d.NoteIDPerOwner != nil {
		keys = append(keys, uniqueKey{field: "note_id", filter: bson.D{{Key: "note_id_per_owner", Value: *d.NoteIDPerOwner}}})
	}
	return keys
}

// parents are the ref fields of the document that hold an id.
func (d artworkDoc) parents() []parent {
	parents := []parent{
		{field: "artist_id", collection: "artists", id: d.ArtistID, entity: "artist"},
	}
	if d.NoteID != nil {
		parents = append(parents, parent{field: "note_id", collection: "notes", id: *d.NoteID, entity: "note"})
	}
	return parents
}

// artworkFilter matches the artwork with the given id when scope reaches it.
func artworkFilter(scope model.Scope, id uuid.UUID) (bson.D, error) {
	match, err := scopeFilter(scope)
	if err != nil {
		return nil, err
	}
	return append(match, bson.E{Key: "_id", Value: id.String()}), nil
}

// Create inserts item, once the documents its ref fields point at are
// found.
func (r *Artwork) Create(ctx context.Context, item model.Artwork) error {
	doc := newArtworkDoc(item)
	if err := checkParents(ctx, r.primary.Database(), doc.parents()); err != nil {
		return fmt.Errorf("create artwork: %w", err)
	}
	if _, err := r.primary.InsertOne(ctx, doc); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("create artwork: %w", duplicate(ctx, r.primary, "artwork", doc.ID, doc.uniqueKeys(), err))
		}
		return fmt.Errorf("create artwork: %w", translate(err, "artwork"))
	}
	return nil
}

// Get returns the artwork with the given id. It reads from the primary,
// so that a client finds an artwork it has just written.
func (r *Artwork) Get(ctx context.Context, scope model.Scope, id uuid.UUID) (model.Artwork, error) {
	filter, err := artworkFilter(scope, id)
	if err != nil {
		return model.Artwork{}, fmt.Errorf("get artwork: %w", err)
	}
	item, err := r.find(ctx, filter)
	if err != nil {
		return model.Artwork{}, fmt.Errorf("get artwork: %w", err)
	}
	return item, nil
}

// find reads the artwork that filter matches from the primary.
func (r *Artwork) find(ctx context.Context, filter bson.D) (model.Artwork, error) {
	var doc artworkDoc
	if err := r.primary.FindOne(ctx, filter).Decode(&doc); err != nil {
		return model.Artwork{}, translate(err, "artwork")
	}
	return doc.model()
}

// List returns the page of the artworks of the scope that q selects, from
// the replica and the index of its sort key. The total, when asked for, is
// counted by a query of its own.
func (r *Artwork) List(ctx context.Context, scope model.Scope, q model.ArtworkList) (model.Page[model.Artwork], error) {
	page, err := r.list(ctx, scope, q)
	if err != nil {
		return model.Page[model.Artwork]{}, fmt.Errorf("list artworks: %w", translate(err, "artwork"))
	}
	return page, nil
}

func (r *Artwork) list(ctx context.Context, scope model.Scope, q model.ArtworkList) (model.Page[model.Artwork], error) {
	match, err := artworkMatch(scope, q)
	if err != nil {
		return model.Page[model.Artwork]{}, err
	}
	var total *int
	if q.Count {
		n, err := r.replica.CountDocuments(ctx, match)
		if err != nil {
			return model.Page[model.Artwork]{}, err
		}
		total = new(int(n))
	}
	match, order, err := artworkOrder(q, match)
	if err != nil {
		return model.Page[model.Artwork]{}, err
	}
	cursor, err := r.replica.Find(ctx, match, options.Find().SetSort(order).SetLimit(int64(q.Limit)+1))
	if err != nil {
		return model.Page[model.Artwork]{}, err
	}
	var docs []artworkDoc
	if err := cursor.All(ctx, &docs); err != nil {
		return model.Page[model.Artwork]{}, err
	}
	items := make([]model.Artwork, len(docs))
	for i, doc := range docs {
		if items[i], err = doc.model(); err != nil {
			return model.Page[model.Artwork]{}, err
		}
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// artworkMatch is the filter of the documents of the scope that q's filter
// selects.
func artworkMatch(scope model.Scope, q model.ArtworkList) (bson.D, error) {
	match, err := scopeFilter(scope)
	if err != nil {
		return nil, err
	}
	if match, err = addConds(match, "artist_id", q.Filter.ArtistID, func(v uuid.UUID) any { return v.String() }); err != nil {
		return nil, err
	}
	if match, err = addConds(match, "note_id", q.Filter.NoteID, func(v uuid.UUID) any { return v.String() }); err != nil {
		return nil, err
	}
	return match, nil
}

// artworkOrder returns match narrowed to the documents after q's cursor,
// and the sort of q.
func artworkOrder(q model.ArtworkList, match bson.D) (bson.D, bson.D, error) {
	after, err := q.After()
	if err != nil {
		return nil, nil, err
	}
	var item model.Artwork
	if after != nil {
		item = *after
	}
	var key string
	var value any
	switch q.Sort.By() {
	case model.ArtworkByCreatedAt:
		key, value = "created_at", item.CreatedAt
	case model.ArtworkByUpdatedAt:
		key, value = "updated_at", item.UpdatedAt
	case model.ArtworkByArtistID:
		key, value = "artist_id", item.ArtistID.String()
	default:
		return nil, nil, fmt.Errorf("unknown sort key %q", q.Sort.By())
	}
	order := sortBy(key, q.Sort.Desc)
	if after != nil {
		match = keyset(match, key, value, after.ID, q.Sort.Desc)
	}
	return match, order, nil
}

// Update loads the artwork from the primary, applies fn and writes the
// fields fn changed, unless another write changed them meanwhile: then it
// pauses and starts over, calling fn again on the fresh artwork, and
// after maxAttempts tries fails with an apperr.Conflict. An error from fn
// aborts the update and is returned unchanged. A ref field fn changes must
// point at a document that exists.
func (r *Artwork) Update(ctx context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Artwork) error) (model.Artwork, error) {
	filter, err := artworkFilter(scope, id)
	if err != nil {
		return model.Artwork{}, fmt.Errorf("update artwork: %w", err)
	}
	for attempt := range maxAttempts {
		if attempt > 0 {
			if err := retryBackoff.wait(ctx, attempt-1); err != nil {
				return model.Artwork{}, fmt.Errorf("update artwork: %w", err)
			}
		}
		item, err := r.find(ctx, filter)
		if err != nil {
			return model.Artwork{}, fmt.Errorf("update artwork: %w", err)
		}
		old := newArtworkDoc(item)
		if err := fn(&item); err != nil {
			return model.Artwork{}, err
		}
		next := newArtworkDoc(item)
		var c changes
		change(&c, "title", old.Title, next.Title)
		change(&c, "artist_id", old.ArtistID, next.ArtistID)
		changeOptional(&c, "note_id", old.NoteID, next.NoteID)
		changeOptional(&c, "note_id_per_owner", old.NoteIDPerOwner, next.NoteIDPerOwner)
		change(&c, "updated_at", old.UpdatedAt, next.UpdatedAt)
		if c.empty() {
			return item, nil
		}
		if err := checkParents(ctx, r.primary.Database(), c.setParents(next.parents())); err != nil {
			return model.Artwork{}, fmt.Errorf("update artwork: %w", err)
		}
		if c.touches("note_id") {
			if err := checkUnique(ctx, r.primary, "artwork", next.ID, next.uniqueKeys()); err != nil {
				return model.Artwork{}, fmt.Errorf("update artwork: %w", err)
			}
		}
		res, err := r.primary.UpdateOne(ctx, c.filter(filter), c.update())
		switch {
		case mongo.IsDuplicateKeyError(err):
			return model.Artwork{}, fmt.Errorf("update artwork: %w", duplicate(ctx, r.primary, "artwork", next.ID, next.uniqueKeys(), err))
		case err != nil:
			return model.Artwork{}, fmt.Errorf("update artwork: %w", translate(err, "artwork"))
		case res.MatchedCount == 1:
			return item, nil
		}
	}
	return model.Artwork{}, fmt.Errorf("update artwork %s: %w", id, contention("artwork"))
}

// Delete removes the artwork with the given id, unless a ref field of
// another document points at it.
func (r *Artwork) Delete(ctx context.Context, scope model.Scope, id uuid.UUID) error {
	filter, err := artworkFilter(scope, id)
	if err != nil {
		return fmt.Errorf("delete artwork: %w", err)
	}
	if err := deleteUnreferenced(ctx, r.primary, "artwork", id.String(), filter); err != nil {
		return fmt.Errorf("delete artwork: %w", err)
	}
	return nil
}
