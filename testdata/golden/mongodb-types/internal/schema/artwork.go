package schema

import (
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/model"
)

// ArtworkCreate is the body of a request that creates an artwork.
type ArtworkCreate struct {
	Title    string     `json:"title" minLength:"1" maxLength:"255" doc:"Title"`
	Year     *int64     `json:"year,omitempty" nullable:"true" doc:"Year"`
	ArtistID uuid.UUID  `json:"artist_id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Id of the artist it refers to"`
	EventID  *uuid.UUID `json:"event_id,omitempty" nullable:"true" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Id of the event it refers to"`
}

// Model converts the request to a new entity without id or timestamps.
func (c ArtworkCreate) Model() model.Artwork {
	return model.Artwork{
		Title:    c.Title,
		Year:     c.Year,
		ArtistID: c.ArtistID,
		EventID:  c.EventID,
	}
}

// ArtworkUpdate is the body of a request that changes some fields of
// an artwork. Absent fields stay as they are; null clears an optional field.
type ArtworkUpdate struct {
	Title    Optional[string]    `json:"title,omitzero" minLength:"1" maxLength:"255" doc:"Title"`
	Year     Optional[int64]     `json:"year,omitzero" nullable:"true" doc:"Year"`
	ArtistID Optional[uuid.UUID] `json:"artist_id,omitzero" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Id of the artist it refers to"`
	EventID  Optional[uuid.UUID] `json:"event_id,omitzero" nullable:"true" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Id of the event it refers to"`
}

// Apply writes the fields present in the update into item. It fails with a
// validation error when a required field is null.
func (u ArtworkUpdate) Apply(item *model.Artwork) error {
	problems := map[string]string{}
	setRequired(u.Title, "title", &item.Title, problems)
	setOptional(u.Year, &item.Year)
	setRequired(u.ArtistID, "artist_id", &item.ArtistID, problems)
	setOptional(u.EventID, &item.EventID)
	return invalid(problems)
}

// ArtworkResponse is an artwork as the API returns it.
type ArtworkResponse struct {
	ID        string     `json:"id" doc:"Opaque identifier"`
	Title     string     `json:"title" doc:"Title"`
	Year      *int64     `json:"year" nullable:"true" doc:"Year"`
	ArtistID  uuid.UUID  `json:"artist_id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Id of the artist it refers to"`
	EventID   *uuid.UUID `json:"event_id" nullable:"true" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Id of the event it refers to"`
	CreatedAt time.Time  `json:"created_at" doc:"When the artwork was created"`
	UpdatedAt time.Time  `json:"updated_at" doc:"When the artwork was last changed"`
}

// NewArtworkResponse converts an entity to its response.
func NewArtworkResponse(item model.Artwork) ArtworkResponse {
	return ArtworkResponse{
		ID:        item.ID.String(),
		Title:     item.Title,
		Year:      item.Year,
		ArtistID:  item.ArtistID,
		EventID:   item.EventID,
		CreatedAt: item.CreatedAt.UTC(),
		UpdatedAt: item.UpdatedAt.UTC(),
	}
}

// ArtworkPage is one page of artworks.
type ArtworkPage = Page[ArtworkResponse]

// NewArtworkPage converts a page of entities to its response.
func NewArtworkPage(page model.Page[model.Artwork]) ArtworkPage {
	return NewPage(page, NewArtworkResponse)
}
