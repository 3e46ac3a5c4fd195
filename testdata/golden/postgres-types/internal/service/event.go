package service

import (
	"context"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/model"
)

// EventRepository stores events.
type EventRepository interface {
	Create(ctx context.Context, item model.Event) error
	Get(ctx context.Context, id uuid.UUID) (model.Event, error)
	// List returns the page of the events q selects: the same as
	// q.Page over every event. q is valid.
	List(ctx context.Context, q model.EventList) (model.Page[model.Event], error)
	// Update loads the event, lets fn change it and saves the result
	// atomically: no other write to the event lands in between. fn may run
	// again when the repository retries, so it must only change what it is
	// given. An error from fn aborts the update and is returned as is.
	Update(ctx context.Context, id uuid.UUID, fn func(*model.Event) error) (model.Event, error)
	Delete(ctx context.Context, id uuid.UUID) error
}

// Event implements the event use cases.
type Event struct {
	repo EventRepository
	now  func() time.Time
}

// NewEvent returns the event service.
func NewEvent(repo EventRepository) *Event {
	return &Event{repo: repo, now: now}
}

// Create stores a new event and returns it with its id and timestamps.
// It fails with a validation error naming every field that breaks a rule.
func (s *Event) Create(ctx context.Context, item model.Event) (model.Event, error) {
	if err := validate(item); err != nil {
		return model.Event{}, err
	}
	id, err := newID()
	if err != nil {
		return model.Event{}, err
	}
	item.ID = id
	item.CreatedAt = s.now()
	item.UpdatedAt = item.CreatedAt
	item.StartsAt = stored(item.StartsAt)
	if err := s.repo.Create(ctx, item); err != nil {
		return model.Event{}, err
	}
	return item, nil
}

// Get returns the event with the given id.
func (s *Event) Get(ctx context.Context, id uuid.UUID) (model.Event, error) {
	return s.repo.Get(ctx, id)
}

// List returns the page of events that q selects. It fails with a
// validation error naming the parameters of q at fault (an unknown sort key,
// a limit out of bounds, a cursor issued for another list).
func (s *Event) List(ctx context.Context, q model.EventList) (model.Page[model.Event], error) {
	if err := validate(q); err != nil {
		return model.Page[model.Event]{}, err
	}
	return s.repo.List(ctx, q)
}

// Update changes the event with apply and returns the result. The
// event is stored only if the result obeys the rules of its fields.
func (s *Event) Update(ctx context.Context, id uuid.UUID, apply func(*model.Event) error) (model.Event, error) {
	return s.repo.Update(ctx, id, func(item *model.Event) error {
		if err := apply(item); err != nil {
			return err
		}
		item.StartsAt = stored(item.StartsAt)
		item.UpdatedAt = s.now()
		return validate(item)
	})
}

// Delete removes the event with the given id.
func (s *Event) Delete(ctx context.Context, id uuid.UUID) error {
	return s.repo.Delete(ctx, id)
}
