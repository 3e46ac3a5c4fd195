package service

import (
	"context"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
)

// NoteRepository stores notes. A call reaches only the notes in its
// scope: the others are not found. A scope built by neither model.OwnedBy
// nor model.AllRows fails with model.ErrNoScope.
type NoteRepository interface {
	Create(ctx context.Context, item model.Note) error
	Get(ctx context.Context, scope model.Scope, id uuid.UUID) (model.Note, error)
	// List returns the page of the notes q selects: the same as
	// q.Page over every note of the scope. q is valid.
	List(ctx context.Context, scope model.Scope, q model.NoteList) (model.Page[model.Note], error)
	// Update loads the note, lets fn change it and saves the result
	// atomically: no other write to the note lands in between. fn may run
	// again when the repository retries, so it must only change what it is
	// given. An error from fn aborts the update and is returned as is.
	Update(ctx context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Note) error) (model.Note, error)
	Delete(ctx context.Context, scope model.Scope, id uuid.UUID) error
}

// Note implements the note use cases. Every note belongs to the
// user who created it; other users cannot see it, superusers see all.
type Note struct {
	repo NoteRepository
	now  func() time.Time
}

// NewNote returns the note service.
func NewNote(repo NoteRepository) *Note {
	return &Note{repo: repo, now: now}
}

// Create stores a new note owned by actor and returns it with its id and timestamps.
// It fails with a validation error naming every field that breaks a rule.
func (s *Note) Create(ctx context.Context, actor model.Actor, item model.Note) (model.Note, error) {
	if err := validate(item); err != nil {
		return model.Note{}, err
	}
	id, err := newID()
	if err != nil {
		return model.Note{}, err
	}
	item.ID = id
	item.OwnerID = actor.UserID
	item.CreatedAt = s.now()
	item.UpdatedAt = item.CreatedAt
	if err := s.repo.Create(ctx, item); err != nil {
		return model.Note{}, err
	}
	return item, nil
}

// Get returns the note with the given id.
func (s *Note) Get(ctx context.Context, actor model.Actor, id uuid.UUID) (model.Note, error) {
	return s.repo.Get(ctx, scopeOf(actor), id)
}

// List returns the page of notes actor may see that q selects. It fails with a
// validation error naming the parameters of q at fault (an unknown sort key,
// a limit out of bounds, a cursor issued for another list). A filter
// never widens actor's scope.
func (s *Note) List(ctx context.Context, actor model.Actor, q model.NoteList) (model.Page[model.Note], error) {
	if err := validate(q); err != nil {
		return model.Page[model.Note]{}, err
	}
	return s.repo.List(ctx, scopeOf(actor), q)
}

// Update changes the note with apply and returns the result. The
// note is stored only if the result obeys the rules of its fields.
func (s *Note) Update(ctx context.Context, actor model.Actor, id uuid.UUID, apply func(*model.Note) error) (model.Note, error) {
	return s.repo.Update(ctx, scopeOf(actor), id, func(item *model.Note) error {
		owner := item.OwnerID
		if err := apply(item); err != nil {
			return err
		}
		item.OwnerID = owner // an owned note never changes hands
		item.UpdatedAt = s.now()
		return validate(item)
	})
}

// Delete removes the note with the given id.
func (s *Note) Delete(ctx context.Context, actor model.Actor, id uuid.UUID) error {
	return s.repo.Delete(ctx, scopeOf(actor), id)
}
