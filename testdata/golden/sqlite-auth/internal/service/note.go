package service

import (
	"context"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
)

// NoteRepository stores notes. An owner that is valid limits a call
// to that user's notes: the others are not found. An invalid owner
// reaches every note.
type NoteRepository interface {
	Create(ctx context.Context, item model.Note) error
	Get(ctx context.Context, owner uuid.NullUUID, id uuid.UUID) (model.Note, error)
	List(ctx context.Context, owner uuid.NullUUID, skip, limit int) ([]model.Note, int, error)
	// Update loads the note, lets fn change it and saves the result
	// atomically: no other write to the note lands in between. fn may run
	// again when the repository retries, so it must only change what it is
	// given. An error from fn aborts the update and is returned as is.
	Update(ctx context.Context, owner uuid.NullUUID, id uuid.UUID, fn func(*model.Note) error) (model.Note, error)
	Delete(ctx context.Context, owner uuid.NullUUID, id uuid.UUID) error
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

// Create stores a new note owned by user and returns it with its id and timestamps.
// It fails with a validation error naming every field that breaks a rule.
func (s *Note) Create(ctx context.Context, user model.User, item model.Note) (model.Note, error) {
	if err := validate(item); err != nil {
		return model.Note{}, err
	}
	id, err := newID()
	if err != nil {
		return model.Note{}, err
	}
	item.ID = id
	item.OwnerID = user.ID
	item.CreatedAt = s.now()
	item.UpdatedAt = item.CreatedAt
	if err := s.repo.Create(ctx, item); err != nil {
		return model.Note{}, err
	}
	return item, nil
}

// Get returns the note with the given id.
func (s *Note) Get(ctx context.Context, user model.User, id string) (model.Note, error) {
	uid, err := parseID(id, "note")
	if err != nil {
		return model.Note{}, err
	}
	return s.repo.Get(ctx, ownedBy(user), uid)
}

// List returns a page of notes user may see, oldest first, and the total count.
func (s *Note) List(ctx context.Context, user model.User, skip, limit int) ([]model.Note, int, error) {
	return s.repo.List(ctx, ownedBy(user), skip, limit)
}

// Update changes the note with apply and returns the result. The
// note is stored only if the result obeys the rules of its fields.
func (s *Note) Update(ctx context.Context, user model.User, id string, apply func(*model.Note) error) (model.Note, error) {
	uid, err := parseID(id, "note")
	if err != nil {
		return model.Note{}, err
	}
	return s.repo.Update(ctx, ownedBy(user), uid, func(item *model.Note) error {
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
func (s *Note) Delete(ctx context.Context, user model.User, id string) error {
	uid, err := parseID(id, "note")
	if err != nil {
		return err
	}
	return s.repo.Delete(ctx, ownedBy(user), uid)
}
