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
