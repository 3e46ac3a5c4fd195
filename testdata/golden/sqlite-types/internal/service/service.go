// Package service holds the business logic. Each service declares the
// repository it needs as an interface; the repository package implements it.
package service

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
)

// precision is how finely the database keeps times.
const precision = time.Microsecond

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

// validate checks entity against the rules of its fields and reports the
// fields that break one as a validation error naming each of them. The
// services call it before every write, so no caller can store what the API
// would refuse.
func validate(entity interface{ Validate() error }) error {
	err := entity.Validate()
	var fields model.FieldErrors
	if errors.As(err, &fields) {
		e := apperr.Invalid(fields)
		e.Err = err
		return e
	}
	return err
}
