package service

import (
	"context"
	"time"

	"github.com/google/uuid"

	"example.com/feed/internal/model"
)

// ArtistRepository stores artists.
type ArtistRepository interface {
	Create(ctx context.Context, item model.Artist) error
	Get(ctx context.Context, id uuid.UUID) (model.Artist, error)
	// List returns the page of the artists q selects: the same as
	// q.Page over every artist. q is valid.
	List(ctx context.Context, q model.ArtistList) (model.Page[model.Artist], error)
	// Update loads the artist, lets fn change it and saves the result
	// atomically: no other write to the artist lands in between. fn may run
	// again when the repository retries, so it must only change what it is
	// given. An error from fn aborts the update and is returned as is.
	Update(ctx context.Context, id uuid.UUID, fn func(*model.Artist) error) (model.Artist, error)
	Delete(ctx context.Context, id uuid.UUID) error
}

// Artist implements the artist use cases.
type Artist struct {
	repo ArtistRepository
	now  func() time.Time
}

// NewArtist returns the artist service.
func NewArtist(repo ArtistRepository) *Artist {
	return &Artist{repo: repo, now: now}
}

// Create stores a new artist and returns it with its id and timestamps.
// It fails with a validation error naming every field that breaks a rule.
func (s *Artist) Create(ctx context.Context, item model.Artist) (model.Artist, error) {
	if err := validate(item); err != nil {
		return model.Artist{}, err
	}
	id, err := newID()
	if err != nil {
		return model.Artist{}, err
	}
	item.ID = id
	item.CreatedAt = s.now()
	item.UpdatedAt = item.CreatedAt
	if err := s.repo.Create(ctx, item); err != nil {
		return model.Artist{}, err
	}
	return item, nil
}

// Get returns the artist with the given id.
func (s *Artist) Get(ctx context.Context, id uuid.UUID) (model.Artist, error) {
	return s.repo.Get(ctx, id)
}

// List returns the page of artists that q selects. It fails with a
// validation error naming the parameters of q at fault (an unknown sort key,
// a limit out of bounds, a cursor issued for another list).
func (s *Artist) List(ctx context.Context, q model.ArtistList) (model.Page[model.Artist], error) {
	if err := validate(q); err != nil {
		return model.Page[model.Artist]{}, err
	}
	return s.repo.List(ctx, q)
}

// Update changes the artist with apply and returns the result. The
// artist is stored only if the result obeys the rules of its fields.
func (s *Artist) Update(ctx context.Context, id uuid.UUID, apply func(*model.Artist) error) (model.Artist, error) {
	return s.repo.Update(ctx, id, func(item *model.Artist) error {
		if err := apply(item); err != nil {
			return err
		}
		item.UpdatedAt = s.now()
		return validate(item)
	})
}

// Delete removes the artist with the given id.
func (s *Artist) Delete(ctx context.Context, id uuid.UUID) error {
	return s.repo.Delete(ctx, id)
}
