package service

import (
	"context"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/model"
)

// BlogPostRepository stores blog posts.
type BlogPostRepository interface {
	Create(ctx context.Context, item model.BlogPost) error
	Get(ctx context.Context, id uuid.UUID) (model.BlogPost, error)
	// List returns the page of the blog posts q selects: the same as
	// q.Page over every blog post. q is valid.
	List(ctx context.Context, q model.BlogPostList) (model.Page[model.BlogPost], error)
	// Update loads the blog post, lets fn change it and saves the result
	// atomically: no other write to the blog post lands in between. fn may run
	// again when the repository retries, so it must only change what it is
	// given. An error from fn aborts the update and is returned as is.
	Update(ctx context.Context, id uuid.UUID, fn func(*model.BlogPost) error) (model.BlogPost, error)
	Delete(ctx context.Context, id uuid.UUID) error
}

// BlogPost implements the blog post use cases.
type BlogPost struct {
	repo BlogPostRepository
	now  func() time.Time
}

// NewBlogPost returns the blog post service.
func NewBlogPost(repo BlogPostRepository) *BlogPost {
	return &BlogPost{repo: repo, now: now}
}

// Create stores a new blog post and returns it with its id and timestamps.
// It fails with a validation error naming every field that breaks a rule.
func (s *BlogPost) Create(ctx context.Context, item model.BlogPost) (model.BlogPost, error) {
	if err := validate(item); err != nil {
		return model.BlogPost{}, err
	}
	id, err := newID()
	if err != nil {
		return model.BlogPost{}, err
	}
	item.ID = id
	item.CreatedAt = s.now()
	item.UpdatedAt = item.CreatedAt
	item.ArchivedAt = storedPtr(item.ArchivedAt)
	if err := s.repo.Create(ctx, item); err != nil {
		return model.BlogPost{}, err
	}
	return item, nil
}

// Get returns the blog post with the given id.
func (s *BlogPost) Get(ctx context.Context, id uuid.UUID) (model.BlogPost, error) {
	return s.repo.Get(ctx, id)
}

// List returns the page of blog posts that q selects. It fails with a
// validation error naming the parameters of q at fault (an unknown sort key,
// a limit out of bounds, a cursor issued for another list).
func (s *BlogPost) List(ctx context.Context, q model.BlogPostList) (model.Page[model.BlogPost], error) {
	if err := validate(q); err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	return s.repo.List(ctx, q)
}

// Update changes the blog post with apply and returns the result. The
// blog post is stored only if the result obeys the rules of its fields.
func (s *BlogPost) Update(ctx context.Context, id uuid.UUID, apply func(*model.BlogPost) error) (model.BlogPost, error) {
	return s.repo.Update(ctx, id, func(item *model.BlogPost) error {
		if err := apply(item); err != nil {
			return err
		}
		item.ArchivedAt = storedPtr(item.ArchivedAt)
		item.UpdatedAt = s.now()
		return validate(item)
	})
}

// Delete removes the blog post with the given id.
func (s *BlogPost) Delete(ctx context.Context, id uuid.UUID) error {
	return s.repo.Delete(ctx, id)
}
