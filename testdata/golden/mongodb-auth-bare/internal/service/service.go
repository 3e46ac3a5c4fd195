// Package service holds the business logic. Each service declares the
// repository it needs as an interface; the repository package implements it.
package service

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"example.com/bare/internal/apperr"
	"example.com/bare/internal/model"
)

// precision is how finely the database keeps times: BSON dates hold
// milliseconds.
const precision = time.Millisecond

// now is the clock the services use: UTC to the database's precision.
func now() time.Time {
	return time.Now().UTC().Truncate(precision)
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
