package schema

import (
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/model"
)

// EventCreate is the body of a request that creates an event.
type EventCreate struct {
	Title    string          `json:"title" minLength:"1" maxLength:"80" doc:"Title"`
	Kind     model.EventKind `json:"kind" enum:"concert,talk" doc:"Kind"`
	StartsAt time.Time       `json:"starts_at" doc:"Starts at (RFC 3339)"`
	Contact  *string         `json:"contact,omitempty" nullable:"true" format:"email" maxLength:"254" doc:"Contact (an email address)"`
	RefCode  *uuid.UUID      `json:"ref_code,omitempty" nullable:"true" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Ref code"`
	Seats    int64           `json:"seats" doc:"Seats"`
}

// Model converts the request to a new entity without id or timestamps.
func (c EventCreate) Model() model.Event {
	return model.Event{
		Title:    c.Title,
		Kind:     c.Kind,
		StartsAt: c.StartsAt.UTC(),
		Contact:  c.Contact,
		RefCode:  c.RefCode,
		Seats:    c.Seats,
	}
}

// EventUpdate is the body of a request that changes some fields of
// an event. Absent fields stay as they are; null clears an optional field.
type EventUpdate struct {
	Title    Optional[string]          `json:"title,omitzero" minLength:"1" maxLength:"80" doc:"Title"`
	Kind     Optional[model.EventKind] `json:"kind,omitzero" enum:"concert,talk" doc:"Kind"`
	StartsAt Optional[time.Time]       `json:"starts_at,omitzero" doc:"Starts at (RFC 3339)"`
	Contact  Optional[string]          `json:"contact,omitzero" nullable:"true" format:"email" maxLength:"254" doc:"Contact (an email address)"`
	RefCode  Optional[uuid.UUID]       `json:"ref_code,omitzero" nullable:"true" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Ref code"`
	Seats    Optional[int64]           `json:"seats,omitzero" doc:"Seats"`
}

// Apply writes the fields present in the update into item. It fails with a
// validation error when a required field is null.
func (u EventUpdate) Apply(item *model.Event) error {
	problems := map[string]string{}
	setRequired(u.Title, "title", &item.Title, problems)
	setRequired(u.Kind, "kind", &item.Kind, problems)
	setRequired(mapOptional(u.StartsAt, time.Time.UTC), "starts_at", &item.StartsAt, problems)
	setOptional(u.Contact, &item.Contact)
	setOptional(u.RefCode, &item.RefCode)
	setRequired(u.Seats, "seats", &item.Seats, problems)
	return invalid(problems)
}

// EventResponse is an event as the API returns it.
type EventResponse struct {
	ID        string          `json:"id" doc:"Opaque identifier"`
	Title     string          `json:"title" doc:"Title"`
	Kind      model.EventKind `json:"kind" enum:"concert,talk" doc:"Kind"`
	StartsAt  time.Time       `json:"starts_at" doc:"Starts at (RFC 3339)"`
	Contact   *string         `json:"contact" nullable:"true" format:"email" doc:"Contact (an email address)"`
	RefCode   *uuid.UUID      `json:"ref_code" nullable:"true" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Ref code"`
	Seats     int64           `json:"seats" doc:"Seats"`
	CreatedAt time.Time       `json:"created_at" doc:"When the event was created"`
	UpdatedAt time.Time       `json:"updated_at" doc:"When the event was last changed"`
}

// NewEventResponse converts an entity to its response.
func NewEventResponse(item model.Event) EventResponse {
	return EventResponse{
		ID:        item.ID.String(),
		Title:     item.Title,
		Kind:      item.Kind,
		StartsAt:  item.StartsAt.UTC(),
		Contact:   item.Contact,
		RefCode:   item.RefCode,
		Seats:     item.Seats,
		CreatedAt: item.CreatedAt.UTC(),
		UpdatedAt: item.UpdatedAt.UTC(),
	}
}

// EventPage is one page of events.
type EventPage = Page[EventResponse]

// NewEventPage converts a page of entities to its response.
func NewEventPage(page model.Page[model.Event]) EventPage {
	return NewPage(page, NewEventResponse)
}
