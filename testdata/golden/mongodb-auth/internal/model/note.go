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
