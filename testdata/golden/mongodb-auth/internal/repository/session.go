package repository

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"example.com/feed/internal/apperr"
	"example.com/feed/internal/model"
	"example.com/feed/internal/service"
)

var (
	_ service.SessionRepository       = (*Session)(nil)
	_ service.PasswordResetRepository = (*PasswordReset)(nil)
)

// Session stores sessions in the sessions collection. Everything goes to
// the primary: a session is read right after it was written, by the
// client that logged in.
type Session struct {
	coll *mongo.Collection
}

// NewSession returns a session repository on primary.
func NewSession(primary *mongo.Database) *Session {
	return &Session{coll: primary.Collection("sessions")}
}

// sessionDoc is a session as stored.
type sessionDoc struct {
	ID          string    `bson:"_id"`
	UserID      string    `bson:"user_id"`
	RefreshHash string    `bson:"refresh_hash"`
	UserAgent   string    `bson:"user_agent"`
	IP          string    `bson:"ip"`
	CreatedAt   time.Time `bson:"created_at"`
	LastUsedAt  time.Time `bson:"last_used_at"`
	ExpiresAt   time.Time `bson:"expires_at"`
}

// model returns the session the document holds.
func (d sessionDoc) model() (model.Session, error) {
	id, err := uuid.Parse(d.ID)
	if err != nil {
		return model.Session{}, fmt.Errorf("session %q: _id: %w", d.ID, err)
	}
	userID, err := uuid.Parse(d.UserID)
	if err != nil {
		return model.Session{}, fmt.Errorf("session %q: user_id: %w", d.ID, err)
	}
	return model.Session{
		ID:          id,
		UserID:      userID,
		RefreshHash: d.RefreshHash,
		UserAgent:   d.UserAgent,
		IP:          d.IP,
		CreatedAt:   d.CreatedAt.UTC(),
		LastUsedAt:  d.LastUsedAt.UTC(),
		ExpiresAt:   d.ExpiresAt.UTC(),
	}, nil
}

// Create inserts s.
func (r *Session) Create(ctx context.Context, s model.Session) error {
	_, err := r.coll.InsertOne(ctx, sessionDoc{
		ID:          s.ID.String(),
		UserID:      s.UserID.String(),
		RefreshHash: s.RefreshHash,
		UserAgent:   s.UserAgent,
		IP:          s.IP,
		CreatedAt:   s.CreatedAt,
		LastUsedAt:  s.LastUsedAt,
		ExpiresAt:   s.ExpiresAt,
	})
	if err != nil {
		return fmt.Errorf("create session: %w", translate(err, "session"))
	}
	return nil
}

// Get returns the session with the given id.
func (r *Session) Get(ctx context.Context, id uuid.UUID) (model.Session, error) {
	var doc sessionDoc
	if err := r.coll.FindOne(ctx, bson.D{{Key: "_id", Value: id.String()}}).Decode(&doc); err != nil {
		return model.Session{}, fmt.Errorf("get session: %w", translate(err, "session"))
	}
	return doc.model()
}

// List returns the sessions of the user that expire after now, the newest
// first.
func (r *Session) List(ctx context.Context, userID uuid.UUID, now time.Time) ([]model.Session, error) {
	cursor, err := r.coll.Find(ctx,
		bson.D{
			{Key: "user_id", Value: userID.String()},
			{Key: "expires_at", Value: bson.D{{Key: "$gt", Value: now}}},
		},
		options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}}))
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", translate(err, "session"))
	}
	var docs []sessionDoc
	if err := cursor.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list sessions: %w", translate(err, "session"))
	}
	sessions := make([]model.Session, len(docs))
	for i, doc := range docs {
		if sessions[i], err = doc.model(); err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
	}
	return sessions, nil
}

// Rotate replaces the refresh digest old of the session with next in one
// single-document update, which only one of concurrent rotations can
// match.
func (r *Session) Rotate(ctx context.Context, id uuid.UUID, old, next string, usedAt, expiresAt time.Time) (bool, error) {
	res, err := r.coll.UpdateOne(ctx,
		bson.D{{Key: "_id", Value: id.String()}, {Key: "refresh_hash", Value: old}},
		bson.D{{Key: "$set", Value: bson.D{
			{Key: "refresh_hash", Value: next},
			{Key: "last_used_at", Value: usedAt},
			{Key: "expires_at", Value: expiresAt},
		}}})
	if err != nil {
		return false, fmt.Errorf("rotate session: %w", translate(err, "session"))
	}
	return res.MatchedCount == 1, nil
}

