package repository

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/model"
	"example.com/shop/internal/service"
)

var (
	_ service.SessionRepository       = (*Session)(nil)
	_ service.PasswordResetRepository = (*PasswordReset)(nil)
)

// Session stores sessions in the sessions table. Everything goes to the
// primary: a session is read right after it was written, by the client
// that logged in.
type Session struct {
	primary *pgxpool.Pool
}

// NewSession returns a session repository on primary.
func NewSession(primary *pgxpool.Pool) *Session {
	return &Session{primary: primary}
}

const sessionColumns = `id, user_id, refresh_hash, user_agent, ip, created_at, last_used_at, expires_at`

// scanSession reads a row of sessionColumns.
func scanSession(row pgx.Row) (model.Session, error) {
	var s model.Session
	err := row.Scan(&s.ID, &s.UserID, &s.RefreshHash, &s.UserAgent, &s.IP, &s.CreatedAt, &s.LastUsedAt, &s.ExpiresAt)
	if err != nil {
		return model.Session{}, err
	}
	// pgx returns timestamptz values in the local time zone.
	s.CreatedAt, s.LastUsedAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastUsedAt.UTC(), s.ExpiresAt.UTC()
	return s, nil
}

// Create inserts s.
func (r *Session) Create(ctx context.Context, s model.Session) error {
	_, err := r.primary.Exec(ctx,
		`INSERT INTO sessions (`+sessionColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		s.ID, s.UserID, s.RefreshHash, s.UserAgent, s.IP, s.CreatedAt, s.LastUsedAt, s.ExpiresAt,
	)
	if err != nil {
		return fmt.Errorf("create session: %w", translate(err, "session"))
	}
	return nil
}

// Get returns the session with the given id.
func (r *Session) Get(ctx context.Context, id uuid.UUID) (model.Session, error) {
	s, err := scanSession(r.primary.QueryRow(ctx,
		`SELECT `+sessionColumns+` FROM sessions WHERE id = $1`, id))
	if err != nil {
		return model.Session{}, fmt.Errorf("get session: %w", translate(err, "session"))
	}
	return s, nil
}

// List returns the sessions of the user that expire after now, the newest
// first.
func (r *Session) List(ctx context.Context, userID uuid.UUID, now time.Time) ([]model.Session, error) {
	rows, err := r.primary.Query(ctx,
		`SELECT `+sessionColumns+` FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC, id DESC`,
		userID, now)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", translate(err, "session"))
	}
	sessions, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Session, error) { return scanSession(row) })
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", translate(err, "session"))
	}
	return sessions, nil
}

// Rotate replaces the refresh digest old of the session with next in one
// statement, which only one of concurrent rotations can match.
func (r *Session) Rotate(ctx context.Context, id uuid.UUID, old, next string, usedAt, expiresAt time.Time) (bool, error) {
	tag, err := r.primary.Exec(ctx,
		`UPDATE sessions SET refresh_hash = $1, last_used_at = $2, expires_at = $3 WHERE id = $4 AND refresh_hash = $5`,
		next, usedAt, expiresAt, id, old)
	if err != nil {
		return false, fmt.Errorf("rotate session: %w", translate(err, "session"))
	}
	return tag.RowsAffected() == 1, nil
}

// Delete deletes the session with the given id of the user.
func (r *Session) Delete(ctx context.Context, userID, id uuid.UUID) error {
	tag, err := r.primary.Exec(ctx, `DELETE FROM sessions WHERE id = $1 AND user_id = $2`, id, userID)
	if err != nil {
		return fmt.Errorf("delete session: %w", translate(err, "session"))
	}
	if tag.RowsAffected() == 0 {
		return apperr.New(apperr.NotFound, "session not found")
	}
	return nil
}

// DeleteByUser deletes every session of the user except keep.
func (r *Session) DeleteByUser(ctx context.Context, userID, keep uuid.UUID) error {
	if _, err := r.primary.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, userID, keep); err != nil {
		return fmt.Errorf("delete sessions: %w", translate(err, "session"))
	}
	return nil
}

// DeleteExpired deletes the sessions that expired at or before now.
func (r *Session) DeleteExpired(ctx context.Context, now time.Time) error {
	if _, err := r.primary.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now); err != nil {
		return fmt.Errorf("delete expired sessions: %w", translate(err, "session"))
	}
	return nil
}

// PasswordReset stores password resets in the password_resets table, on
// the primary.
type PasswordReset struct {
	primary *pgxpool.Pool
}

// NewPasswordReset returns a password reset repository on primary.
func NewPasswordReset(primary *pgxpool.Pool) *PasswordReset {
	return &PasswordReset{primary: primary}
}

// Create inserts pr.
func (r *PasswordReset) Create(ctx context.Context, pr model.PasswordReset) error {
	_, err := r.primary.Exec(ctx,
		`INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		pr.TokenHash, pr.UserID, pr.CreatedAt, pr.ExpiresAt)
	if err != nil {
		return fmt.Errorf("create password reset: %w", translate(err, "password reset"))
	}
	return nil
}

// Take deletes the reset with the given token digest and returns it, in
// one statement.
func (r *PasswordReset) Take(ctx context.Context, tokenHash string) (model.PasswordReset, error) {
	pr := model.PasswordReset{TokenHash: tokenHash}
	err := r.primary.QueryRow(ctx,
		`DELETE FROM password_resets WHERE token_hash = $1 RETURNING user_id, created_at, expires_at`, tokenHash,
	).Scan(&pr.UserID, &pr.CreatedAt, &pr.ExpiresAt)
	if err != nil {
		return model.PasswordReset{}, fmt.Errorf("take password reset: %w", translate(err, "password reset"))
	}
	pr.CreatedAt, pr.ExpiresAt = pr.CreatedAt.UTC(), pr.ExpiresAt.UTC()
	return pr, nil
}

// DeleteByUser deletes every reset of the user.
func (r *PasswordReset) DeleteByUser(ctx context.Context, userID uuid.UUID) error {
	if _, err := r.primary.Exec(ctx, `DELETE FROM password_resets WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("delete password resets: %w", translate(err, "password reset"))
	}
	return nil
}

// DeleteExpired deletes the resets that expired at or before now.
func (r *PasswordReset) DeleteExpired(ctx context.Context, now time.Time) error {
	if _, err := r.primary.Exec(ctx, `DELETE FROM password_resets WHERE expires_at <= $1`, now); err != nil {
		return fmt.Errorf("delete expired password resets: %w", translate(err, "password reset"))
	}
	return nil
}
