package schema

import (
	"time"

	"example.com/shop/internal/model"
)

// ArtistCreate is the body of a request that creates an artist.
type ArtistCreate struct {
	Name string `json:"name" minLength:"1" maxLength:"255" doc:"Name"`
}

// Model converts the request to a new entity without id or timestamps.
func (c ArtistCreate) Model() model.Artist {
	return model.Artist{
		Name: c.Name,
	}
}

// ArtistUpdate is the body of a request that changes some fields of
// an artist. Absent fields stay as they are.
type ArtistUpdate struct {
	Name Optional[string] `json:"name,omitzero" minLength:"1" maxLength:"255" doc:"Name"`
}

// Apply writes the fields present in the update into item. It fails with a
// validation error when a required field is null.
func (u ArtistUpdate) Apply(item *model.Artist) error {
	problems := map[string]string{}
	setRequired(u.Name, "name", &item.Name, problems)
	return invalid(problems)
}

// ArtistResponse is an artist as the API returns it.
type ArtistResponse struct {
	ID        string    `json:"id" doc:"Opaque identifier"`
	Name      string    `json:"name" doc:"Name"`
	CreatedAt time.Time `json:"created_at" doc:"When the artist was created"`
	UpdatedAt time.Time `json:"updated_at" doc:"When the artist was last changed"`
}

// NewArtistResponse converts an entity to its response.
func NewArtistResponse(item model.Artist) ArtistResponse {
	return ArtistResponse{
		ID:        item.ID.String(),
		Name:      item.Name,
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
