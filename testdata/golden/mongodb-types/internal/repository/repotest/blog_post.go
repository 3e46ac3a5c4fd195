package repotest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
	"example.com/demo/internal/service"
)

// blogPostRepo is the in-memory service.BlogPostRepository of a DB.
type blogPostRepo struct{ db *DB }

// cloneBlogPost returns item with fields of its own, so that the DB and its
// callers share no memory, as with a real store.
func cloneBlogPost(item model.BlogPost) model.BlogPost {
	if item.PublishedOn != nil {
		item.PublishedOn = ptr(*item.PublishedOn)
	}
	if item.Views != nil {
		item.Views = ptr(*item.Views)
	}
	if item.Visible != nil {
		item.Visible = ptr(*item.Visible)
	}
	if item.Tag != nil {
		item.Tag = ptr(*item.Tag)
	}
	if item.UpdatedByURL != nil {
		item.UpdatedByURL = ptr(*item.UpdatedByURL)
	}
	if item.ArchivedAt != nil {
		item.ArchivedAt = ptr(*item.ArchivedAt)
	}
	return item
}

// get returns the blog post with the given id. The
// caller holds db.mu.
func (r blogPostRepo) get(id uuid.UUID) (model.BlogPost, error) {
	item, ok := r.db.blogPostRows[id]
	if !ok {
		return model.BlogPost{}, apperr.New(apperr.NotFound, "blog post not found")
	}
	return cloneBlogPost(item), nil
}

// put stores item, refusing what the stores refuse: a unique value of another
// blog post. The caller holds db.mu.
func (r blogPostRepo) put(item model.BlogPost) error {
	for _, other := range r.db.blogPostRows {
		if other.ID == item.ID {
			continue
		}
		if other.EditorEmail == item.EditorEmail {
			e := apperr.New(apperr.AlreadyExists, "blog post already exists")
			e.Details = map[string]string{"editor_email": "already exists"}
			return e
		}
		if other.ExternalID == item.ExternalID {
			e := apperr.New(apperr.AlreadyExists, "blog post already exists")
			e.Details = map[string]string{"external_id": "already exists"}
			return e
		}
	}
	r.db.blogPostRows[item.ID] = cloneBlogPost(item)
	return nil
}

func (r blogPostRepo) Create(_ context.Context, item model.BlogPost) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, ok := r.db.blogPostRows[item.ID]; ok {
		return apperr.New(apperr.AlreadyExists, "blog post already exists")
	}
	return r.put(item)
}

func (r blogPostRepo) Get(_ context.Context, id uuid.UUID) (model.BlogPost, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	return r.get(id)
}

func (r blogPostRepo) List(_ context.Context, q model.BlogPostList) (model.Page[model.BlogPost], error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	var rows []model.BlogPost
	for _, item := range r.db.blogPostRows {
		rows = append(rows, cloneBlogPost(item))
	}
	return q.Page(rows)
}

func (r blogPostRepo) Update(_ context.Context, id uuid.UUID, fn func(*model.BlogPost) error) (model.BlogPost, error) {
	get := func() (model.BlogPost, error) { return r.get(id) }
	return update(r.db, get, fn, r.put)
}

func (r blogPostRepo) Delete(_ context.Context, id uuid.UUID) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, err := r.get(id); err != nil {
		return err
	}
	if r.db.blogPostInUse(id) {
		return apperr.New(apperr.Conflict, "blog post is still referenced; delete or change what refers to it first")
	}
	delete(r.db.blogPostRows, id)
	return nil
}

// newBlogPost returns a valid blog post, the i-th of a test, with every
// optional field unset.
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

// walkBlogPost lists every page of q, calling between (unless nil)
// after each page but the last, and returns the blog posts in the order
// listed.
func walkBlogPost(t *testing.T, repo service.BlogPostRepository, q model.BlogPostList, between func()) []model.BlogPost {
	t.Helper()
	var got []model.BlogPost
	for range 1000 {
		page, err := repo.List(t.Context(), q)
		if err != nil {
			t.Fatalf("List(%+v): %v", q, err)
		}
		if len(page.Items) > q.Limit {
			t.Fatalf("List(%+v) returned %d blog posts, more than the limit", q, len(page.Items))
		}
		got = append(got, page.Items...)
		if page.Next == "" {
			return got
		}
		if between != nil {
			between()
		}
		q.Cursor = page.Next
	}
	t.Fatalf("List(%+v): more than 1000 pages", q)
	return nil
}

