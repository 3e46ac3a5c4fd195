package repository_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
	"example.com/demo/internal/repository"
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
	t.Run("create and get round-trip every field", func(t *testing.T) {
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

	t.Run("get missing is not found", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		if _, err := repo.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("unique editor_email", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		a, b := newBlogPost(1), newBlogPost(2)
		b.EditorEmail = a.EditorEmail
		if err := repo.Create(t.Context(), a); err != nil {
			t.Fatalf("Create: %v", err)
		}
		err := repo.Create(t.Context(), b)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists || ae.Details["editor_email"] == "" {
			t.Errorf("Create(duplicate editor_email) = %v, want AlreadyExists naming editor_email", err)
		}

		c := newBlogPost(3)
		if err := repo.Create(t.Context(), c); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), c.ID, func(x *model.BlogPost) error { x.EditorEmail = a.EditorEmail; return nil })
		if !errors.Is(err, apperr.AlreadyExists) {
			t.Errorf("Update(duplicate editor_email) = %v, want AlreadyExists", err)
		}
	})

	t.Run("unique external_id", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		a, b := newBlogPost(1), newBlogPost(2)
		b.ExternalID = a.ExternalID
		if err := repo.Create(t.Context(), a); err != nil {
			t.Fatalf("Create: %v", err)
		}
		err := repo.Create(t.Context(), b)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.AlreadyExists || ae.Details["external_id"] == "" {
			t.Errorf("Create(duplicate external_id) = %v, want AlreadyExists naming external_id", err)
		}

		c := newBlogPost(3)
		if err := repo.Create(t.Context(), c); err != nil {
			t.Fatalf("Create: %v", err)
		}
		_, err = repo.Update(t.Context(), c.ID, func(x *model.BlogPost) error { x.ExternalID = a.ExternalID; return nil })
		if !errors.Is(err, apperr.AlreadyExists) {
			t.Errorf("Update(duplicate external_id) = %v, want AlreadyExists", err)
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

	t.Run("list pages are ordered and disjoint", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		var want []uuid.UUID
		for i := range 7 {
			item := newBlogPost(i)
			if i == 3 {
				item.CreatedAt = timestamp(2) // ties are broken by id
			}
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			want = append(want, item.ID)
		}
		var got []uuid.UUID
		for skip := 0; skip < 10; skip += 3 {
			items, total, err := repo.List(t.Context(), skip, 3)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if total != 7 {
				t.Errorf("List total = %d, want 7", total)
			}
			for _, item := range items {
				got = append(got, item.ID)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("List ids = %v, want %v", got, want)
		}
	})

	t.Run("update commits fn's changes", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		item := newBlogPost(1)
		item.PublishedOn = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := repo.Update(t.Context(), item.ID, func(x *model.BlogPost) error {
			x.PublishedOn = nil
			x.Title = "title 2"
			x.UpdatedAt = timestamp(9)
			return nil
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		stored, err := repo.Get(t.Context(), item.ID)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if !reflect.DeepEqual(stored, got) || stored.PublishedOn != nil || stored.Title != "title 2" || !stored.UpdatedAt.Equal(timestamp(9)) {
			t.Errorf("after Update stored = %+v, returned %+v", stored, got)
		}
	})

	t.Run("update rolls back when fn fails", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		item := newBlogPost(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		boom := errors.New("boom")
		_, err := repo.Update(t.Context(), item.ID, func(x *model.BlogPost) error {
			x.Title = "title 2"
			x.UpdatedAt = timestamp(9)
			return boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("Update = %v, want fn's error", err)
		}
		if stored, _ := repo.Get(t.Context(), item.ID); !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, want %+v", stored, item)
		}
		if _, err := repo.Update(t.Context(), uuid.New(), func(*model.BlogPost) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("concurrent updates of one blog post take turns", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		item := newBlogPost(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		const n = 20
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				_, err := repo.Update(t.Context(), item.ID, func(x *model.BlogPost) error {
					x.UpdatedAt = x.UpdatedAt.Add(time.Second)
					return nil
				})
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent Update: %v", err)
			}
		}
		want := item.UpdatedAt.Add(n * time.Second)
		if stored, err := repo.Get(t.Context(), item.ID); err != nil || !stored.UpdatedAt.Equal(want) {
			t.Errorf("after %d concurrent Updates of one second each updated_at = %v, %v; want %v", n, stored.UpdatedAt, err, want)
		}
	})

	t.Run("delete", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		item := newBlogPost(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := repo.Delete(t.Context(), item.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if err := repo.Delete(t.Context(), item.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Delete(deleted) = %v, want NotFound", err)
		}
	})

	t.Run("100 concurrent writers all succeed", func(t *testing.T) {
		repo := repository.NewBlogPost(newDB(t))
		const n = 100
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		items := make([]model.BlogPost, n)
		for i := range items {
			items[i] = newBlogPost(i)
		}
		for i, item := range items {
			wg.Go(func() {
				if err := repo.Create(t.Context(), item); err != nil {
					errs <- err
					return
				}
				_, err := repo.Update(t.Context(), item.ID, func(x *model.BlogPost) error { x.UpdatedAt = timestamp(n + i); return nil })
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent write: %v", err)
			}
		}
		if _, total, err := repo.List(t.Context(), 0, 1); err != nil || total != n {
			t.Errorf("List total = %d, %v; want %d", total, err, n)
		}
	})
}
