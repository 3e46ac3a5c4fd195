package model

import (
	"time"

	"github.com/google/uuid"
)

// Artwork is an artwork known to the service.
type Artwork struct {
	ID       uuid.UUID
	Title    string
	Year     *int64
	ArtistID uuid.UUID
	EventID  *uuid.UUID

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the artwork against the rules of its fields. It returns
// FieldErrors naming every field that breaks one, or nil.
func (a Artwork) Validate() error {
	errs := FieldErrors{}
	errs.add("title", checkRequiredString(a.Title, 255))
	return errs.err()
}

// ArtworkFilter selects artworks by the rows they refer to. A field
// that is not Valid matches every artwork.
type ArtworkFilter struct {
	ArtistID uuid.NullUUID
	EventID  uuid.NullUUID
}
