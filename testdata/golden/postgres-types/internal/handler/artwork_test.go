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

// fakeArtworks is an in-memory ArtworkService.
type fakeArtworks struct {
	mu    sync.Mutex
	items map[uuid.UUID]model.Artwork
	order []uuid.UUID
	err   error // returned by every method when set
	// query is the query of the last List call.
	query model.ArtworkList
}

func newFakeArtworks() *fakeArtworks {
	return &fakeArtworks{items: map[uuid.UUID]model.Artwork{}}
}

func (f *fakeArtworks) Create(_ context.Context, item model.Artwork) (model.Artwork, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Artwork{}, f.err
	}
	item.ID = uuid.Must(uuid.NewV7())
	item.CreatedAt = time.Now().UTC()
	item.UpdatedAt = item.CreatedAt
	f.items[item.ID] = item
	f.order = append(f.order, item.ID)
	return item, nil
}

func (f *fakeArtworks) Get(_ context.Context, id uuid.UUID) (model.Artwork, error) {
	if id.String() == panicID {
		panic("boom")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Artwork{}, f.err
	}
	item, ok := f.items[id]
	if !ok {
		return model.Artwork{}, apperr.New(apperr.NotFound, "artwork not found")
	}
	return item, nil
}

func (f *fakeArtworks) List(_ context.Context, q model.ArtworkList) (model.Page[model.Artwork], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Page[model.Artwork]{}, f.err
	}
	f.query = q
	var items []model.Artwork
	for _, id := range f.order {
		items = append(items, f.items[id])
	}
	page, err := q.Page(items)
	if fields := (model.FieldErrors{}); errors.As(err, &fields) {
		return page, apperr.Invalid(fields)
	}
	return page, err
}

func (f *fakeArtworks) Update(_ context.Context, id uuid.UUID, apply func(*model.Artwork) error) (model.Artwork, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Artwork{}, f.err
	}
	item, ok := f.items[id]
	if !ok {
		return model.Artwork{}, apperr.New(apperr.NotFound, "artwork not found")
	}
	if err := apply(&item); err != nil {
		return model.Artwork{}, err
	}
	f.items[id] = item
	return item, nil
}

func (f *fakeArtworks) Delete(_ context.Context, id uuid.UUID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	if _, ok := f.items[id]; !ok {
		return apperr.New(apperr.NotFound, "artwork not found")
	}
	delete(f.items, id)
	return nil
}

// artworkFull is a create body with every field set.
const artworkFull = `{"title":"title 1","year":100,"artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","event_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`

