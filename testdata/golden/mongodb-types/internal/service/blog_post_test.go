package service_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
	"example.com/demo/internal/repository/repotest"
	"example.com/demo/internal/service"
)

// newBlogPost returns a valid blog post with every optional field unset.
func newBlogPost() model.BlogPost {
	return model.BlogPost{
		Title:       "title 1",
		Body:        "body 1",
		Score:       4.5,
		EditorEmail: "a@example.com",
		ExternalID:  uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"),
	}
}

// storedBlogPost returns the blog post with the given id as repos stores it and whether there is one.
func storedBlogPost(t *testing.T, repos repotest.Repos, id uuid.UUID) (model.BlogPost, bool) {
	t.Helper()
	item, err := repos.BlogPosts.Get(t.Context(), id)
	if errors.Is(err, apperr.NotFound) {
		return model.BlogPost{}, false
	}
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	return item, true
}

func TestBlogPostCreate(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewBlogPost(repos.BlogPosts)
	before := time.Now().UTC().Add(-time.Second)

	item, err := svc.Create(t.Context(), newBlogPost())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if item.ID.Version() != 7 {
		t.Errorf("ID version = %d, want 7", item.ID.Version())
	}
	if item.CreatedAt.Before(before) || !item.UpdatedAt.Equal(item.CreatedAt) || item.CreatedAt.Location() != time.UTC {
		t.Errorf("timestamps = %v / %v, want now in UTC and equal", item.CreatedAt, item.UpdatedAt)
	}
	if stored, _ := storedBlogPost(t, repos, item.ID); !reflect.DeepEqual(stored, item) {
		t.Errorf("stored = %+v, want the new blog post %+v", stored, item)
	}
}

func TestBlogPostKeepsTimesAsStored(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewBlogPost(repos.BlogPosts)
	// MongoDB keeps milliseconds; the service returns what a read will give.
	fine := time.Date(2026, 5, 1, 20, 30, 0, 123456789, time.FixedZone("CEST", 2*60*60))
	want := time.Date(2026, 5, 1, 18, 30, 0, 123000000, time.UTC)
	input := newBlogPost()
	input.ArchivedAt = &fine
	item, err := svc.Create(t.Context(), input)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if got := *item.ArchivedAt; !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Create: archived_at = %v, want %v", got, want)
	}
	updated, err := svc.Update(t.Context(), item.ID, func(x *model.BlogPost) error {
		x.ArchivedAt = &fine
		return nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if got := *updated.ArchivedAt; !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Update: archived_at = %v, want %v", got, want)
	}
	if stored, _ := storedBlogPost(t, repos, item.ID); !reflect.DeepEqual(stored, updated) {
		t.Errorf("stored = %+v, want what Update returned %+v", stored, updated)
	}
}

func TestBlogPostUnknownIDIsNotFound(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewBlogPost(repos.BlogPosts)
	ctx := t.Context()
	id := uuid.New()
	_, errGet := svc.Get(ctx, id)
	_, errUpdate := svc.Update(ctx, id, func(*model.BlogPost) error { return nil })
	errDelete := svc.Delete(ctx, id)
	for name, err := range map[string]error{"Get": errGet, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, apperr.NotFound) {
			t.Errorf("%s(unknown id) = %v, want NotFound", name, err)
		}
	}
}

