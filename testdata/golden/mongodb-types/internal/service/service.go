// Package service holds the business logic. Each service declares the
// repository it needs as an interface; the repository package implements it.
package service

import (
	"fmt"
	"time"

	"github.com/google/uuid"
)

// precision is how finely the database keeps times: BSON dates hold
// milliseconds.
const precision = time.Millisecond

// now is the clock the services use: UTC to the database's precision.
func now() time.Time {
	return time.Now().UTC().Truncate(precision)
}

// stored returns t as the database keeps it: in UTC, truncated to its
// precision. Services store client times through it, so what they return
// is what a later read gives.
func stored(t time.Time) time.Time {
	return t.UTC().Truncate(precision)
}

// storedPtr is stored for an optional time.
func storedPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	s := stored(*t)
	return &s
}

// newID returns a new time-ordered identifier.
func newID() (uuid.UUID, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.Nil, fmt.Errorf("new id: %w", err)
	}
	return id, nil
}
