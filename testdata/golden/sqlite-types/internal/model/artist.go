package model

import (
	"time"

	"github.com/google/uuid"
)

// Artist is an artist known to the service.
type Artist struct {
	ID     uuid.UUID
	Name   string
	Bio    *string
	Born   *time.Time // a calendar date: midnight UTC
	Rating *float64
	Active bool

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the artist against the rules of its fields. It returns
// FieldErrors naming every field that breaks one, or nil.
func (a Artist) Validate() error {
	errs := FieldErrors{}
	errs.add("name", checkRequiredString(a.Name, 255))
	if a.Bio != nil {
		errs.add("bio", checkText(*a.Bio))
	}
	return errs.err()
}
