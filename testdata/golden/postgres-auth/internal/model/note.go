package model

import (
	"time"

	"github.com/google/uuid"
)

// Note is a note known to the service.
type Note struct {
	ID uuid.UUID
	// OwnerID is the id of the user the note belongs to.
	OwnerID uuid.UUID
	Title   string
	Body    *string
	Due     *time.Time // a calendar date: midnight UTC
	Done    bool

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the note against the rules of its fields. It returns
// FieldErrors naming every field that breaks one, or nil.
func (n Note) Validate() error {
	errs := FieldErrors{}
	errs.add("title", checkRequiredString(n.Title, 255))
	if n.Body != nil {
		errs.add("body", checkText(*n.Body))
	}
	return errs.err()
}
