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

var _ service.EventRepository = (*Event)(nil)

// Event stores events in the events collection. A call reaches only
// the documents of its scope.
type Event struct {
	primary, replica *mongo.Collection
}

// NewEvent returns an event repository that lists from replica and
// does everything else on primary.
func NewEvent(primary, replica *mongo.Database) *Event {
	return &Event{primary: primary.Collection("events"), replica: replica.Collection("events")}
}

// eventDoc is an event as stored.
type eventDoc struct {
	ID       string          `bson:"_id"`
	OwnerID  string          `bson:"owner_id"`
	Title    string          `bson:"title"`
	Kind     model.EventKind `bson:"kind"`
	StartsAt time.Time       `bson:"starts_at"`
	Contact  *string         `bson:"contact,omitempty"`
	// ContactPerOwner is "owner/contact", the key of the index that keeps
	// contact unique per owner.
	ContactPerOwner *string   `bson:"contact_per_owner,omitempty"`
	RefCode         *string   `bson:"ref_code,omitempty"`
	Seats           *int64    `bson:"seats,omitempty"`
	Score           *float64  `bson:"score,omitempty"`
	CreatedAt       time.Time `bson:"created_at"`
	UpdatedAt       time.Time `bson:"updated_at"`
}

// newEventDoc returns the document that stores item.
func newEventDoc(item model.Event) eventDoc {
	doc := eventDoc{
		ID:        item.ID.String(),
		OwnerID:   item.OwnerID.String(),
		Title:     item.Title,
		Kind:      item.Kind,
		StartsAt:  item.StartsAt,
		Contact:   item.Contact,
		RefCode:   uuidString(item.RefCode),
		Seats:     item.Seats,
		Score:     item.Score,
		CreatedAt: item.CreatedAt,
		UpdatedAt: item.UpdatedAt,
	}
	// Per-owner keys are made of the values as stored, so that values MongoDB
	// cannot tell apart (times within a millisecond) get the same key.
	doc.ContactPerOwner = perOwner(doc.OwnerID, doc.Contact)
	return doc
}

// model returns the event the document holds.
func (d eventDoc) model() (model.Event, error) {
	item := model.Event{
		Title:     d.Title,
		Kind:      d.Kind,
		StartsAt:  d.StartsAt,
		Contact:   d.Contact,
		Seats:     d.Seats,
		Score:     d.Score,
		CreatedAt: d.CreatedAt,
		UpdatedAt: d.UpdatedAt,
	}
	var err error
	if item.ID, err = uuid.Parse(d.ID); err != nil {
		return model.Event{}, fmt.Errorf("event %q: _id: %w", d.ID, err)
	}
	if item.OwnerID, err = uuid.Parse(d.OwnerID); err != nil {
		return model.Event{}, fmt.Errorf("event %s: owner_id: %w", d.ID, err)
	}
	if item.RefCode, err = parseUUID(d.RefCode); err != nil {
		return model.Event{}, fmt.Errorf("event %s: ref_code: %w", d.ID, err)
	}
	return item, nil
}

// uniqueKeys are the unique fields of the document that have a value.
func (d eventDoc) uniqueKeys() []uniqueKey {
	var keys []uniqueKey
	if d.ContactPerOwner != nil {
		keys = append(keys, uniqueKey{field: "contact", filter: bson.D{{Key: "contact_per_owner", Value: *d.ContactPerOwner}}})
	}
	return keys
}

// eventFilter matches the event with the given id when scope reaches it.
func eventFilter(scope model.Scope, id uuid.UUID) (bson.D, error) {
	match, err := scopeFilter(scope)
	if err != nil {
		return nil, err
	}
	return append(match, bson.E{Key: "_id", Value: id.String()}), nil
}

// Create inserts item.
func (r *Event) Create(ctx context.Context, item model.Event) error {
	doc := newEventDoc(item)
	if _, err := r.primary.InsertOne(ctx, doc); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("create event: %w", duplicate(ctx, r.primary, "event", doc.ID, doc.uniqueKeys(), err))
		}
		return fmt.Errorf("create event: %w", translate(err, "event"))
	}
	return nil
}

// Get returns the event with the given id. It reads from the primary,
// so that a client finds an event it has just written.
func (r *Event) Get(ctx context.Context, scope model.Scope, id uuid.UUID) (model.Event, error) {
	filter, err := eventFilter(scope, id)
	if err != nil {
		return model.Event{}, fmt.Errorf("get event: %w", err)
	}
	item, err := r.find(ctx, filter)
	if err != nil {
		return model.Event{}, fmt.Errorf("get event: %w", err)
	}
	return item, nil
}

// find reads the event that filter matches from the primary.
func (r *Event) find(ctx context.Context, filter bson.D) (model.Event, error) {
	var doc eventDoc
	if err := r.primary.FindOne(ctx, filter).Decode(&doc); err != nil {
		return model.Event{}, translate(err, "event")
	}
	return doc.model()
}

// List returns the page of the events of the scope that q selects, from
// the replica and the index of its sort key. The total, when asked for, is
// counted by a query of its own.
func (r *Event) List(ctx context.Context, scope model.Scope, q model.EventList) (model.Page[model.Event], error) {
	page, err := r.list(ctx, scope, q)
	if err != nil {
		return model.Page[model.Event]{}, fmt.Errorf("list events: %w", translate(err, "event"))
	}
	return page, nil
}

