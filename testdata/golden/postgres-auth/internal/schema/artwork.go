package schema

import (
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
)

// ArtworkCreate is the body of a request that creates an artwork.
type ArtworkCreate struct {
	Title    string     `json:"title" minLength:"1" maxLength:"255" doc:"Title"`
	ArtistID uuid.UUID  `json:"artist_id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Id of the artist it refers to"`
	NoteID   *uuid.UUID `json:"note_id,omitempty" nullable:"true" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Id of the note it refers to; unique"`
	// OwnerID is accepted so clients may send back what they read; the
	// owner is always the authenticated user.
	OwnerID *string `json:"owner_id,omitempty" readOnly:"true" doc:"Ignored: the server sets the owner"`
}

// Model converts the request to a new entity without id, owner or timestamps.
func (c ArtworkCreate) Model() model.Artwork {
	return model.Artwork{
		Title:    c.Title,
		ArtistID: c.ArtistID,
		NoteID:   c.NoteID,
	}
}

// ArtworkUpdate is the body of a request that changes some fields of
// an artwork. Absent fields stay as they are; null clears an optional field.
type ArtworkUpdate struct {
	Title    Optional[string]    `json:"title,omitzero" minLength:"1" maxLength:"255" doc:"Title"`
	ArtistID Optional[uuid.UUID] `json:"artist_id,omitzero" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Id of the artist it refers to"`
	NoteID   Optional[uuid.UUID] `json:"note_id,omitzero" nullable:"true" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Id of the note it refers to; unique"`
	// OwnerID is accepted so clients may send back what they read; the
	// owner is always the authenticated user.
	OwnerID *string `json:"owner_id,omitempty" readOnly:"true" doc:"Ignored: the server sets the owner"`
}

// Apply writes the fields present in the update into item. It fails with a
// validation error when a required field is null.
func (u ArtworkUpdate) Apply(item *model.Artwork) error {
	problems := map[string]string{}
	setRequired(u.Title, "title", &item.Title, problems)
	setRequired(u.ArtistID, "artist_id", &item.ArtistID, problems)
	setOptional(u.NoteID, &item.NoteID)
	return invalid(problems)
}

// ArtworkResponse is an artwork as the API returns it.
type ArtworkResponse struct {
	ID        string     `json:"id" doc:"Opaque identifier"`
	OwnerID   string     `json:"owner_id" doc:"Id of the user the artwork belongs to"`
	Title     string     `json:"title" doc:"Title"`
	ArtistID  uuid.UUID  `json:"artist_id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Id of the artist it refers to"`
	NoteID    *uuid.UUID `json:"note_id" nullable:"true" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Id of the note it refers to; unique"`
	CreatedAt time.Time  `json:"created_at" doc:"When the artwork was created"`
	UpdatedAt time.Time  `json:"updated_at" doc:"When the artwork was last changed"`
}

// NewArtworkResponse converts an entity to its response.
func NewArtworkResponse(item model.Artwork) ArtworkResponse {
	return ArtworkResponse{
		ID:        item.ID.String(),
		OwnerID:   item.OwnerID.String(),
		Title:     item.Title,
		ArtistID:  item.ArtistID,
		NoteID:    item.NoteID,
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
