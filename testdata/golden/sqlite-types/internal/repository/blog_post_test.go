package repository_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
	"example.com/demo/internal/repository"
	"example.com/demo/internal/repository/repotest"
)

// newBlogPost returns a valid blog post with every optional field unset.
func newBlogPost(i int) model.BlogPost {
	return model.BlogPost{
		ID:          uuid.Must(uuid.NewV7()),
		Title:       fmt.Sprintf("title %d", i),
		Body:        fmt.Sprintf("body %d", i),
		Score:       float64(i),
		EditorEmail: fmt.Sprintf("user%d@example.com", i),
		ExternalID:  uuid.New(),
		CreatedAt:   timestamp(i),
		UpdatedAt:   timestamp(i),
	}
}

func TestBlogPostRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what SQLite keeps exactly", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		full := newBlogPost(1)
		full.PublishedOn = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		full.Views = ptr(int64(math.MaxInt64))
		full.Visible = ptr(true)
		full.Tag = ptr(model.BlogPostTagNews)
		full.UpdatedByURL = ptr("updated by url 1")
		full.ArchivedAt = ptr(time.Date(2026, 5, 1, 18, 30, 0, 123456789, time.UTC))
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)
		empty := newBlogPost(2)
		for _, want := range []model.BlogPost{full, empty} {
			if err := repo.Create(t.Context(), want); err != nil {
				t.Fatalf("Create: %v", err)
			}
			got, err := repo.Get(t.Context(), want.ID)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Get = %+v, want %+v", got, want)
			}
		}
	})

	t.Run("tag outside the enum is refused", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		item := newBlogPost(1)
		item.Tag = ptr(model.BlogPostTag("bogus"))
		if err := repo.Create(t.Context(), item); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(tag bogus) = %v, want Validation", err)
		}
	})
}

// TestBlogPostContract runs the contract every BlogPostRepository keeps,
// which the in-memory one of the service tests keeps too, on SQLite.
func TestBlogPostContract(t *testing.T) { repotest.TestBlogPostRepository(t, newRepos) }