func (r *Event) list(ctx context.Context, scope model.Scope, q model.EventList) (model.Page[model.Event], error) {
	match, err := eventMatch(scope, q)
	if err != nil {
		return model.Page[model.Event]{}, err
	}
	var total *int
	if q.Count {
		n, err := r.replica.CountDocuments(ctx, match)
		if err != nil {
			return model.Page[model.Event]{}, err
		}
		total = new(int(n))
	}
	match, order, err := eventOrder(q, match)
	if err != nil {
		return model.Page[model.Event]{}, err
	}
	cursor, err := r.replica.Find(ctx, match, options.Find().SetSort(order).SetLimit(int64(q.Limit)+1))
	if err != nil {
		return model.Page[model.Event]{}, err
	}
	var docs []eventDoc
	if err := cursor.All(ctx, &docs); err != nil {
		return model.Page[model.Event]{}, err
	}
	items := make([]model.Event, len(docs))
	for i, doc := range docs {
		if items[i], err = doc.model(); err != nil {
			return model.Page[model.Event]{}, err
		}
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// eventMatch is the filter of the documents of the scope that q's filter
// selects.
func eventMatch(scope model.Scope, q model.EventList) (bson.D, error) {
	match, err := scopeFilter(scope)
	if err != nil {
		return nil, err
	}
	if match, err = addConds(match, "kind", q.Filter.Kind, func(v model.EventKind) any { return v }); err != nil {
		return nil, err
	}
	if match, err = addConds(match, "starts_at", q.Filter.StartsAt, func(v time.Time) any { return v }); err != nil {
		return nil, err
	}
	if match, err = addConds(match, "contact", q.Filter.Contact, func(v string) any { return v }); err != nil {
		return nil, err
	}
	return match, nil
}

// eventOrder returns match narrowed to the documents after q's cursor,
// and the sort of q.
func eventOrder(q model.EventList, match bson.D) (bson.D, bson.D, error) {
	after, err := q.After()
	if err != nil {
		return nil, nil, err
	}
	var item model.Event
	if after != nil {
		item = *after
	}
	var key string
	var value any
	switch q.Sort.By() {
	case model.EventByCreatedAt:
		key, value = "created_at", item.CreatedAt
	case model.EventByUpdatedAt:
		key, value = "updated_at", item.UpdatedAt
	case model.EventByStartsAt:
		key, value = "starts_at", item.StartsAt
	default:
		return nil, nil, fmt.Errorf("unknown sort key %q", q.Sort.By())
	}
	order := sortBy(key, q.Sort.Desc)
	if after != nil {
		match = keyset(match, key, value, after.ID, q.Sort.Desc)
	}
	return match, order, nil
}

// Update loads the event from the primary, applies fn and writes the
// fields fn changed, unless another write changed them meanwhile: then it
// pauses and starts over, calling fn again on the fresh event, and
// after maxAttempts tries fails with an apperr.Conflict. An error from fn
// aborts the update and is returned unchanged.
func (r *Event) Update(ctx context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Event) error) (model.Event, error) {
	filter, err := eventFilter(scope, id)
	if err != nil {
		return model.Event{}, fmt.Errorf("update event: %w", err)
	}
	for attempt := range maxAttempts {
		if attempt > 0 {
			if err := retryBackoff.wait(ctx, attempt-1); err != nil {
				return model.Event{}, fmt.Errorf("update event: %w", err)
			}
		}
		item, err := r.find(ctx, filter)
		if err != nil {
			return model.Event{}, fmt.Errorf("update event: %w", err)
		}
		old := newEventDoc(item)
		if err := fn(&item); err != nil {
			return model.Event{}, err
		}
		next := newEventDoc(item)
		var c changes
		change(&c, "title", old.Title, next.Title)
		change(&c, "kind", old.Kind, next.Kind)
		change(&c, "starts_at", old.StartsAt, next.StartsAt)
		changeOptional(&c, "contact", old.Contact, next.Contact)
		changeOptional(&c, "contact_per_owner", old.ContactPerOwner, next.ContactPerOwner)
		changeOptional(&c, "ref_code", old.RefCode, next.RefCode)
		changeOptional(&c, "seats", old.Seats, next.Seats)
		changeOptional(&c, "score", old.Score, next.Score)
		change(&c, "updated_at", old.UpdatedAt, next.UpdatedAt)
		if c.empty() {
			return item, nil
		}
		if c.touches("contact") {
			if err := checkUnique(ctx, r.primary, "event", next.ID, next.uniqueKeys()); err != nil {
				return model.Event{}, fmt.Errorf("update event: %w", err)
			}
		}
		res, err := r.primary.UpdateOne(ctx, c.filter(filter), c.update())
		switch {
		case mongo.IsDuplicateKeyError(err):
			return model.Event{}, fmt.Errorf("update event: %w", duplicate(ctx, r.primary, "event", next.ID, next.uniqueKeys(), err))
		case err != nil:
			return model.Event{}, fmt.Errorf("update event: %w", translate(err, "event"))
		case res.MatchedCount == 1:
			return item, nil
		}
	}
	return model.Event{}, fmt.Errorf("update event %s: %w", id, contention("event"))
}

// Delete removes the event with the given id, unless a ref field of
// another document points at it.
func (r *Event) Delete(ctx context.Context, scope model.Scope, id uuid.UUID) error {
	filter, err := eventFilter(scope, id)
	if err != nil {
		return fmt.Errorf("delete event: %w", err)
	}
	if err := deleteUnreferenced(ctx, r.primary, "event", id.String(), filter); err != nil {
		return fmt.Errorf("delete event: %w", err)
	}
	return nil
}
