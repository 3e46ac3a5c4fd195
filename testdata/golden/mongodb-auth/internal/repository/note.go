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

var _ service.NoteRepository = (*Note)(nil)

// Note stores notes in the notes collection. A call reaches only
// the documents of its scope.
type Note struct {
	primary, replica *mongo.Collection
}

// NewNote returns a note repository that lists from replica and
// does everything else on primary.
func NewNote(primary, replica *mongo.Database) *Note {
	return &Note{primary: primary.Collection("notes"), replica: replica.Collection("notes")}
}

// noteDoc is a note as stored.
type noteDoc struct {
	ID        string         `bson:"_id"`
	OwnerID   string         `bson:"owner_id"`
	Title     string         `bson:"title"`
	Body      *string        `bson:"body,omitempty"`
	Due       *bson.DateTime `bson:"due,omitempty"`
	Done      bool           `bson:"done"`
	CreatedAt time.Time      `bson:"created_at"`
	UpdatedAt time.Time      `bson:"updated_at"`
}

// newNoteDoc returns the document that stores item.
func newNoteDoc(item model.Note) noteDoc {
	return noteDoc{
		ID:        item.ID.String(),
		OwnerID:   item.OwnerID.String(),
		Title:     item.Title,
		Body:      item.Body,
		Due:       dateTime(item.Due),
		Done:      item.Done,
		CreatedAt: item.CreatedAt,
		UpdatedAt: item.UpdatedAt,
	}
}

// model returns the note the document holds.
func (d noteDoc) model() (model.Note, error) {
	item := model.Note{
		Title:     d.Title,
		Body:      d.Body,
		Due:       utcTime(d.Due),
		Done:      d.Done,
		CreatedAt: d.CreatedAt,
		UpdatedAt: d.UpdatedAt,
	}
	var err error
	if item.ID, err = uuid.Parse(d.ID); err != nil {
		return model.Note{}, fmt.Errorf("note %q: _id: %w", d.ID, err)
	}
	if item.OwnerID, err = uuid.Parse(d.OwnerID); err != nil {
		return model.Note{}, fmt.Errorf("note %s: owner_id: %w", d.ID, err)
	}
	return item, nil
}

// uniqueKeys are the unique fields of the document that have a value.
func (d noteDoc) uniqueKeys() []uniqueKey {
	var keys []uniqueKey
	keys = append(keys, uniqueKey{field: "title", filter: bson.D{{Key: "owner_id", Value: d.OwnerID}, {Key: "title", Value: d.Title}}})
	return keys
}

// noteFilter matches the note with the given id when scope reaches it.
func noteFilter(scope model.Scope, id uuid.UUID) (bson.D, error) {
	match, err := scopeFilter(scope)
	if err != nil {
		return nil, err
	}
	return append(match, bson.E{Key: "_id", Value: id.String()}), nil
}

// Create inserts item.
func (r *Note) Create(ctx context.Context, item model.Note) error {
	doc := newNoteDoc(item)
	if _, err := r.primary.InsertOne(ctx, doc); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("create note: %w", duplicate(ctx, r.primary, "note", doc.ID, doc.uniqueKeys(), err))
		}
		return fmt.Errorf("create note: %w", translate(err, "note"))
	}
	return nil
}

// Get returns the note with the given id. It reads from the primary,
// so that a client finds a note it has just written.
func (r *Note) Get(ctx context.Context, scope model.Scope, id uuid.UUID) (model.Note, error) {
	filter, err := noteFilter(scope, id)
	if err != nil {
		return model.Note{}, fmt.Errorf("get note: %w", err)
	}
	item, err := r.find(ctx, filter)
	if err != nil {
		return model.Note{}, fmt.Errorf("get note: %w", err)
	}
	return item, nil
}

// find reads the note that filter matches from the primary.
func (r *Note) find(ctx context.Context, filter bson.D) (model.Note, error) {
	var doc noteDoc
	if err := r.primary.FindOne(ctx, filter).Decode(&doc); err != nil {
		return model.Note{}, translate(err, "note")
	}
	return doc.model()
}

// List returns the page of the notes of the scope that q selects, from
// the replica and the index of its sort key. The total, when asked for, is
// counted by a query of its own.
func (r *Note) List(ctx context.Context, scope model.Scope, q model.NoteList) (model.Page[model.Note], error) {
	page, err := r.list(ctx, scope, q)
	if err != nil {
		return model.Page[model.Note]{}, fmt.Errorf("list notes: %w", translate(err, "note"))
	}
	return page, nil
}

