package handler_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
)

// fakeBlogPosts is an in-memory BlogPostService.
type fakeBlogPosts struct {
	mu    sync.Mutex
	items map[uuid.UUID]model.BlogPost
	order []uuid.UUID
	err   error // returned by every method when set
	// query is the query of the last List call.
	query model.BlogPostList
}

func newFakeBlogPosts() *fakeBlogPosts {
	return &fakeBlogPosts{items: map[uuid.UUID]model.BlogPost{}}
}

func (f *fakeBlogPosts) Create(_ context.Context, item model.BlogPost) (model.BlogPost, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.BlogPost{}, f.err
	}
	item.ID = uuid.Must(uuid.NewV7())
	item.CreatedAt = time.Now().UTC()
	item.UpdatedAt = item.CreatedAt
	f.items[item.ID] = item
	f.order = append(f.order, item.ID)
	return item, nil
}

func (f *fakeBlogPosts) Get(_ context.Context, id uuid.UUID) (model.BlogPost, error) {
	if id.String() == panicID {
		panic("boom")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.BlogPost{}, f.err
	}
	item, ok := f.items[id]
	if !ok {
		return model.BlogPost{}, apperr.New(apperr.NotFound, "blog post not found")
	}
	return item, nil
}

func (f *fakeBlogPosts) List(_ context.Context, q model.BlogPostList) (model.Page[model.BlogPost], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Page[model.BlogPost]{}, f.err
	}
	f.query = q
	var items []model.BlogPost
	for _, id := range f.order {
		items = append(items, f.items[id])
	}
	page, err := q.Page(items)
	if fields := (model.FieldErrors{}); errors.As(err, &fields) {
		return page, apperr.Invalid(fields)
	}
	return page, err
}

func (f *fakeBlogPosts) Update(_ context.Context, id uuid.UUID, apply func(*model.BlogPost) error) (model.BlogPost, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.BlogPost{}, f.err
	}
	item, ok := f.items[id]
	if !ok {
		return model.BlogPost{}, apperr.New(apperr.NotFound, "blog post not found")
	}
	if err := apply(&item); err != nil {
		return model.BlogPost{}, err
	}
	f.items[id] = item
	return item, nil
}

func (f *fakeBlogPosts) Delete(_ context.Context, id uuid.UUID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	if _, ok := f.items[id]; !ok {
		return apperr.New(apperr.NotFound, "blog post not found")
	}
	delete(f.items, id)
	return nil
}

// blogPostFull is a create body with every field set.
const blogPostFull = `{"title":"title 1","body":"body 1","published_on":"1933-02-21","views":100,"score":4.5,"visible":true,"tag":"news","editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","updated_by_url":"updated by url 1","archived_at":"2026-05-01T20:00:00+02:00"}`