func TestBlogPostUpdate(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewBlogPost(repos.BlogPosts)
	ctx := t.Context()
	item, err := svc.Create(ctx, newBlogPost())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	got, err := svc.Update(ctx, item.ID, func(x *model.BlogPost) error {
		x.Title = "title 2"
		return nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if got.Title != "title 2" || got.UpdatedAt.Before(item.UpdatedAt) || !got.CreatedAt.Equal(item.CreatedAt) {
		t.Errorf("Update = %+v, want new title, same created_at, later updated_at", got)
	}

	invalid := apperr.Invalid(map[string]string{"title": "must not be null"})
	if _, err := svc.Update(ctx, item.ID, func(*model.BlogPost) error { return invalid }); !errors.Is(err, apperr.Validation) {
		t.Errorf("Update with failing apply = %v, want the Validation error", err)
	}
	if stored, _ := storedBlogPost(t, repos, item.ID); !reflect.DeepEqual(stored, got) {
		t.Errorf("after failed update stored = %+v, want %+v", stored, got)
	}
}

// TestBlogPostRefusesInvalid calls the service the way a job or a command
// would, without the HTTP layer: the rules of the fields hold all the same.
func TestBlogPostRefusesInvalid(t *testing.T) {
	tests := []struct {
		name  string
		set   func(x *model.BlogPost)
		field string
	}{
		{name: "title too long", set: func(x *model.BlogPost) { x.Title = strings.Repeat("x", 121) }, field: "title"},
		{name: "title empty", set: func(x *model.BlogPost) { x.Title = "" }, field: "title"},
		{name: "title with NUL", set: func(x *model.BlogPost) { x.Title = "a\x00b" }, field: "title"},
		{name: "body with NUL", set: func(x *model.BlogPost) { x.Body = "a\x00b" }, field: "body"},
		{name: "tag not in enum", set: func(x *model.BlogPost) { x.Tag = new(model.BlogPostTag("bogus")) }, field: "tag"},
		{name: "editor_email not an email", set: func(x *model.BlogPost) { x.EditorEmail = "nope" }, field: "editor_email"},
		{name: "editor_email with a display name", set: func(x *model.BlogPost) { x.EditorEmail = "Ada <ada@example.com>" }, field: "editor_email"},
		{name: "editor_email too long", set: func(x *model.BlogPost) { x.EditorEmail = strings.Repeat("a", 243) + "@example.com" }, field: "editor_email"},
		{name: "editor_email with NUL", set: func(x *model.BlogPost) { x.EditorEmail = "a\x00b" }, field: "editor_email"},
		{name: "updated_by_url too long", set: func(x *model.BlogPost) { x.UpdatedByURL = new(strings.Repeat("x", 256)) }, field: "updated_by_url"},
		{name: "updated_by_url with NUL", set: func(x *model.BlogPost) { x.UpdatedByURL = new("a\x00b") }, field: "updated_by_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repos := repotest.NewDB().Repos()
			svc := service.NewBlogPost(repos.BlogPosts)
			ctx := t.Context()
			input := newBlogPost()
			tt.set(&input)
			_, err := svc.Create(ctx, input)
			wantInvalid(t, err, tt.field)
			if page, err := repos.BlogPosts.List(ctx, model.BlogPostList{Limit: 1}); err != nil || len(page.Items) != 0 {
				t.Fatalf("after refused Create List = %v, %v; want none", page.Items, err)
			}

			item, err := svc.Create(ctx, newBlogPost())
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			_, err = svc.Update(ctx, item.ID, func(x *model.BlogPost) error {
				tt.set(x)
				return nil
			})
			wantInvalid(t, err, tt.field)
			if stored, _ := storedBlogPost(t, repos, item.ID); !reflect.DeepEqual(stored, item) {
				t.Errorf("after refused Update stored = %+v, want %+v", stored, item)
			}
		})
	}
}

// TestBlogPostCountsCharacters checks that length limits count characters,
// not bytes, the way the API's JSON schema does.
func TestBlogPostCountsCharacters(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewBlogPost(repos.BlogPosts)
	input := newBlogPost()
	input.Title = strings.Repeat("é", 120)
	input.UpdatedByURL = new(strings.Repeat("é", 255))
	if _, err := svc.Create(t.Context(), input); err != nil {
		t.Errorf("Create with strings of two-byte characters at their limits = %v, want it accepted", err)
	}
}

func TestBlogPostDelete(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewBlogPost(repos.BlogPosts)
	ctx := t.Context()
	item, err := svc.Create(ctx, newBlogPost())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if err := svc.Delete(ctx, item.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := svc.Get(ctx, item.ID); !errors.Is(err, apperr.NotFound) {
		t.Errorf("Get after Delete = %v, want NotFound", err)
	}
}
