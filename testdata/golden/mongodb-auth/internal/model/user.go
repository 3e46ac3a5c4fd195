package model

import (
	"time"

	"github.com/google/uuid"
)

// User is an account that can log in.
type User struct {
	ID uuid.UUID
	// Email is stored in lower case; it is unique.
	Email    string
	FullName *string
	// PasswordHash is the encoded argon2id hash of the password. It never
	// leaves the service: not in a response, not in a log line.
	PasswordHash string
	// IsActive users may log in and use their tokens.
	IsActive bool
	// IsSuperuser users may manage every user and see every owned row.
	IsSuperuser bool

	CreatedAt time.Time
	UpdatedAt time.Time
}

// UserChange is a partial change of an account. Nil fields stay as they
// are; a FullName pointing to "" clears the name.
type UserChange struct {
	Email    *string
	FullName *string
	// Password is the new password in clear text; the service hashes it.
	Password *string
	// CurrentPassword must accompany Password when users change their own
	// password.
	CurrentPassword *string
	IsActive        *bool
	IsSuperuser     *bool
}
