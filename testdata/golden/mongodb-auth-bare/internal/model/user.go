package model

import (
	"fmt"
	"time"
	"unicode/utf8"

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

// MaxFullNameLen is the longest full name accepted, in characters.
const MaxFullNameLen = 255

// Password length limits, in characters. The upper limit bounds the work a
// single request can ask the hasher for.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// Validate checks the account against the rules of its fields. It returns
// FieldErrors naming every field that breaks one, or nil. The password is
// not a field of the account; the user service checks it before hashing.
func (u User) Validate() error {
	errs := FieldErrors{}
	errs.add("email", checkEmail(u.Email))
	if u.FullName != nil {
		errs.add("full_name", checkRequiredString(*u.FullName, MaxFullNameLen))
	}
	return errs.err()
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

// Validate checks the fields the change sets against their rules, the
// password's included, so the service can refuse a change before it hashes
// the password. It returns FieldErrors naming every field that breaks one,
// or nil. An empty FullName is valid here: it clears the name.
func (c UserChange) Validate() error {
	errs := FieldErrors{}
	if c.Email != nil {
		errs.add("email", checkEmail(*c.Email))
	}
	if c.FullName != nil && *c.FullName != "" {
		errs.add("full_name", checkString(*c.FullName, MaxFullNameLen))
	}
	if c.Password != nil {
		errs.add("password", checkPassword(*c.Password))
	}
	return errs.err()
}

// checkPassword checks the length of a password in clear text. Any
// character is allowed: the password is hashed, never stored.
func checkPassword(p string) string {
	switch n := utf8.RuneCountInString(p); {
	case n < MinPasswordLen:
		return fmt.Sprintf("must be at least %d characters", MinPasswordLen)
	case n > MaxPasswordLen:
		return fmt.Sprintf("must be at most %d characters", MaxPasswordLen)
	}
	return ""
}
