package repository

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"example.com/demo/internal/model"
	"example.com/demo/internal/service"
)

var _ service.ArtworkRepository = (*Artwork)(nil)

// Artwork stores artworks in the artworks collection.
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
	ID        string    `bson:"_id"`
	Title     string    `bson:"title"`
	Year      *int64    `bson:"year,omitempty"`
	ArtistID  string    `bson:"artist_id"`
	EventID   *string   `bson:"event_id,omitempty"`
	CreatedAt time.Time `bson:"created_at"`
	UpdatedAt time.Time `bson:"updated_at"`
}

// newArtworkDoc returns the document that stores item.
func newArtworkDoc(item model.Artwork) artworkDoc {
	return artworkDoc{
		ID:        item.ID.String(),
		Title:     item.Title,
		Year:      item.Year,
		ArtistID:  item.ArtistID.String(),
		EventID:   uuidString(item.EventID),
		CreatedAt: item.CreatedAt,
		UpdatedAt: item.UpdatedAt,
	}
}

// model returns the artwork the document holds.
func (d artworkDoc) model() (model.Artwork, error) {
	item := model.Artwork{
		Title:     d.Title,
		Year:      d.Year,
		CreatedAt: d.CreatedAt,
		UpdatedAt: d.UpdatedAt,
	}
	var err error
	if item.ID, err = uuid.Parse(d.ID); err != nil {
		return model.Artwork{}, fmt.Errorf("artwork %q: _id: %w", d.ID, err)
	}
	if item.ArtistID, err = uuid.Parse(d.ArtistID); err != nil {
		return model.Artwork{}, fmt.Errorf("artwork %s: artist_id: %w", d.ID, err)
	}
	if item.EventID, err = parseUUID(d.EventID); err != nil {
		return model.Artwork{}, fmt.Errorf("artwork %s: event_id: %w", d.ID, err)
	}
	return item, nil
}

// parents are the ref fields of the document that hold an id.
func (d artworkDoc) parents() []parent {
	parents := []parent{
		{field: "artist_id", collection: "artists", id: d.ArtistID, entity: "artist"},
	}
	if d.EventID != nil {
		parents = append(parents, parent{field: "event_id", collection: "events", id: *d.EventID, entity: "event"})
	}
	return parents
}

// artworkFilter matches the artwork with the given id.
func artworkFilter(id uuid.UUID) bson.D {
	return bson.D{{Key: "_id", Value: id.String()}}
}

// Create inserts item, once the documents its ref fields point at are
// found.
func (r *Artwork) Create(ctx context.Context, item model.Artwork) error {
	doc := newArtworkDoc(item)
	if err := checkParents(ctx, r.primary.Database(), doc.parents()); err != nil {
		return fmt.Errorf("create artwork: %w", err)
	}
	if _, err := r.primary.InsertOne(ctx, doc); err != nil {
		return fmt.Errorf("create artwork: %w", translate(err, "artwork"))
	}
	return nil
}

// Get returns the artwork with the given id. It reads from the primary,
// so that a client finds an artwork it has just written.
func (r *Artwork) Get(ctx context.Context, id uuid.UUID) (model.Artwork, error) {
	item, err := r.find(ctx, artworkFilter(id))
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

// List returns the page of the artworks that q selects, from
// the replica and the index of its sort key. The total, when asked for, is
// counted by a query of its own.
func (r *Artwork) List(ctx context.Context, q model.ArtworkList) (model.Page[model.Artwork], error) {
	page, err := r.list(ctx, q)
	if err != nil {
		return model.Page[model.Artwork]{}, fmt.Errorf("list artworks: %w", translate(err, "artwork"))
	}
	return page, nil
}

func (r *Artwork) list(ctx context.Context, q model.ArtworkList) (model.Page[model.Artwork], error) {
	match, err := artworkMatch(q)
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

// artworkMatch is the filter of the documents that q's filter
// selects.
func artworkMatch(q model.ArtworkList) (bson.D, error) {
	match := bson.D{}
	var err error
	if match, err = addConds(match, "artist_id", q.Filter.ArtistID, func(v uuid.UUID) any { return v.String() }); err != nil {
		return nil, err
	}
	if match, err = addConds(match, "event_id", q.Filter.EventID, func(v uuid.UUID) any { return v.String() }); err != nil {
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
func (r *Artwork) Update(ctx context.Context, id uuid.UUID, fn func(*model.Artwork) error) (model.Artwork, error) {
	filter := artworkFilter(id)
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
		changeOptional(&c, "year", old.Year, next.Year)
		change(&c, "artist_id", old.ArtistID, next.ArtistID)
		changeOptional(&c, "event_id", old.EventID, next.EventID)
		change(&c, "updated_at", old.UpdatedAt, next.UpdatedAt)
		if c.empty() {
			return item, nil
		}
		if err := checkParents(ctx, r.primary.Database(), c.setParents(next.parents())); err != nil {
			return model.Artwork{}, fmt.Errorf("update artwork: %w", err)
		}
		res, err := r.primary.UpdateOne(ctx, c.filter(filter), c.update())
		switch {
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
func (r *Artwork) Delete(ctx context.Context, id uuid.UUID) error {
	filter := artworkFilter(id)
	if err := deleteUnreferenced(ctx, r.primary, "artwork", id.String(), filter); err != nil {
		return fmt.Errorf("delete artwork: %w", err)
	}
	return nil
}