func (r *Note) list(ctx context.Context, scope model.Scope, q model.NoteList) (model.Page[model.Note], error) {
	match, err := noteMatch(scope, q)
	if err != nil {
		return model.Page[model.Note]{}, err
	}
	var total *int
	if q.Count {
		n, err := r.replica.CountDocuments(ctx, match)
		if err != nil {
			return model.Page[model.Note]{}, err
		}
		total = new(int(n))
	}
	match, order, err := noteOrder(q, match)
	if err != nil {
		return model.Page[model.Note]{}, err
	}
	cursor, err := r.replica.Find(ctx, match, options.Find().SetSort(order).SetLimit(int64(q.Limit)+1))
	if err != nil {
		return model.Page[model.Note]{}, err
	}
	var docs []noteDoc
	if err := cursor.All(ctx, &docs); err != nil {
		return model.Page[model.Note]{}, err
	}
	items := make([]model.Note, len(docs))
	for i, doc := range docs {
		if items[i], err = doc.model(); err != nil {
			return model.Page[model.Note]{}, err
		}
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// noteMatch is the filter of the documents of the scope that q's filter
// selects.
func noteMatch(scope model.Scope, q model.NoteList) (bson.D, error) {
	match, err := scopeFilter(scope)
	if err != nil {
		return nil, err
	}
	if match, err = addConds(match, "title", q.Filter.Title, func(v string) any { return v }); err != nil {
		return nil, err
	}
	if match, err = addConds(match, "done", q.Filter.Done, func(v bool) any { return v }); err != nil {
		return nil, err
	}
	return match, nil
}

// noteOrder returns match narrowed to the documents after q's cursor,
// and the sort of q.
func noteOrder(q model.NoteList, match bson.D) (bson.D, bson.D, error) {
	after, err := q.After()
	if err != nil {
		return nil, nil, err
	}
	var item model.Note
	if after != nil {
		item = *after
	}
	var key string
	var value any
	switch q.Sort.By() {
	case model.NoteByCreatedAt:
		key, value = "created_at", item.CreatedAt
	case model.NoteByUpdatedAt:
		key, value = "updated_at", item.UpdatedAt
	case model.NoteByTitle:
		key, value = "title", item.Title
	default:
		return nil, nil, fmt.Errorf("unknown sort key %q", q.Sort.By())
	}
	order := sortBy(key, q.Sort.Desc)
	if after != nil {
		match = keyset(match, key, value, after.ID, q.Sort.Desc)
	}
	return match, order, nil
}

// Update loads the note from the primary, applies fn and writes the
// fields fn changed, unless another write changed them meanwhile: then it
// pauses and starts over, calling fn again on the fresh note, and
// after maxAttempts tries fails with an apperr.Conflict. An error from fn
// aborts the update and is returned unchanged.
func (r *Note) Update(ctx context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Note) error) (model.Note, error) {
	filter, err := noteFilter(scope, id)
	if err != nil {
		return model.Note{}, fmt.Errorf("update note: %w", err)
	}
	for attempt := range maxAttempts {
		if attempt > 0 {
			if err := retryBackoff.wait(ctx, attempt-1); err != nil {
				return model.Note{}, fmt.Errorf("update note: %w", err)
			}
		}
		item, err := r.find(ctx, filter)
		if err != nil {
			return model.Note{}, fmt.Errorf("update note: %w", err)
		}
		old := newNoteDoc(item)
		if err := fn(&item); err != nil {
			return model.Note{}, err
		}
		next := newNoteDoc(item)
		var c changes
		change(&c, "title", old.Title, next.Title)
		changeOptional(&c, "body", old.Body, next.Body)
		changeOptional(&c, "due", old.Due, next.Due)
		change(&c, "done", old.Done, next.Done)
		change(&c, "updated_at", old.UpdatedAt, next.UpdatedAt)
		if c.empty() {
			return item, nil
		}
		if c.touches("title") {
			if err := checkUnique(ctx, r.primary, "note", next.ID, next.uniqueKeys()); err != nil {
				return model.Note{}, fmt.Errorf("update note: %w", err)
			}
		}
		res, err := r.primary.UpdateOne(ctx, c.filter(filter), c.update())
		switch {
		case mongo.IsDuplicateKeyError(err):
			return model.Note{}, fmt.Errorf("update note: %w", duplicate(ctx, r.primary, "note", next.ID, next.uniqueKeys(), err))
		case err != nil:
			return model.Note{}, fmt.Errorf("update note: %w", translate(err, "note"))
		case res.MatchedCount == 1:
			return item, nil
		}
	}
	return model.Note{}, fmt.Errorf("update note %s: %w", id, contention("note"))
}

// Delete removes the note with the given id, unless a ref field of
// another document points at it.
func (r *Note) Delete(ctx context.Context, scope model.Scope, id uuid.UUID) error {
	filter, err := noteFilter(scope, id)
	if err != nil {
		return fmt.Errorf("delete note: %w", err)
	}
	if err := deleteUnreferenced(ctx, r.primary, "note", id.String(), filter); err != nil {
		return fmt.Errorf("delete note: %w", err)
	}
	return nil
}
