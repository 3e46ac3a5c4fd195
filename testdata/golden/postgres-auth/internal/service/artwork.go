package service

import (
	"context"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
)

// ArtworkRepository stores artworks. A call reaches only the artworks in its
// scope: the others are not found. A scope built by neither model.OwnedBy
// nor model.AllRows fails with model.ErrNoScope.
type ArtworkRepository interface {
	Create(ctx context.Context, item model.Artwork) error
	Get(ctx context.Context, scope model.Scope, id uuid.UUID) (model.Artwork, error)
	// List returns the page of the artworks q selects: the same as
	// q.Page over every artwork of the scope. q is valid.
	List(ctx context.Context, scope model.Scope, q model.ArtworkList) (model.Page[model.Artwork], error)
	// Update loads the artwork, lets fn change it and saves the result
	// atomically: no other write to the artwork lands in between. fn may run
	// again when the repository retries, so it must only change what it is
	// given. An error from fn aborts the update and is returned as is.
	Update(ctx context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Artwork) error) (model.Artwork, error)
	Delete(ctx context.Context, scope model.Scope, id uuid.UUID) error
}

// Artwork implements the artwork use cases. Every artwork belongs to the
// user who created it; other users cannot see it, superusers see all.
type Artwork struct {
	repo ArtworkRepository
	now  func() time.Time
}

// NewArtwork returns the artwork service.
func NewArtwork(repo ArtworkRepository) *Artwork {
	return &Artwork{repo: repo, now: now}
}

// Create stores a new artwork owned by actor and returns it with its id and timestamps.
// It fails with a validation error naming every field that breaks a rule.
func (s *Artwork) Create(ctx context.Context, actor model.Actor, item model.Artwork) (model.Artwork, error) {
	if err := validate(item); err != nil {
		return model.Artwork{}, err
	}
	id, err := newID()
	if err != nil {
		return model.Artwork{}, err
	}
	item.ID = id
	item.OwnerID = actor.UserID
	item.CreatedAt = s.now()
	item.UpdatedAt = item.CreatedAt
	if err := s.repo.Create(ctx, item); err != nil {
		return model.Artwork{}, err
	}
	return item, nil
}

// Get returns the artwork with the given id.
func (s *Artwork) Get(ctx context.Context, actor model.Actor, id uuid.UUID) (model.Artwork, error) {
	return s.repo.Get(ctx, scopeOf(actor), id)
}

// List returns the page of artworks actor may see that q selects. It fails with a
// validation error naming the parameters of q at fault (an unknown sort key,
// a limit out of bounds, a cursor issued for another list). A filter
// never widens actor's scope.
func (s *Artwork) List(ctx context.Context, actor model.Actor, q model.ArtworkList) (model.Page[model.Artwork], error) {
	if err := validate(q); err != nil {
		return model.Page[model.Artwork]{}, err
	}
	return s.repo.List(ctx, scopeOf(actor), q)
}

// Update changes the artwork with apply and returns the result. The
// artwork is stored only if the result obeys the rules of its fields.
func (s *Artwork) Update(ctx context.Context, actor model.Actor, id uuid.UUID, apply func(*model.Artwork) error) (model.Artwork, error) {
	return s.repo.Update(ctx, scopeOf(actor), id, func(item *model.Artwork) error {
		owner := item.OwnerID
		if err := apply(item); err != nil {
			return err
		}
		item.OwnerID = owner // an owned artwork never changes hands
		item.UpdatedAt = s.now()
		return validate(item)
	})
}

// Delete removes the artwork with the given id.
func (s *Artwork) Delete(ctx context.Context, actor model.Actor, id uuid.UUID) error {
	return s.repo.Delete(ctx, scopeOf(actor), id)
}