// idsBlogPost returns the ids of items.
func idsBlogPost(items []model.BlogPost) []uuid.UUID {
	ids := make([]uuid.UUID, len(items))
	for i, item := range items {
		ids[i] = item.ID
	}
	return ids
}

// TestBlogPostRepository is the contract every BlogPostRepository keeps,
// the real one and the in-memory one alike. newRepos returns the
// repositories of a new, empty database; each subtest calls it once.
func TestBlogPostRepository(t *testing.T, newRepos func(t *testing.T) Repos) {
	t.Run("create and get round-trip every field", func(t *testing.T) {
		r := newRepos(t)
		repo := r.BlogPosts
		full := newBlogPost(1)
		full.PublishedOn = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		full.Views = ptr(int64(100))
		full.Visible = ptr(true)
		full.Tag = ptr(model.BlogPostTagNews)
		full.UpdatedByURL = ptr("updated by url 1")
		full.ArchivedAt = ptr(time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC))
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
		r := newRepos(t)
		repo := r.BlogPosts
		if _, err := repo.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("unique editor_email", func(t *testing.T) {
		r := newRepos(t)
		repo := r.BlogPosts
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
		r := newRepos(t)
		repo := r.BlogPosts
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

	t.Run("list walks every sort and filter in order", func(t *testing.T) {
		r := newRepos(t)
		repo := r.BlogPosts
		var rows []model.BlogPost
		for i := range 12 {
			item := newBlogPost(i)
			item.CreatedAt = timestamp(i / 2) // ties are broken by id
			item.UpdatedAt = timestamp(12 - i/3)
			if i >= 3 {
				item.Title = rows[i%3].Title // ties
			}
			if i%4 == 0 {
				item.Visible = ptr(true)
			}
			if i%4 == 0 {
				item.Tag = ptr(model.BlogPostTagNews)
			}
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			rows = append(rows, item)
		}
		var queries []model.BlogPostList
		for _, key := range []model.BlogPostSortKey{model.BlogPostByCreatedAt, model.BlogPostByUpdatedAt, model.BlogPostByTitle, model.BlogPostByEditorEmail, model.BlogPostByExternalID} {
			for _, desc := range []bool{false, true} {
				queries = append(queries, model.BlogPostList{Sort: model.BlogPostSort{Key: key, Desc: desc}, Limit: 5})
			}
		}
		queries = append(queries, model.BlogPostList{
			Filter: model.BlogPostFilter{Title: []model.Cond[string]{{Op: model.OpEq, Value: rows[4].Title}}},
			Limit:  2,
		})
		queries = append(queries, model.BlogPostList{
			Filter: model.BlogPostFilter{Visible: []model.Cond[bool]{{Op: model.OpEq, Value: *rows[4].Visible}}},
			Limit:  2,
		})
		queries = append(queries, model.BlogPostList{
			Filter: model.BlogPostFilter{Tag: []model.Cond[model.BlogPostTag]{{Op: model.OpEq, Value: *rows[4].Tag}}},
			Limit:  2,
		})
		queries = append(queries, model.BlogPostList{
			Filter: model.BlogPostFilter{EditorEmail: []model.Cond[string]{{Op: model.OpEq, Value: rows[4].EditorEmail}}},
			Limit:  2,
		})
		queries = append(queries, model.BlogPostList{
			Filter: model.BlogPostFilter{ExternalID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: rows[4].ExternalID}}},
			Limit:  2,
		})
		for _, q := range queries {
			all := q
			all.Limit = model.MaxLimit
			want, err := all.Page(rows)
			if err != nil {
				t.Fatalf("Page(%+v): %v", q, err)
			}
			got := walkBlogPost(t, repo, q, nil)
			if !reflect.DeepEqual(idsBlogPost(got), idsBlogPost(want.Items)) {
				t.Errorf("walk(%+v) = %v, want %v", q, idsBlogPost(got), idsBlogPost(want.Items))
			}
			q.Count = true
			if page, err := repo.List(t.Context(), q); err != nil || page.Total == nil || *page.Total != len(want.Items) {
				t.Errorf("List(%+v) total = %v, %v; want %d", q, page.Total, err, len(want.Items))
			}
		}
	})

	t.Run("a walk sees every blog post there was before it once, while others are inserted", func(t *testing.T) {
		r := newRepos(t)
		repo := r.BlogPosts
		seen := map[uuid.UUID]int{}
		for i := range 10 {
			item := newBlogPost(i)
			if err := repo.Create(t.Context(), item); err != nil {
				t.Fatalf("Create: %v", err)
			}
			seen[item.ID] = 0
		}
		n := 100
		insert := func() {
			// One blog post before the walk's position, one in the middle, one after it.
			for _, at := range []int{-n, 5, n} {
				item := newBlogPost(n)
				item.CreatedAt = timestamp(at)
				if err := repo.Create(t.Context(), item); err != nil {
					t.Fatalf("Create: %v", err)
				}
				n++
			}
		}
		for _, desc := range []bool{false, true} {
			for id := range seen {
				seen[id] = 0
			}
			q := model.BlogPostList{Sort: model.BlogPostSort{Desc: desc}, Limit: 3}
			got := walkBlogPost(t, repo, q, insert)
			ids := map[uuid.UUID]bool{}
			for _, item := range got {
				if ids[item.ID] {
					t.Errorf("walk (desc %v) returned %s twice", desc, item.ID)
				}
				ids[item.ID] = true
				if _, ok := seen[item.ID]; ok {
					seen[item.ID]++
				}
			}
			for id, times := range seen {
				if times != 1 {
					t.Errorf("walk (desc %v) returned %s, there before the walk, %d times; want once", desc, id, times)
				}
			}
		}
	})

	t.Run("update commits fn's changes", func(t *testing.T) {
		r := newRepos(t)
		repo := r.BlogPosts
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

	t.Run("update changes nothing when fn fails", func(t *testing.T) {
		r := newRepos(t)
		repo := r.BlogPosts
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
		if stored, err := repo.Get(t.Context(), item.ID); err != nil || !reflect.DeepEqual(stored, item) {
			t.Errorf("after failed Update stored = %+v, %v; want %+v", stored, err, item)
		}
		if _, err := repo.Update(t.Context(), uuid.New(), func(*model.BlogPost) error { return nil }); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Update(missing) = %v, want NotFound", err)
		}
	})

	t.Run("concurrent updates of one blog post take turns", func(t *testing.T) {
		r := newRepos(t)
		repo := r.BlogPosts
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
		r := newRepos(t)
		repo := r.BlogPosts
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

	t.Run("stored blog posts share no memory with the caller", func(t *testing.T) {
		r := newRepos(t)
		repo := r.BlogPosts
		item := newBlogPost(1)
		item.PublishedOn = ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC))
		want := item
		want.PublishedOn = ptr(*item.PublishedOn)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		*item.PublishedOn = time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC) // what the caller gave changes
		got, err := repo.Get(t.Context(), item.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
		}
		*got.PublishedOn = time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC) // what the caller got changes
		if again, err := repo.Get(t.Context(), item.ID); err != nil || !reflect.DeepEqual(again, want) {
			t.Errorf("Get after the caller changed its copy = %+v, %v; want %+v", again, err, want)
		}
	})

	t.Run("100 concurrent writers all succeed", func(t *testing.T) {
		r := newRepos(t)
		repo := r.BlogPosts
		const n = 100
		// The rows are made, and whatever they refer to stored, on the test's goroutine.
		items := make([]model.BlogPost, n)
		for i := range items {
			items[i] = newBlogPost(i)
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
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
		if page, err := repo.List(t.Context(), model.BlogPostList{Limit: 1, Count: true}); err != nil || page.Total == nil || *page.Total != n {
			t.Errorf("List total = %v, %v; want %d", page.Total, err, n)
		}
	})
}