func TestBlogPostCreate(t *testing.T) {
	s := newServer(t)
	res := s.do(t, http.MethodPost, "/api/v1/blog-posts", blogPostFull)
	if res.status != http.StatusCreated {
		t.Fatalf("status = %d, want 201 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"title":          "title 1",
		"body":           "body 1",
		"published_on":   "1933-02-21",
		"views":          100.0,
		"score":          4.5,
		"visible":        true,
		"tag":            "news",
		"editor_email":   "a@example.com",
		"external_id":    "0190c3a4-1b2c-7d3e-8f40-123456789abc",
		"updated_by_url": "updated by url 1",
		"archived_at":    "2026-05-01T18:00:00Z",
	}
	for k, v := range want {
		if res.body[k] != v {
			t.Errorf("%s = %v, want %v", k, res.body[k], v)
		}
	}
	for _, k := range []string{"id", "created_at", "updated_at"} {
		if v, _ := res.body[k].(string); v == "" {
			t.Errorf("%s = %v, want a string", k, res.body[k])
		}
	}

	res = s.do(t, http.MethodPost, "/api/v1/blog-posts", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`)
	if res.status != http.StatusCreated {
		t.Fatalf("status without optional fields = %d, want 201 (body %v)", res.status, res.body)
	}
	for _, k := range []string{"published_on", "views", "visible", "tag", "updated_by_url", "archived_at"} {
		if v, ok := res.body[k]; !ok || v != nil {
			t.Errorf("unset %s = %v (present %t), want null", k, v, ok)
		}
	}
}

func TestBlogPostCreateInvalid(t *testing.T) {
	tests := []struct {
		name, body, field string
	}{
		{"title missing", `{"body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "title"},
		{"title null", `{"title":null,"body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "title"},
		{"title too long", `{"title":"` + strings.Repeat("x", 121) + `","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "title"},
		{"title empty", `{"title":"","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "title"},
		{"body missing", `{"title":"title 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "body"},
		{"body null", `{"title":"title 1","body":null,"score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "body"},
		{"body wrong type", `{"title":"title 1","body":1,"score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "body"},
		{"published_on not a date", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","published_on":"1933-02-30"}`, "published_on"},
		{"views not an integer", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","views":1.5}`, "views"},
		{"views too large", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","views":1e30}`, "views"},
		{"views above int64", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","views":9223372036854775808}`, "views"},
		{"score missing", `{"title":"title 1","body":"body 1","editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "score"},
		{"score null", `{"title":"title 1","body":"body 1","score":null,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "score"},
		{"score wrong type", `{"title":"title 1","body":"body 1","score":"high","editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "score"},
		{"visible wrong type", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","visible":"yes"}`, "visible"},
		{"tag not in enum", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","tag":"bogus"}`, "tag"},
		{"editor_email missing", `{"title":"title 1","body":"body 1","score":4.5,"external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "editor_email"},
		{"editor_email null", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":null,"external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "editor_email"},
		{"editor_email not an email", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"nope","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "editor_email"},
		{"external_id missing", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com"}`, "external_id"},
		{"external_id null", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":null}`, "external_id"},
		{"external_id not a uuid", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"nope"}`, "external_id"},
		{"external_id uuid in braces", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"}`, "external_id"},
		{"external_id uuid urn", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "external_id"},
		{"external_id uuid without dashes", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a41b2c7d3e8f40123456789abc"}`, "external_id"},
		{"updated_by_url too long", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","updated_by_url":"` + strings.Repeat("x", 256) + `"}`, "updated_by_url"},
		{"archived_at not a time", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","archived_at":"tomorrow"}`, "archived_at"},
		{"unknown field", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","extra":1}`, "extra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			wantError(t, s.do(t, http.MethodPost, "/api/v1/blog-posts", tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
		})
	}
}

func TestBlogPostCreateConflict(t *testing.T) {
	s := newServer(t)
	s.blogPosts.err = apperr.New(apperr.AlreadyExists, "blog post already exists")
	wantError(t, s.do(t, http.MethodPost, "/api/v1/blog-posts", blogPostFull), http.StatusConflict, "already_exists", "")
}

func TestBlogPostGet(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/blog-posts", blogPostFull).body["id"].(string)
	if res := s.do(t, http.MethodGet, "/api/v1/blog-posts/"+id, ""); res.status != http.StatusOK || res.body["id"] != id {
		t.Errorf("GET = %d %v, want 200 with id %s", res.status, res.body, id)
	}
	wantError(t, s.do(t, http.MethodGet, "/api/v1/blog-posts/"+uuid.NewString(), ""), http.StatusNotFound, "not_found", "")
}

func TestBlogPostUpdate(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/blog-posts", blogPostFull).body["id"].(string)
	path := "/api/v1/blog-posts/" + id

	res := s.do(t, http.MethodPatch, path, `{"title":"title 2","published_on":null,"views":null,"visible":null,"tag":null,"updated_by_url":null,"archived_at":null}`)
	if res.status != http.StatusOK {
		t.Fatalf("PATCH status = %d, want 200 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"title":          "title 2",
		"body":           "body 1",
		"published_on":   nil,
		"views":          nil,
		"score":          4.5,
		"visible":        nil,
		"tag":            nil,
		"editor_email":   "a@example.com",
		"external_id":    "0190c3a4-1b2c-7d3e-8f40-123456789abc",
		"updated_by_url": nil,
		"archived_at":    nil,
	}
	for k, v := range want {
		if res.body[k] != v {
			t.Errorf("after PATCH %s = %v, want %v", k, res.body[k], v)
		}
	}

	tests := []struct {
		name, body, field string
	}{
		{"title null", `{"title":null}`, "title"},
		{"title too long", `{"title":"` + strings.Repeat("x", 121) + `"}`, "title"},
		{"title empty", `{"title":""}`, "title"},
		{"body null", `{"body":null}`, "body"},
		{"body wrong type", `{"body":1}`, "body"},
		{"published_on not a date", `{"published_on":"1933-02-30"}`, "published_on"},
		{"views not an integer", `{"views":1.5}`, "views"},
		{"views too large", `{"views":1e30}`, "views"},
		{"views above int64", `{"views":9223372036854775808}`, "views"},
		{"score null", `{"score":null}`, "score"},
		{"score wrong type", `{"score":"high"}`, "score"},
		{"visible wrong type", `{"visible":"yes"}`, "visible"},
		{"tag not in enum", `{"tag":"bogus"}`, "tag"},
		{"editor_email null", `{"editor_email":null}`, "editor_email"},
		{"editor_email not an email", `{"editor_email":"nope"}`, "editor_email"},
		{"external_id null", `{"external_id":null}`, "external_id"},
		{"external_id not a uuid", `{"external_id":"nope"}`, "external_id"},
		{"external_id uuid in braces", `{"external_id":"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"}`, "external_id"},
		{"external_id uuid urn", `{"external_id":"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "external_id"},
		{"external_id uuid without dashes", `{"external_id":"0190c3a41b2c7d3e8f40123456789abc"}`, "external_id"},
		{"updated_by_url too long", `{"updated_by_url":"` + strings.Repeat("x", 256) + `"}`, "updated_by_url"},
		{"archived_at not a time", `{"archived_at":"tomorrow"}`, "archived_at"},
		{"unknown field", `{"extra":1}`, "extra"},
	}
	for _, tt := range tests {
		wantError(t, s.do(t, http.MethodPatch, path, tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
	}
	wantError(t, s.do(t, http.MethodPatch, "/api/v1/blog-posts/"+uuid.NewString(), `{}`), http.StatusNotFound, "not_found", "")
}

// Huma does not add null to the allowed values of a nullable enum, so this
// proves that null still clears one.
func TestBlogPostOptionalEnumsAcceptNull(t *testing.T) {
	s := newServer(t)
	res := s.do(t, http.MethodPost, "/api/v1/blog-posts", `{"title":"title 1","body":"body 1","score":4.5,"editor_email":"a@example.com","external_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","tag":null}`)
	if res.status != http.StatusCreated {
		t.Fatalf("POST with null enums: status = %d, want 201 (body %v)", res.status, res.body)
	}
	path := "/api/v1/blog-posts/" + res.body["id"].(string)
	if res := s.do(t, http.MethodPatch, path, `{"tag":"news"}`); res.body["tag"] != "news" {
		t.Errorf("PATCH tag = %d %v, want tag %s", res.status, res.body, "news")
	}
	if res := s.do(t, http.MethodPatch, path, `{"tag":null}`); res.status != http.StatusOK || res.body["tag"] != nil {
		t.Errorf("PATCH tag null = %d %v, want 200 and tag null", res.status, res.body)
	}
}

func TestBlogPostList(t *testing.T) {
	s := newServer(t)
	for range 3 {
		s.do(t, http.MethodPost, "/api/v1/blog-posts", blogPostFull)
	}
	res := s.do(t, http.MethodGet, "/api/v1/blog-posts?limit=2", "")
	items, _ := res.body["items"].([]any)
	next, _ := res.body["next_cursor"].(string)
	if _, counted := res.body["total"]; res.status != http.StatusOK || len(items) != 2 || next == "" || counted {
		t.Fatalf("GET ?limit=2 = %d %v, want 200, two items, a next_cursor and no total", res.status, res.body)
	}
	res = s.do(t, http.MethodGet, "/api/v1/blog-posts?limit=2&count=true&cursor="+next, "")
	items, _ = res.body["items"].([]any)
	if last, ok := res.body["next_cursor"]; res.status != http.StatusOK || len(items) != 1 || !ok || last != nil || res.body["total"] != 3.0 {
		t.Errorf("GET the next page = %d %v, want 200, one item, next_cursor null and total 3", res.status, res.body)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/blog-posts", ""); res.status != http.StatusOK || s.blogPosts.query.Limit != model.DefaultLimit || s.blogPosts.query.Sort != (model.BlogPostSort{Key: model.BlogPostByCreatedAt}) {
		t.Errorf("defaults: %d, query %+v; want 200, limit %d and created_at ascending", res.status, s.blogPosts.query, model.DefaultLimit)
	}
	for _, sort := range strings.Split("created_at,-created_at,updated_at,-updated_at,title,-title,editor_email,-editor_email,external_id,-external_id", ",") {
		key, desc := strings.CutPrefix(sort, "-")
		if res := s.do(t, http.MethodGet, "/api/v1/blog-posts?sort="+sort, ""); res.status != http.StatusOK || s.blogPosts.query.Sort != (model.BlogPostSort{Key: model.BlogPostSortKey(key), Desc: desc}) {
			t.Errorf("GET ?sort=%s = %d, sort %+v", sort, res.status, s.blogPosts.query.Sort)
		}
	}
	for q, field := range map[string]string{
		"limit=0": "limit", "limit=101": "limit", "limit=x": "limit", "sort=nope": "sort", "sort=id": "sort", "count=maybe": "count",
		"cursor=%21%21": "cursor", "cursor=" + base64.RawURLEncoding.EncodeToString([]byte("a.b.c")): "cursor",
		"sort=-created_at&cursor=" + next:            "cursor",
		url.Values{"visible": {"yes"}}.Encode():      "visible",
		url.Values{"tag": {"bogus"}}.Encode():        "tag",
		url.Values{"external_id": {"nope"}}.Encode(): "external_id",
	} {
		wantError(t, s.do(t, http.MethodGet, "/api/v1/blog-posts?"+q, ""), http.StatusUnprocessableEntity, "validation", field)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/blog-posts?"+url.Values{"title": {"title 1"}}.Encode(), ""); res.status != http.StatusOK || len(s.blogPosts.query.Filter.Title) != 1 || s.blogPosts.query.Filter.Title[0].Op != model.OpEq {
		t.Errorf("GET ?title= %d, filter %+v; want 200 and one eq condition", res.status, s.blogPosts.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/blog-posts?"+url.Values{"visible": {"true"}}.Encode(), ""); res.status != http.StatusOK || len(s.blogPosts.query.Filter.Visible) != 1 || s.blogPosts.query.Filter.Visible[0].Op != model.OpEq {
		t.Errorf("GET ?visible= %d, filter %+v; want 200 and one eq condition", res.status, s.blogPosts.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/blog-posts?"+url.Values{"tag": {"news"}}.Encode(), ""); res.status != http.StatusOK || len(s.blogPosts.query.Filter.Tag) != 1 || s.blogPosts.query.Filter.Tag[0].Op != model.OpEq {
		t.Errorf("GET ?tag= %d, filter %+v; want 200 and one eq condition", res.status, s.blogPosts.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/blog-posts?"+url.Values{"editor_email": {"a@example.com"}}.Encode(), ""); res.status != http.StatusOK || len(s.blogPosts.query.Filter.EditorEmail) != 1 || s.blogPosts.query.Filter.EditorEmail[0].Op != model.OpEq {
		t.Errorf("GET ?editor_email= %d, filter %+v; want 200 and one eq condition", res.status, s.blogPosts.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/blog-posts?"+url.Values{"external_id": {"0190c3a4-1b2c-7d3e-8f40-123456789abc"}}.Encode(), ""); res.status != http.StatusOK || len(s.blogPosts.query.Filter.ExternalID) != 1 || s.blogPosts.query.Filter.ExternalID[0].Op != model.OpEq {
		t.Errorf("GET ?external_id= %d, filter %+v; want 200 and one eq condition", res.status, s.blogPosts.query.Filter)
	}
}

func TestBlogPostDelete(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/blog-posts", blogPostFull).body["id"].(string)
	if res := s.do(t, http.MethodDelete, "/api/v1/blog-posts/"+id, ""); res.status != http.StatusNoContent {
		t.Errorf("DELETE = %d, want 204", res.status)
	}
	wantError(t, s.do(t, http.MethodDelete, "/api/v1/blog-posts/"+id, ""), http.StatusNotFound, "not_found", "")
}
