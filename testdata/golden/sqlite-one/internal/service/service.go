// Package service holds the business logic. Each service declares the
// repository it needs as an interface; the repository package implements it.
package service

import (
	"fmt"
	"time"

	"github.com/google/uuid"
)

// precision is how finely the database keeps times.
const precision = time.Microsecond

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
