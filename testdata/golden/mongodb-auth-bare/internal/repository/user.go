package repository

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"example.com/bare/internal/model"
	"example.com/bare/internal/service"
)

var _ service.UserRepository = (*User)(nil)

// User stores accounts in the users collection. Emails are stored in lower
// case, which makes them unique regardless of case.
type User struct {
	primary, replica *mongo.Collection
}

// NewUser returns a user repository that lists from replica and does
// everything else on primary.
func NewUser(primary, replica *mongo.Database) *User {
	return &User{primary: primary.Collection("users"), replica: replica.Collection("users")}
}

// userDoc is a user as stored.
type userDoc struct {
	ID           string    `bson:"_id"`
	Email        string    `bson:"email"`
	FullName     *string   `bson:"full_name,omitempty"`
	PasswordHash string    `bson:"password_hash"`
	IsActive     bool      `bson:"is_active"`
	IsSuperuser  bool      `bson:"is_superuser"`
	CreatedAt    time.Time `bson:"created_at"`
	UpdatedAt    time.Time `bson:"updated_at"`
}

func newUserDoc(u model.User) userDoc {
	return userDoc{
		ID:           u.ID.String(),
		Email:        strings.ToLower(u.Email),
		FullName:     u.FullName,
		PasswordHash: u.PasswordHash,
		IsActive:     u.IsActive,
		IsSuperuser:  u.IsSuperuser,
		CreatedAt:    u.CreatedAt,
		UpdatedAt:    u.UpdatedAt,
	}
}

// model returns the user the document holds.
func (d userDoc) model() (model.User, error) {
	id, err := uuid.Parse(d.ID)
	if err != nil {
		return model.User{}, fmt.Errorf("user %q: _id: %w", d.ID, err)
	}
	return model.User{
		ID:           id,
		Email:        d.Email,
		FullName:     d.FullName,
		PasswordHash: d.PasswordHash,
		IsActive:     d.IsActive,
		IsSuperuser:  d.IsSuperuser,
		CreatedAt:    d.CreatedAt,
		UpdatedAt:    d.UpdatedAt,
	}, nil
}

// uniqueKeys are the unique fields of the document.
func (d userDoc) uniqueKeys() []uniqueKey {
	return []uniqueKey{{field: "email", filter: bson.D{{Key: "email", Value: d.Email}}}}
}

// Create inserts u, its email in lower case.
func (r *User) Create(ctx context.Context, u model.User) error {
	doc := newUserDoc(u)
	if _, err := r.primary.InsertOne(ctx, doc); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("create user: %w", duplicate(ctx, r.primary, "user", doc.ID, doc.uniqueKeys(), err))
		}
		return fmt.Errorf("create user: %w", translate(err, "user"))
	}
	return nil
}

// Get returns the user with the given id. It reads from the primary, as
// authentication does, so that a user is found right after registering.
func (r *User) Get(ctx context.Context, id uuid.UUID) (model.User, error) {
	u, err := r.find(ctx, bson.D{{Key: "_id", Value: id.String()}})
	if err != nil {
		return model.User{}, fmt.Errorf("get user: %w", err)
	}
	return u, nil
}

// GetFresh returns the user with the given id; this store has no cache,
// so it is Get.
func (r *User) GetFresh(ctx context.Context, id uuid.UUID) (model.User, error) {
	return r.Get(ctx, id)
}

// GetByEmail returns the user with the given email, compared without
// regard to case. It reads from the primary, so that a user who has just
// registered can log in.
func (r *User) GetByEmail(ctx context.Context, email string) (model.User, error) {
	u, err := r.find(ctx, bson.D{{Key: "email", Value: strings.ToLower(email)}})
	if err != nil {
		return model.User{}, fmt.Errorf("get user by email: %w", err)
	}
	return u, nil
}

// find reads the user filter matches from the primary.
func (r *User) find(ctx context.Context, filter bson.D) (model.User, error) {
	var doc userDoc
	if err := r.primary.FindOne(ctx, filter).Decode(&doc); err != nil {
		return model.User{}, translate(err, "user")
	}
	return doc.model()
}

// List returns the page of the users that q selects, from
// the replica and the index of its sort key. The total, when asked for, is
// counted by a query of its own.
func (r *User) List(ctx context.Context, q model.UserList) (model.Page[model.User], error) {
	page, err := r.list(ctx, q)
	if err != nil {
		return model.Page[model.User]{}, fmt.Errorf("list users: %w", translate(err, "user"))
	}
	return page, nil
}

