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

// List returns the page of the artists that q selects, from
// the replica and the index of its sort key. The total, when asked for, is
// counted by a query of its own.
func (r *Artist) List(ctx context.Context, q model.ArtistList) (model.Page[model.Artist], error) {
	page, err := r.list(ctx, q)
	if err != nil {
		return model.Page[model.Artist]{}, fmt.Errorf("list artists: %w", translate(err, "artist"))
	}
	return page, nil
}

func (r *Artist) list(ctx context.Context, q model.ArtistList) (model.Page[model.Artist], error) {
	match, err := artistMatch(q)
	if err != nil {
		return model.Page[model.Artist]{}, err
	}
	var total *int
	if q.Count {
		n, err := r.replica.CountDocuments(ctx, match)
		if err != nil {
			return model.Page[model.Artist]{}, err
		}
		total = new(int(n))
	}
	match, order, err := artistOrder(q, match)
	if err != nil {
		return model.Page[model.Artist]{}, err
	}
	cursor, err := r.replica.Find(ctx, match, options.Find().SetSort(order).SetLimit(int64(q.Limit)+1))
	if err != nil {
		return model.Page[model.Artist]{}, err
	}
	var docs []artistDoc
	if err := cursor.All(ctx, &docs); err != nil {
		return model.Page[model.Artist]{}, err
	}
	items := make([]model.Artist, len(docs))
	for i, doc := range docs {
		if items[i], err = doc.model(); err != nil {
			return model.Page[model.Artist]{}, err
		}
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// artistMatch is the filter of the documents that q's filter
// selects.
func artistMatch(q model.ArtistList) (bson.D, error) {
	match := bson.D{}
	var err error
	if match, err = addConds(match, "name", q.Filter.Name, func(v string) any { return v }); err != nil {
		return nil, err
	}
	if match, err = addConds(match, "active", q.Filter.Active, func(v bool) any { return v }); err != nil {
		return nil, err
	}
	return match, nil
}

// artistOrder returns match narrowed to the documents after q's cursor,
// and the sort of q.
func artistOrder(q model.ArtistList, match bson.D) (bson.D, bson.D, error) {
	after, err := q.After()
	if err != nil {
		return nil, nil, err
	}
	var item model.Artist
	if after != nil {
		item = *after
	}
	var key string
	var value any
	switch q.Sort.By() {
	case model.ArtistByCreatedAt:
		key, value = "created_at", item.CreatedAt
	case model.ArtistByUpdatedAt:
		key, value = "updated_at", item.UpdatedAt
	case model.ArtistByName:
		key, value = "name", item.Name
	default:
		return nil, nil, fmt.Errorf("unknown sort key %q", q.Sort.By())
	}
	order := sortBy(key, q.Sort.Desc)
	if after != nil {
		match = keyset(match, key, value, after.ID, q.Sort.Desc)
	}
	return match, order, nil
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