// Delete deletes the session with the given id of the user.
func (r *Session) Delete(ctx context.Context, userID, id uuid.UUID) error {
	res, err := r.coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: id.String()}, {Key: "user_id", Value: userID.String()}})
	if err != nil {
		return fmt.Errorf("delete session: %w", translate(err, "session"))
	}
	if res.DeletedCount == 0 {
		return apperr.New(apperr.NotFound, "session not found")
	}
	return nil
}

// DeleteByUser deletes every session of the user except keep.
func (r *Session) DeleteByUser(ctx context.Context, userID, keep uuid.UUID) error {
	_, err := r.coll.DeleteMany(ctx, bson.D{
		{Key: "user_id", Value: userID.String()},
		{Key: "_id", Value: bson.D{{Key: "$ne", Value: keep.String()}}},
	})
	if err != nil {
		return fmt.Errorf("delete sessions: %w", translate(err, "session"))
	}
	return nil
}

// DeleteExpired deletes the sessions that expired at or before now. A TTL
// index would do it on MongoDB itself, but not on every server that speaks
// its protocol.
func (r *Session) DeleteExpired(ctx context.Context, now time.Time) error {
	if _, err := r.coll.DeleteMany(ctx, bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lte", Value: now}}}}); err != nil {
		return fmt.Errorf("delete expired sessions: %w", translate(err, "session"))
	}
	return nil
}

// PasswordReset stores password resets in the password_resets collection,
// on the primary.
type PasswordReset struct {
	coll *mongo.Collection
}

// NewPasswordReset returns a password reset repository on primary.
func NewPasswordReset(primary *mongo.Database) *PasswordReset {
	return &PasswordReset{coll: primary.Collection("password_resets")}
}

// passwordResetDoc is a password reset as stored.
type passwordResetDoc struct {
	TokenHash string    `bson:"_id"`
	UserID    string    `bson:"user_id"`
	CreatedAt time.Time `bson:"created_at"`
	ExpiresAt time.Time `bson:"expires_at"`
}

// Create inserts pr.
func (r *PasswordReset) Create(ctx context.Context, pr model.PasswordReset) error {
	_, err := r.coll.InsertOne(ctx, passwordResetDoc{
		TokenHash: pr.TokenHash,
		UserID:    pr.UserID.String(),
		CreatedAt: pr.CreatedAt,
		ExpiresAt: pr.ExpiresAt,
	})
	if err != nil {
		return fmt.Errorf("create password reset: %w", translate(err, "password reset"))
	}
	return nil
}

// Take deletes the reset with the given token digest and returns it, in
// one single-document operation.
func (r *PasswordReset) Take(ctx context.Context, tokenHash string) (model.PasswordReset, error) {
	var doc passwordResetDoc
	if err := r.coll.FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: tokenHash}}).Decode(&doc); err != nil {
		return model.PasswordReset{}, fmt.Errorf("take password reset: %w", translate(err, "password reset"))
	}
	userID, err := uuid.Parse(doc.UserID)
	if err != nil {
		return model.PasswordReset{}, fmt.Errorf("take password reset: user_id: %w", err)
	}
	return model.PasswordReset{
		TokenHash: doc.TokenHash,
		UserID:    userID,
		CreatedAt: doc.CreatedAt.UTC(),
		ExpiresAt: doc.ExpiresAt.UTC(),
	}, nil
}

// DeleteByUser deletes every reset of the user.
func (r *PasswordReset) DeleteByUser(ctx context.Context, userID uuid.UUID) error {
	if _, err := r.coll.DeleteMany(ctx, bson.D{{Key: "user_id", Value: userID.String()}}); err != nil {
		return fmt.Errorf("delete password resets: %w", translate(err, "password reset"))
	}
	return nil
}

// DeleteExpired deletes the resets that expired at or before now.
func (r *PasswordReset) DeleteExpired(ctx context.Context, now time.Time) error {
	if _, err := r.coll.DeleteMany(ctx, bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lte", Value: now}}}}); err != nil {
		return fmt.Errorf("delete expired password resets: %w", translate(err, "password reset"))
	}
	return nil
}
