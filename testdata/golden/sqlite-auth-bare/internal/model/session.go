package model

import (
	"time"

	"github.com/google/uuid"
)

// Session is a login of a user on one client, kept by the server so that
// it can be ended. It holds the digest of its current refresh token, never
// the token itself: each refresh replaces it, so a refresh token works
// once.
type Session struct {
	ID     uuid.UUID
	UserID uuid.UUID
	// RefreshHash is the digest of the refresh token issued last.
	RefreshHash string
	// UserAgent and IP describe the client that logged in, for the user
	// to recognise the session by.
	UserAgent string
	IP        string
	CreatedAt time.Time
	// LastUsedAt is when the session last logged in or refreshed.
	LastUsedAt time.Time
	// ExpiresAt is when the refresh token issued last expires; the
	// session ends with it.
	ExpiresAt time.Time
}

// MaxUserAgentLen is the longest user agent a session keeps, in bytes;
// longer ones are cut.
const MaxUserAgentLen = 255

// PasswordReset is a request to set a new password without the current
// one, proven by a token mailed to the user. The store keeps only the
// token's digest; the token works once and until ExpiresAt.
type PasswordReset struct {
	TokenHash string
	UserID    uuid.UUID
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Mail is a plain-text message to one recipient.
type Mail struct {
	To      string
	Subject string
	Text    string
}
