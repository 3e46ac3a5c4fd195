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

// List returns a page of the artworks that match filter, ordered by
// creation time and id, and the number of them in total. The two are read
// one after the other, so a concurrent write may land between them.
func (r *Artwork) List(ctx context.Context, filter model.ArtworkFilter, skip, limit int) ([]model.Artwork, int, error) {
	match := bson.D{}
	if filter.ArtistID.Valid {
		match = append(match, bson.E{Key: "artist_id", Value: filter.ArtistID.UUID.String()})
	}
	if filter.EventID.Valid {
		match = append(match, bson.E{Key: "event_id", Value: filter.EventID.UUID.String()})
	}
	total, err := r.replica.CountDocuments(ctx, match)
	if err != nil {
		return nil, 0, fmt.Errorf("list artworks: %w", translate(err, "artwork"))
	}
	cursor, err := r.replica.Find(ctx, match, options.Find().
		SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}).
		SetSkip(int64(skip)).
		SetLimit(int64(limit)))
	if err != nil {
		return nil, 0, fmt.Errorf("list artworks: %w", translate(err, "artwork"))
	}
	var docs []artworkDoc
	if err := cursor.All(ctx, &docs); err != nil {
		return nil, 0, fmt.Errorf("list artworks: %w", translate(err, "artwork"))
	}
	items := make([]model.Artwork, len(docs))
	for i, doc := range docs {
		if items[i], err = doc.model(); err != nil {
			return nil, 0, fmt.Errorf("list artworks: %w", err)
		}
	}
	return items, int(total), nil
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
