package repository

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"

	"example.com/bare/internal/apperr"
	"example.com/bare/internal/model"
	"example.com/bare/internal/service"
)

var (
	_ service.SessionRepository       = (*Session)(nil)
	_ service.PasswordResetRepository = (*PasswordReset)(nil)
)

// Session stores sessions in the sessions table.
type Session struct {
	db *sql.DB
}

// NewSession returns a session repository on db.
func NewSession(db *sql.DB) *Session {
	return &Session{db: db}
}

const sessionColumns = `id, user_id, refresh_hash, user_agent, ip, created_at, last_used_at, expires_at`

func scanSession(row interface{ Scan(...any) error }) (model.Session, error) {
	var s model.Session
	err := row.Scan(
		&s.ID,
		&s.UserID,
		&s.RefreshHash,
		&s.UserAgent,
		&s.IP,
		scanTime(&s.CreatedAt),
		scanTime(&s.LastUsedAt),
		scanTime(&s.ExpiresAt),
	)
	return s, err
}

// Create inserts s.
func (r *Session) Create(ctx context.Context, s model.Session) error {
	_, err := r.db.ExecContext(ctx,
		`INSERT INTO sessions (`+sessionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.UserID, s.RefreshHash, s.UserAgent, s.IP,
		timeArg(s.CreatedAt), timeArg(s.LastUsedAt), timeArg(s.ExpiresAt),
	)
	if err != nil {
		return fmt.Errorf("create session: %w", translate(err, "session"))
	}
	return nil
}

// Get returns the session with the given id.
func (r *Session) Get(ctx context.Context, id uuid.UUID) (model.Session, error) {
	s, err := scanSession(r.db.QueryRowContext(ctx,
		`SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, id))
	if err != nil {
		return model.Session{}, fmt.Errorf("get session: %w", translate(err, "session"))
	}
	return s, nil
}

// List returns the sessions of the user that expire after now, the newest
// first.
func (r *Session) List(ctx context.Context, userID uuid.UUID, now time.Time) ([]model.Session, error) {
	rows, err := r.db.QueryContext(ctx,
		`SELECT `+sessionColumns+` FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC, id DESC`,
		userID, timeArg(now))
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", translate(err, "session"))
	}
	defer rows.Close()
	sessions := []model.Session{}
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("list sessions: %w", translate(err, "session"))
		}
		sessions = append(sessions, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sessions: %w", translate(err, "session"))
	}
	return sessions, nil
}

// Rotate replaces the refresh digest old of the session with next in one
// statement, which only one of concurrent rotations can match.
func (r *Session) Rotate(ctx context.Context, id uuid.UUID, old, next string, usedAt, expiresAt time.Time) (bool, error) {
	res, err := r.db.ExecContext(ctx,
		`UPDATE sessions SET refresh_hash = ?, last_used_at = ?, expires_at = ? WHERE id = ? AND refresh_hash = ?`,
		next, timeArg(usedAt), timeArg(expiresAt), id, old)
	if err != nil {
		return false, fmt.Errorf("rotate session: %w", translate(err, "session"))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("rotate session: %w", err)
	}
	return n == 1, nil
}

// Delete deletes the session with the given id of the user.
func (r *Session) Delete(ctx context.Context, userID, id uuid.UUID) error {
	res, err := r.db.ExecContext(ctx, `DELETE FROM sessions WHERE id = ? AND user_id = ?`, id, userID)
	if err != nil {
		return fmt.Errorf("delete session: %w", translate(err, "session"))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	if n == 0 {
		return apperr.New(apperr.NotFound, "session not found")
	}
	return nil
}

// DeleteByUser deletes every session of the user except keep.
func (r *Session) DeleteByUser(ctx context.Context, userID, keep uuid.UUID) error {
	if _, err := r.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND id <> ?`, userID, keep); err != nil {
		return fmt.Errorf("delete sessions: %w", translate(err, "session"))
	}
	return nil
}

// DeleteExpired deletes the sessions that expired at or before now.
func (r *Session) DeleteExpired(ctx context.Context, now time.Time) error {
	if _, err := r.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, timeArg(now)); err != nil {
		return fmt.Errorf("delete expired sessions: %w", translate(err, "session"))
	}
	return nil
}

// PasswordReset stores password resets in the password_resets table.
type PasswordReset struct {
	db *sql.DB
}

// NewPasswordReset returns a password reset repository on db.
func NewPasswordReset(db *sql.DB) *PasswordReset {
	return &PasswordReset{db: db}
}

// Create inserts pr.
func (r *PasswordReset) Create(ctx context.Context, pr model.PasswordReset) error {
	_, err := r.db.ExecContext(ctx,
		`INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		pr.TokenHash, pr.UserID, timeArg(pr.CreatedAt), timeArg(pr.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create password reset: %w", translate(err, "password reset"))
	}
	return nil
}

// Take deletes the reset with the given token digest and returns it, in
// one statement.
func (r *PasswordReset) Take(ctx context.Context, tokenHash string) (model.PasswordReset, error) {
	pr := model.PasswordReset{TokenHash: tokenHash}
	err := r.db.QueryRowContext(ctx,
		`DELETE FROM password_resets WHERE token_hash = ? RETURNING user_id, created_at, expires_at`, tokenHash,
	).Scan(&pr.UserID, scanTime(&pr.CreatedAt), scanTime(&pr.ExpiresAt))
	if err != nil {
		return model.PasswordReset{}, fmt.Errorf("take password reset: %w", translate(err, "password reset"))
	}
	return pr, nil
}

// DeleteByUser deletes every reset of the user.
func (r *PasswordReset) DeleteByUser(ctx context.Context, userID uuid.UUID) error {
	if _, err := r.db.ExecContext(ctx, `DELETE FROM password_resets WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("delete password resets: %w", translate(err, "password reset"))
	}
	return nil
}

// DeleteExpired deletes the resets that expired at or before now.
func (r *PasswordReset) DeleteExpired(ctx context.Context, now time.Time) error {
	if _, err := r.db.ExecContext(ctx, `DELETE FROM password_resets WHERE expires_at <= ?`, timeArg(now)); err != nil {
		return fmt.Errorf("delete expired password resets: %w", translate(err, "password reset"))
	}
	return nil
}
