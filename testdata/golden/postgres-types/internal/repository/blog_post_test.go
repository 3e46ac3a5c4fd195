package repository_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
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
	t.Run("every field round-trips at the edge of what PostgreSQL keeps exactly", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		full := newBlogPost(1)
		full.PublishedOn = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		full.Views = ptr(int64(math.MaxInt64))
		full.Visible = ptr(true)
		full.Tag = ptr(model.BlogPostTagNews)
		full.UpdatedByURL = ptr("updated by url 1")
		full.ArchivedAt = ptr(time.Date(2026, 5, 1, 18, 30, 0, 123456000, time.UTC))
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
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

	t.Run("title holds at most 120 characters", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		fits, long := newBlogPost(1), newBlogPost(2)
		// The limit counts characters, as the API does, not bytes.
		fits.Title = strings.Repeat("é", 120)
		long.Title = strings.Repeat("x", 121)
		if err := repo.Create(t.Context(), fits); err != nil {
			t.Errorf("Create(title of 120 characters): %v", err)
		}
		if err := repo.Create(t.Context(), long); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(title of 121 characters) = %v, want Validation", err)
		}
	})

	t.Run("editor_email holds at most 254 characters", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		fits, long := newBlogPost(1), newBlogPost(2)
		// The limit counts characters, as the API does, not bytes.
		fits.EditorEmail = strings.Repeat("é", 254)
		long.EditorEmail = strings.Repeat("x", 255)
		if err := repo.Create(t.Context(), fits); err != nil {
			t.Errorf("Create(editor_email of 254 characters): %v", err)
		}
		if err := repo.Create(t.Context(), long); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(editor_email of 255 characters) = %v, want Validation", err)
		}
	})

	t.Run("updated_by_url holds at most 255 characters", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		fits, long := newBlogPost(1), newBlogPost(2)
		// The limit counts characters, as the API does, not bytes.
		fits.UpdatedByURL = ptr(strings.Repeat("é", 255))
		long.UpdatedByURL = ptr(strings.Repeat("x", 256))
		if err := repo.Create(t.Context(), fits); err != nil {
			t.Errorf("Create(updated_by_url of 255 characters): %v", err)
		}
		if err := repo.Create(t.Context(), long); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(updated_by_url of 256 characters) = %v, want Validation", err)
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

	t.Run("reads by id come from the primary, lists from the replica", func(t *testing.T) {
		primary, _ := newDB(t)
		// An empty schema: a replica that has seen none of the writes.
		_, lagging := newDB(t)
		repo := repository.NewBlogPost(primary, lagging)
		item := newBlogPost(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if _, err := repo.Get(t.Context(), item.ID); err != nil {
			t.Errorf("Get of the blog post just created = %v, want it from the primary", err)
		}
		if page, err := repo.List(t.Context(), model.BlogPostList{Limit: 10}); err != nil || len(page.Items) != 0 {
			t.Errorf("List = %d blog posts, %v; want the lagging replica's 0", len(page.Items), err)
		}
	})
}

// TestBlogPostContract runs the contract every BlogPostRepository keeps,
// which the in-memory one of the service tests keeps too, on PostgreSQL.
func TestBlogPostContract(t *testing.T) { repotest.TestBlogPostRepository(t, newRepos) }
