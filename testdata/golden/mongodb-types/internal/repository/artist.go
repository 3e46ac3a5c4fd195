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

var _ service.ArtistRepository = (*Artist)(nil)

// Artist stores artists in the artists collection.
type Artist struct {
	primary, replica *mongo.Collection
}

// NewArtist returns an artist repository that lists from replica and
// does everything else on primary.
func NewArtist(primary, replica *mongo.Database) *Artist {
	return &Artist{primary: primary.Collection("artists"), replica: replica.Collection("artists")}
}

// artistDoc is an artist as stored.
type artistDoc struct {
	ID        string         `bson:"_id"`
	Name      string         `bson:"name"`
	Bio       *string        `bson:"bio,omitempty"`
	Born      *bson.DateTime `bson:"born,omitempty"`
	Rating    *float64       `bson:"rating,omitempty"`
	Active    bool           `bson:"active"`
	CreatedAt time.Time      `bson:"created_at"`
	UpdatedAt time.Time      `bson:"updated_at"`
}

// newArtistDoc returns the document that stores item.
func newArtistDoc(item model.Artist) artistDoc {
	return artistDoc{
		ID:        item.ID.String(),
		Name:      item.Name,
		Bio:       item.Bio,
		Born:      dateTime(item.Born),
		Rating:    item.Rating,
		Active:    item.Active,
		CreatedAt: item.CreatedAt,
		UpdatedAt: item.UpdatedAt,
	}
}

// model returns the artist the document holds.
func (d artistDoc) model() (model.Artist, error) {
	item := model.Artist{
		Name:      d.Name,
		Bio:       d.Bio,
		Born:      utcTime(d.Born),
		Rating:    d.Rating,
		Active:    d.Active,
		CreatedAt: d.CreatedAt,
		UpdatedAt: d.UpdatedAt,
	}
	var err error
	if item.ID, err = uuid.Parse(d.ID); err != nil {
		return model.Artist{}, fmt.Errorf("artist %q: _id: %w", d.ID, err)
	}
	return item, nil
}

// uniqueKeys are the unique fields of the document that have a value.
func (d artistDoc) uniqueKeys() []uniqueKey {
	var keys []uniqueKey
	keys = append(keys, uniqueKey{field: "name", filter: bson.D{{Key: "name", Value: d.Name}}})
	return keys
}

// artistFilter matches the artist with the given id.
func artistFilter(id uuid.UUID) bson.D {
	return bson.D{{Key: "_id", Value: id.String()}}
}

// Create inserts item.
func (r *Artist) Create(ctx context.Context, item model.Artist) error {
	doc := newArtistDoc(item)
	if _, err := r.primary.InsertOne(ctx, doc); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("create artist: %w", duplicate(ctx, r.primary, "artist", doc.ID, doc.uniqueKeys(), err))
		}
		return fmt.Errorf("create artist: %w", translate(err, "artist"))
	}
	return nil
}

// Get returns the artist with the given id. It reads from the primary,
// so that a client finds an artist it has just written.
func (r *Artist) Get(ctx context.Context, id uuid.UUID) (model.Artist, error) {
	item, err := r.find(ctx, artistFilter(id))
	if err != nil {
		return model.Artist{}, fmt.Errorf("get artist: %w", err)
	}
	return item, nil
}

// find reads the artist that filter matches from the primary.
func (r *Artist) find(ctx context.Context, filter bson.D) (model.Artist, error) {
	var doc artistDoc
	if err := r.primary.FindOne(ctx, filter).Decode(&doc); err != nil {
		return model.Artist{}, translate(err, "artist")
	}
	return doc.model()
}

// List returns a page of artists ordered by creation time and id, and the
// number of artists in total. The two are read one after the other, so
// a concurrent write may land between them.
func (r *Artist) List(ctx context.Context, skip, limit int) ([]model.Artist, int, error) {
	match := bson.D{}
	total, err := r.replica.CountDocuments(ctx, match)
	if err != nil {
		return nil, 0, fmt.Errorf("list artists: %w", translate(err, "artist"))
	}
	cursor, err := r.replica.Find(ctx, match, options.Find().
		SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}).
		SetSkip(int64(skip)).
		SetLimit(int64(limit)))
	if err != nil {
		return nil, 0, fmt.Errorf("list artists: %w", translate(err, "artist"))
	}
	var docs []artistDoc
	if err := cursor.All(ctx, &docs); err != nil {
		return nil, 0, fmt.Errorf("list artists: %w", translate(err, "artist"))
	}
	items := make([]model.Artist, len(docs))
	for i, doc := range docs {
		if items[i], err = doc.model(); err != nil {
			return nil, 0, fmt.Errorf("list artists: %w", err)
		}
	}
	return items, int(total), nil
}

// Update loads the artist from the primary, applies fn and writes the
// fields fn changed, unless another write changed them meanwhile: then it
// pauses and starts over, calling fn again on the fresh artist, and
// after maxAttempts tries fails with an apperr.Conflict. An error from fn
// aborts the update and is returned unchanged.
func (r *Artist) Update(ctx context.Context, id uuid.UUID, fn func(*model.Artist) error) (model.Artist, error) {
	filter := artistFilter(id)
	for attempt := range maxAttempts {
		if attempt > 0 {
			if err := retryBackoff.wait(ctx, attempt-1); err != nil {
				return model.Artist{}, fmt.Errorf("update artist: %w", err)
			}
		}
		item, err := r.find(ctx, filter)
		if err != nil {
			return model.Artist{}, fmt.Errorf("update artist: %w", err)
		}
		old := newArtistDoc(item)
		if err := fn(&item); err != nil {
			return model.Artist{}, err
		}
		next := newArtistDoc(item)
		var c changes
		change(&c, "name", old.Name, next.Name)
		changeOptional(&c, "bio", old.Bio, next.Bio)
		changeOptional(&c, "born", old.Born, next.Born)
		changeOptional(&c, "rating", old.Rating, next.Rating)
		change(&c, "active", old.Active, next.Active)
		change(&c, "updated_at", old.UpdatedAt, next.UpdatedAt)
		if c.empty() {
			return item, nil
		}
		if c.touches("name") {
			if err := checkUnique(ctx, r.primary, "artist", next.ID, next.uniqueKeys()); err != nil {
				return model.Artist{}, fmt.Errorf("update artist: %w", err)
			}
		}
		res, err := r.primary.UpdateOne(ctx, c.filter(filter), c.update())
		switch {
		case mongo.IsDuplicateKeyError(err):
			return model.Artist{}, fmt.Errorf("update artist: %w", duplicate(ctx, r.primary, "artist", next.ID, next.uniqueKeys(), err))
		case err != nil:
			return model.Artist{}, fmt.Errorf("update artist: %w", translate(err, "artist"))
		case res.MatchedCount == 1:
			return item, nil
		}
	}
	return model.Artist{}, fmt.Errorf("update artist %s: %w", id, contention("artist"))
}

// Delete removes the artist with the given id, unless a ref field of
// another document points at it.
func (r *Artist) Delete(ctx context.Context, id uuid.UUID) error {
	filter := artistFilter(id)
	if err := deleteUnreferenced(ctx, r.primary, "artist", id.String(), filter); err != nil {
		return fmt.Errorf("delete artist: %w", err)
	}
	return nil
}