func (r *User) list(ctx context.Context, q model.UserList) (model.Page[model.User], error) {
	match, err := userMatch(q)
	if err != nil {
		return model.Page[model.User]{}, err
	}
	var total *int
	if q.Count {
		n, err := r.replica.CountDocuments(ctx, match)
		if err != nil {
			return model.Page[model.User]{}, err
		}
		total = new(int(n))
	}
	match, order, err := userOrder(q, match)
	if err != nil {
		return model.Page[model.User]{}, err
	}
	cursor, err := r.replica.Find(ctx, match, options.Find().SetSort(order).SetLimit(int64(q.Limit)+1))
	if err != nil {
		return model.Page[model.User]{}, err
	}
	var docs []userDoc
	if err := cursor.All(ctx, &docs); err != nil {
		return model.Page[model.User]{}, err
	}
	items := make([]model.User, len(docs))
	for i, doc := range docs {
		if items[i], err = doc.model(); err != nil {
			return model.Page[model.User]{}, err
		}
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// userMatch is the filter of the documents that q's filter
// selects.
func userMatch(q model.UserList) (bson.D, error) {
	match := bson.D{}
	var err error
	if match, err = addConds(match, "email", q.Filter.Email, func(v string) any { return v }); err != nil {
		return nil, err
	}
	if match, err = addConds(match, "is_active", q.Filter.IsActive, func(v bool) any { return v }); err != nil {
		return nil, err
	}
	if match, err = addConds(match, "is_superuser", q.Filter.IsSuperuser, func(v bool) any { return v }); err != nil {
		return nil, err
	}
	return match, nil
}

// userOrder returns match narrowed to the documents after q's cursor,
// and the sort of q.
func userOrder(q model.UserList, match bson.D) (bson.D, bson.D, error) {
	after, err := q.After()
	if err != nil {
		return nil, nil, err
	}
	var item model.User
	if after != nil {
		item = *after
	}
	var key string
	var value any
	switch q.Sort.By() {
	case model.UserByCreatedAt:
		key, value = "created_at", item.CreatedAt
	case model.UserByUpdatedAt:
		key, value = "updated_at", item.UpdatedAt
	case model.UserByEmail:
		key, value = "email", item.Email
	default:
		return nil, nil, fmt.Errorf("unknown sort key %q", q.Sort.By())
	}
	order := sortBy(key, q.Sort.Desc)
	if after != nil {
		match = keyset(match, key, value, after.ID, q.Sort.Desc)
	}
	return match, order, nil
}

// Update loads the user from the primary, applies fn and writes the fields
// fn changed, the email in lower case, unless another write changed them
// meanwhile: then it pauses and starts over, calling fn again on the fresh
// user, and after maxAttempts tries fails with an apperr.Conflict. An error
// from fn aborts the update and is returned unchanged.
func (r *User) Update(ctx context.Context, id uuid.UUID, fn func(*model.User) error) (model.User, error) {
	filter := bson.D{{Key: "_id", Value: id.String()}}
	for attempt := range maxAttempts {
		if attempt > 0 {
			if err := retryBackoff.wait(ctx, attempt-1); err != nil {
				return model.User{}, fmt.Errorf("update user: %w", err)
			}
		}
		u, err := r.find(ctx, filter)
		if err != nil {
			return model.User{}, fmt.Errorf("update user: %w", err)
		}
		old := newUserDoc(u)
		if err := fn(&u); err != nil {
			return model.User{}, err
		}
		next := newUserDoc(u)
		u.Email = next.Email
		var c changes
		change(&c, "email", old.Email, next.Email)
		changeOptional(&c, "full_name", old.FullName, next.FullName)
		change(&c, "password_hash", old.PasswordHash, next.PasswordHash)
		change(&c, "is_active", old.IsActive, next.IsActive)
		change(&c, "is_superuser", old.IsSuperuser, next.IsSuperuser)
		change(&c, "updated_at", old.UpdatedAt, next.UpdatedAt)
		if c.empty() {
			return u, nil
		}
		if c.touches("email") {
			if err := checkUnique(ctx, r.primary, "user", next.ID, next.uniqueKeys()); err != nil {
				return model.User{}, fmt.Errorf("update user: %w", err)
			}
		}
		res, err := r.primary.UpdateOne(ctx, c.filter(filter), c.update())
		switch {
		case mongo.IsDuplicateKeyError(err):
			return model.User{}, fmt.Errorf("update user: %w", duplicate(ctx, r.primary, "user", next.ID, next.uniqueKeys(), err))
		case err != nil:
			return model.User{}, fmt.Errorf("update user: %w", translate(err, "user"))
		case res.MatchedCount == 1:
			return u, nil
		}
	}
	return model.User{}, fmt.Errorf("update user %s: %w", id, contention("user"))
}
