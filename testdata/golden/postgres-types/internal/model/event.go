package model

import (
	"time"

	"github.com/google/uuid"
)

// EventKind is the kind of an event.
type EventKind string

// The values of EventKind.
const (
	EventKindConcert EventKind = "concert"
	EventKindTalk    EventKind = "talk"
)

// Event is an event known to the service.
type Event struct {
	ID       uuid.UUID
	Title    string
	Kind     EventKind
	StartsAt time.Time
	Contact  *string
	RefCode  *uuid.UUID
	Seats    int64

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the event against the rules of its fields. It returns
// FieldErrors naming every field that breaks one, or nil.
func (e Event) Validate() error {
	errs := FieldErrors{}
	errs.add("title", checkRequiredString(e.Title, 80))
	errs.add("kind", checkEnum(e.Kind, EventKindConcert, EventKindTalk))
	if e.Contact != nil {
		errs.add("contact", checkEmail(*e.Contact))
	}
	return errs.err()
}
