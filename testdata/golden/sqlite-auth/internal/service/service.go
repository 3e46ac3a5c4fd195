// Package service holds the business logic. Each service declares the
// repository it needs as an interface; the repository package implements it.
package service

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
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

// scopeOf is the scope of actor's calls on owned domains: superusers reach
// every row, other users only their own.
func scopeOf(actor model.Actor) model.Scope {
	if actor.Superuser {
		return model.AllRows()
	}
	return model.OwnedBy(actor.UserID)
}
