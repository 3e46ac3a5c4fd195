package schema

import (
	"time"

	"example.com/demo/internal/model"
)

// ArtistCreate is the body of a request that creates an artist.
type ArtistCreate struct {
	Name   string   `json:"name" minLength:"1" maxLength:"255" doc:"Name; unique"`
	Bio    *string  `json:"bio,omitempty" nullable:"true" doc:"Bio"`
	Born   *Date    `json:"born,omitempty" nullable:"true" doc:"Born (YYYY-MM-DD)"`
	Rating *float64 `json:"rating,omitempty" nullable:"true" doc:"Rating"`
	Active bool     `json:"active" doc:"Active"`
}

// Model converts the request to a new entity without id or timestamps.
func (c ArtistCreate) Model() model.Artist {
	return model.Artist{
		Name:   c.Name,
		Bio:    c.Bio,
		Born:   c.Born.timePtr(),
		Rating: c.Rating,
		Active: c.Active,
	}
}

// ArtistUpdate is the body of a request that changes some fields of
// an artist. Absent fields stay as they are; null clears an optional field.
type ArtistUpdate struct {
	Name   Optional[string]  `json:"name,omitzero" minLength:"1" maxLength:"255" doc:"Name; unique"`
	Bio    Optional[string]  `json:"bio,omitzero" nullable:"true" doc:"Bio"`
	Born   Optional[Date]    `json:"born,omitzero" nullable:"true" doc:"Born (YYYY-MM-DD)"`
	Rating Optional[float64] `json:"rating,omitzero" nullable:"true" doc:"Rating"`
	Active Optional[bool]    `json:"active,omitzero" doc:"Active"`
}

// Apply writes the fields present in the update into item. It fails with a
// validation error when a required field is null.
func (u ArtistUpdate) Apply(item *model.Artist) error {
	problems := map[string]string{}
	setRequired(u.Name, "name", &item.Name, problems)
	setOptional(u.Bio, &item.Bio)
	setOptional(mapOptional(u.Born, Date.Time), &item.Born)
	setOptional(u.Rating, &item.Rating)
	setRequired(u.Active, "active", &item.Active, problems)
	return invalid(problems)
}

// ArtistResponse is an artist as the API returns it.
type ArtistResponse struct {
	ID        string    `json:"id" doc:"Opaque identifier"`
	Name      string    `json:"name" doc:"Name; unique"`
	Bio       *string   `json:"bio" nullable:"true" doc:"Bio"`
	Born      *Date     `json:"born" nullable:"true" doc:"Born (YYYY-MM-DD)"`
	Rating    *float64  `json:"rating" nullable:"true" doc:"Rating"`
	Active    bool      `json:"active" doc:"Active"`
	CreatedAt time.Time `json:"created_at" doc:"When the artist was created"`
	UpdatedAt time.Time `json:"updated_at" doc:"When the artist was last changed"`
}

// NewArtistResponse converts an entity to its response.
func NewArtistResponse(item model.Artist) ArtistResponse {
	return ArtistResponse{
		ID:        item.ID.String(),
		Name:      item.Name,
		Bio:       item.Bio,
		Born:      datePtr(item.Born),
		Rating:    item.Rating,
		Active:    item.Active,
		CreatedAt: item.CreatedAt.UTC(),
		UpdatedAt: item.UpdatedAt.UTC(),
	}
}

// ArtistPage is one page of artists.
type ArtistPage = Page[ArtistResponse]

// NewArtistPage converts a page of entities to its response.
func NewArtistPage(page model.Page[model.Artist]) ArtistPage {
	return NewPage(page, NewArtistResponse)
}