func TestArtworkCreate(t *testing.T) {
	s := newServer(t)
	res := s.do(t, http.MethodPost, "/api/v1/artworks", artworkFull)
	if res.status != http.StatusCreated {
		t.Fatalf("status = %d, want 201 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"title":     "title 1",
		"year":      100.0,
		"artist_id": "0190c3a4-1b2c-7d3e-8f40-123456789abc",
		"event_id":  "0190c3a4-1b2c-7d3e-8f40-123456789abc",
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

	res = s.do(t, http.MethodPost, "/api/v1/artworks", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`)
	if res.status != http.StatusCreated {
		t.Fatalf("status without optional fields = %d, want 201 (body %v)", res.status, res.body)
	}
	for _, k := range []string{"year", "event_id"} {
		if v, ok := res.body[k]; !ok || v != nil {
			t.Errorf("unset %s = %v (present %t), want null", k, v, ok)
		}
	}
}

func TestArtworkCreateInvalid(t *testing.T) {
	tests := []struct {
		name, body, field string
	}{
		{"title missing", `{"artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "title"},
		{"title null", `{"title":null,"artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "title"},
		{"title too long", `{"title":"` + strings.Repeat("x", 256) + `","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "title"},
		{"title empty", `{"title":"","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "title"},
		{"year not an integer", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","year":1.5}`, "year"},
		{"year too large", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","year":1e30}`, "year"},
		{"year above int64", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","year":9223372036854775808}`, "year"},
		{"artist_id missing", `{"title":"title 1"}`, "artist_id"},
		{"artist_id null", `{"title":"title 1","artist_id":null}`, "artist_id"},
		{"artist_id not a uuid", `{"title":"title 1","artist_id":"nope"}`, "artist_id"},
		{"artist_id uuid in braces", `{"title":"title 1","artist_id":"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"}`, "artist_id"},
		{"artist_id uuid urn", `{"title":"title 1","artist_id":"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "artist_id"},
		{"artist_id uuid without dashes", `{"title":"title 1","artist_id":"0190c3a41b2c7d3e8f40123456789abc"}`, "artist_id"},
		{"event_id not a uuid", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","event_id":"nope"}`, "event_id"},
		{"event_id uuid in braces", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","event_id":"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"}`, "event_id"},
		{"event_id uuid urn", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","event_id":"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "event_id"},
		{"event_id uuid without dashes", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","event_id":"0190c3a41b2c7d3e8f40123456789abc"}`, "event_id"},
		{"unknown field", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","extra":1}`, "extra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			wantError(t, s.do(t, http.MethodPost, "/api/v1/artworks", tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
		})
	}
}

func TestArtworkCreateConflict(t *testing.T) {
	s := newServer(t)
	s.artworks.err = apperr.New(apperr.AlreadyExists, "artwork already exists")
	wantError(t, s.do(t, http.MethodPost, "/api/v1/artworks", artworkFull), http.StatusConflict, "already_exists", "")
}

func TestArtworkGet(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/artworks", artworkFull).body["id"].(string)
	if res := s.do(t, http.MethodGet, "/api/v1/artworks/"+id, ""); res.status != http.StatusOK || res.body["id"] != id {
		t.Errorf("GET = %d %v, want 200 with id %s", res.status, res.body, id)
	}
	wantError(t, s.do(t, http.MethodGet, "/api/v1/artworks/"+uuid.NewString(), ""), http.StatusNotFound, "not_found", "")
}

func TestArtworkUpdate(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/artworks", artworkFull).body["id"].(string)
	path := "/api/v1/artworks/" + id

	res := s.do(t, http.MethodPatch, path, `{"title":"title 2","year":null,"event_id":null}`)
	if res.status != http.StatusOK {
		t.Fatalf("PATCH status = %d, want 200 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"title":     "title 2",
		"year":      nil,
		"artist_id": "0190c3a4-1b2c-7d3e-8f40-123456789abc",
		"event_id":  nil,
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
		{"title too long", `{"title":"` + strings.Repeat("x", 256) + `"}`, "title"},
		{"title empty", `{"title":""}`, "title"},
		{"year not an integer", `{"year":1.5}`, "year"},
		{"year too large", `{"year":1e30}`, "year"},
		{"year above int64", `{"year":9223372036854775808}`, "year"},
		{"artist_id null", `{"artist_id":null}`, "artist_id"},
		{"artist_id not a uuid", `{"artist_id":"nope"}`, "artist_id"},
		{"artist_id uuid in braces", `{"artist_id":"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"}`, "artist_id"},
		{"artist_id uuid urn", `{"artist_id":"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "artist_id"},
		{"artist_id uuid without dashes", `{"artist_id":"0190c3a41b2c7d3e8f40123456789abc"}`, "artist_id"},
		{"event_id not a uuid", `{"event_id":"nope"}`, "event_id"},
		{"event_id uuid in braces", `{"event_id":"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"}`, "event_id"},
		{"event_id uuid urn", `{"event_id":"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "event_id"},
		{"event_id uuid without dashes", `{"event_id":"0190c3a41b2c7d3e8f40123456789abc"}`, "event_id"},
		{"unknown field", `{"extra":1}`, "extra"},
	}
	for _, tt := range tests {
		wantError(t, s.do(t, http.MethodPatch, path, tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
	}
	wantError(t, s.do(t, http.MethodPatch, "/api/v1/artworks/"+uuid.NewString(), `{}`), http.StatusNotFound, "not_found", "")
}

func TestArtworkList(t *testing.T) {
	s := newServer(t)
	for range 3 {
		s.do(t, http.MethodPost, "/api/v1/artworks", artworkFull)
	}
	res := s.do(t, http.MethodGet, "/api/v1/artworks?limit=2", "")
	items, _ := res.body["items"].([]any)
	next, _ := res.body["next_cursor"].(string)
	if _, counted := res.body["total"]; res.status != http.StatusOK || len(items) != 2 || next == "" || counted {
		t.Fatalf("GET ?limit=2 = %d %v, want 200, two items, a next_cursor and no total", res.status, res.body)
	}
	res = s.do(t, http.MethodGet, "/api/v1/artworks?limit=2&count=true&cursor="+next, "")
	items, _ = res.body["items"].([]any)
	if last, ok := res.body["next_cursor"]; res.status != http.StatusOK || len(items) != 1 || !ok || last != nil || res.body["total"] != 3.0 {
		t.Errorf("GET the next page = %d %v, want 200, one item, next_cursor null and total 3", res.status, res.body)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/artworks", ""); res.status != http.StatusOK || s.artworks.query.Limit != model.DefaultLimit || s.artworks.query.Sort != (model.ArtworkSort{Key: model.ArtworkByCreatedAt}) {
		t.Errorf("defaults: %d, query %+v; want 200, limit %d and created_at ascending", res.status, s.artworks.query, model.DefaultLimit)
	}
	for _, sort := range strings.Split("created_at,-created_at,updated_at,-updated_at,artist_id,-artist_id", ",") {
		key, desc := strings.CutPrefix(sort, "-")
		if res := s.do(t, http.MethodGet, "/api/v1/artworks?sort="+sort, ""); res.status != http.StatusOK || s.artworks.query.Sort != (model.ArtworkSort{Key: model.ArtworkSortKey(key), Desc: desc}) {
			t.Errorf("GET ?sort=%s = %d, sort %+v", sort, res.status, s.artworks.query.Sort)
		}
	}
	for q, field := range map[string]string{
		"limit=0": "limit", "limit=101": "limit", "limit=x": "limit", "sort=nope": "sort", "sort=id": "sort", "count=maybe": "count",
		"cursor=%21%21": "cursor", "cursor=" + base64.RawURLEncoding.EncodeToString([]byte("a.b.c")): "cursor",
		"sort=-created_at&cursor=" + next:          "cursor",
		url.Values{"artist_id": {"nope"}}.Encode(): "artist_id",
		url.Values{"event_id": {"nope"}}.Encode():  "event_id",
	} {
		wantError(t, s.do(t, http.MethodGet, "/api/v1/artworks?"+q, ""), http.StatusUnprocessableEntity, "validation", field)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/artworks?"+url.Values{"artist_id": {"0190c3a4-1b2c-7d3e-8f40-123456789abc"}}.Encode(), ""); res.status != http.StatusOK || len(s.artworks.query.Filter.ArtistID) != 1 || s.artworks.query.Filter.ArtistID[0].Op != model.OpEq {
		t.Errorf("GET ?artist_id= %d, filter %+v; want 200 and one eq condition", res.status, s.artworks.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/artworks?"+url.Values{"event_id": {"0190c3a4-1b2c-7d3e-8f40-123456789abc"}}.Encode(), ""); res.status != http.StatusOK || len(s.artworks.query.Filter.EventID) != 1 || s.artworks.query.Filter.EventID[0].Op != model.OpEq {
		t.Errorf("GET ?event_id= %d, filter %+v; want 200 and one eq condition", res.status, s.artworks.query.Filter)
	}
}

func TestArtworkDelete(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/artworks", artworkFull).body["id"].(string)
	if res := s.do(t, http.MethodDelete, "/api/v1/artworks/"+id, ""); res.status != http.StatusNoContent {
		t.Errorf("DELETE = %d, want 204", res.status)
	}
	wantError(t, s.do(t, http.MethodDelete, "/api/v1/artworks/"+id, ""), http.StatusNotFound, "not_found", "")
}
