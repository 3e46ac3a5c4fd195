package model

import (
	"time"

	"github.com/google/uuid"
)

// Artist is an artist known to the service.
type Artist struct {
	ID   uuid.UUID
	Name string

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the artist against the rules of its fields. It returns
// FieldErrors naming every field that breaks one, or nil.
func (a Artist) Validate() error {
	errs := FieldErrors{}
	errs.add("name", checkRequiredString(a.Name, 255))
	return errs.err()
}
