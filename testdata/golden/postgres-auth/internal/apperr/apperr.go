// Package apperr defines the error kinds the application speaks in.
//
// Repositories translate driver errors into these kinds, services return
// them, and the HTTP layer maps each kind to a status code in exactly one
// place. Nothing here knows about HTTP or a database.
package apperr

import (
	"errors"
	"time"
)

// Kind classifies an error. It doubles as an error value so callers can
// test for a kind with errors.Is(err, apperr.NotFound).
type Kind string

// The kinds of application errors.
const (
	NotFound      Kind = "not_found"
	AlreadyExists Kind = "already_exists"
	// Conflict is a change the current state forbids, such as deleting a
	// row that other rows still refer to.
	Conflict     Kind = "conflict"
	Validation   Kind = "validation"
	Unauthorized Kind = "unauthorized"
	Forbidden    Kind = "forbidden"
	// RateLimited is a request refused because its client or account made
	// too many of them lately; RetryAfter says when to try again.
	RateLimited Kind = "rate_limited"
	// Unavailable is a request refused because the server is at capacity
	// or lacks what it needs, such as a mail server; RetryAfter, when set,
	// says when to try again.
	Unavailable Kind = "unavailable"
	// InvalidToken is a one-time token, such as a password reset's, that
	// is unknown, used or expired.
	InvalidToken Kind = "invalid_token"
)

// Error implements error so a Kind can be the target of errors.Is.
func (k Kind) Error() string { return string(k) }

// Error is an application error: a kind, a message safe to show to clients,
// optional per-field details and an optional underlying cause.
type Error struct {
	Kind    Kind
	Message string
	// Details maps a field name to what is wrong with it.
	Details map[string]string
	// Err is the underlying cause, if any. It is for logs, never for clients.
	Err error
	// RetryAfter, for RateLimited and Unavailable, is how long the client
	// should wait before trying again.
	RetryAfter time.Duration
}

// New returns an error of the given kind with a client-safe message.
func New(kind Kind, message string) *Error {
	return &Error{Kind: kind, Message: message}
}

// Wrap returns an error of the given kind that keeps err as its cause.
func Wrap(kind Kind, message string, err error) *Error {
	return &Error{Kind: kind, Message: message, Err: err}
}

// Invalid returns a validation error naming the offending fields.
func Invalid(details map[string]string) *Error {
	return &Error{Kind: Validation, Message: "validation failed", Details: details}
}

// TryLater returns an error of the given kind, RateLimited or Unavailable,
// that tells the client to try again after retryAfter.
func TryLater(kind Kind, message string, retryAfter time.Duration, err error) *Error {
	return &Error{Kind: kind, Message: message, Err: err, RetryAfter: retryAfter}
}

// Error returns the message, followed by the cause when there is one.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is this error's Kind.
func (e *Error) Is(target error) bool {
	var k Kind
	return errors.As(target, &k) && k == e.Kind
}
