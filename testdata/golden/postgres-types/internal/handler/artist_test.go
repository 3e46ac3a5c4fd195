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

// fakeArtists is an in-memory ArtistService.
type fakeArtists struct {
	mu    sync.Mutex
	items map[uuid.UUID]model.Artist
	order []uuid.UUID
	err   error // returned by every method when set
	// query is the query of the last List call.
	query model.ArtistList
}

func newFakeArtists() *fakeArtists {
	return &fakeArtists{items: map[uuid.UUID]model.Artist{}}
}

func (f *fakeArtists) Create(_ context.Context, item model.Artist) (model.Artist, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Artist{}, f.err
	}
	item.ID = uuid.Must(uuid.NewV7())
	item.CreatedAt = time.Now().UTC()
	item.UpdatedAt = item.CreatedAt
	f.items[item.ID] = item
	f.order = append(f.order, item.ID)
	return item, nil
}

func (f *fakeArtists) Get(_ context.Context, id uuid.UUID) (model.Artist, error) {
	if id.String() == panicID {
		panic("boom")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Artist{}, f.err
	}
	item, ok := f.items[id]
	if !ok {
		return model.Artist{}, apperr.New(apperr.NotFound, "artist not found")
	}
	return item, nil
}

func (f *fakeArtists) List(_ context.Context, q model.ArtistList) (model.Page[model.Artist], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Page[model.Artist]{}, f.err
	}
	f.query = q
	var items []model.Artist
	for _, id := range f.order {
		items = append(items, f.items[id])
	}
	page, err := q.Page(items)
	if fields := (model.FieldErrors{}); errors.As(err, &fields) {
		return page, apperr.Invalid(fields)
	}
	return page, err
}

func (f *fakeArtists) Update(_ context.Context, id uuid.UUID, apply func(*model.Artist) error) (model.Artist, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Artist{}, f.err
	}
	item, ok := f.items[id]
	if !ok {
		return model.Artist{}, apperr.New(apperr.NotFound, "artist not found")
	}
	if err := apply(&item); err != nil {
		return model.Artist{}, err
	}
	f.items[id] = item
	return item, nil
}

func (f *fakeArtists) Delete(_ context.Context, id uuid.UUID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	if _, ok := f.items[id]; !ok {
		return apperr.New(apperr.NotFound, "artist not found")
	}
	delete(f.items, id)
	return nil
}

// artistFull is a create body with every field set.
const artistFull = `{"name":"name 1","bio":"bio 1","born":"1933-02-21","rating":4.5,"active":true}`

func TestArtistCreate(t *testing.T) {
	s := newServer(t)
	res := s.do(t, http.MethodPost, "/api/v1/artists", artistFull)
	if res.status != http.StatusCreated {
		t.Fatalf("status = %d, want 201 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"name":   "name 1",
		"bio":    "bio 1",
		"born":   "1933-02-21",
		"rating": 4.5,
		"active": true,
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

	res = s.do(t, http.MethodPost, "/api/v1/artists", `{"name":"name 1","active":true}`)
	if res.status != http.StatusCreated {
		t.Fatalf("status without optional fields = %d, want 201 (body %v)", res.status, res.body)
	}
	for _, k := range []string{"bio", "born", "rating"} {
		if v, ok := res.body[k]; !ok || v != nil {
			t.Errorf("unset %s = %v (present %t), want null", k, v, ok)
		}
	}
}

func TestArtistCreateInvalid(t *testing.T) {
	tests := []struct {
		name, body, field string
	}{
		{"name missing", `{"active":true}`, "name"},
		{"name null", `{"name":null,"active":true}`, "name"},
		{"name too long", `{"name":"` + strings.Repeat("x", 256) + `","active":true}`, "name"},
		{"name empty", `{"name":"","active":true}`, "name"},
		{"bio wrong type", `{"name":"name 1","active":true,"bio":1}`, "bio"},
		{"born not a date", `{"name":"name 1","active":true,"born":"1933-02-30"}`, "born"},
		{"rating wrong type", `{"name":"name 1","active":true,"rating":"high"}`, "rating"},
		{"active missing", `{"name":"name 1"}`, "active"},
		{"active null", `{"name":"name 1","active":null}`, "active"},
		{"active wrong type", `{"name":"name 1","active":"yes"}`, "active"},
		{"unknown field", `{"name":"name 1","active":true,"extra":1}`, "extra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			wantError(t, s.do(t, http.MethodPost, "/api/v1/artists", tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
		})
	}
}

func TestArtistCreateConflict(t *testing.T) {
	s := newServer(t)
	s.artists.err = apperr.New(apperr.AlreadyExists, "artist already exists")
	wantError(t, s.do(t, http.MethodPost, "/api/v1/artists", artistFull), http.StatusConflict, "already_exists", "")
}

func TestArtistGet(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/artists", artistFull).body["id"].(string)
	if res := s.do(t, http.MethodGet, "/api/v1/artists/"+id, ""); res.status != http.StatusOK || res.body["id"] != id {
		t.Errorf("GET = %d %v, want 200 with id %s", res.status, res.body, id)
	}
	wantError(t, s.do(t, http.MethodGet, "/api/v1/artists/"+uuid.NewString(), ""), http.StatusNotFound, "not_found", "")
}

func TestArtistUpdate(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/artists", artistFull).body["id"].(string)
	path := "/api/v1/artists/" + id

	res := s.do(t, http.MethodPatch, path, `{"name":"name 2","bio":null,"born":null,"rating":null}`)
	if res.status != http.StatusOK {
		t.Fatalf("PATCH status = %d, want 200 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"name":   "name 2",
		"bio":    nil,
		"born":   nil,
		"rating": nil,
		"active": true,
	}
	for k, v := range want {
		if res.body[k] != v {
			t.Errorf("after PATCH %s = %v, want %v", k, res.body[k], v)
		}
	}

	tests := []struct {
		name, body, field string
	}{
		{"name null", `{"name":null}`, "name"},
		{"name too long", `{"name":"` + strings.Repeat("x", 256) + `"}`, "name"},
		{"name empty", `{"name":""}`, "name"},
		{"bio wrong type", `{"bio":1}`, "bio"},
		{"born not a date", `{"born":"1933-02-30"}`, "born"},
		{"rating wrong type", `{"rating":"high"}`, "rating"},
		{"active null", `{"active":null}`, "active"},
		{"active wrong type", `{"active":"yes"}`, "active"},
		{"unknown field", `{"extra":1}`, "extra"},
	}
	for _, tt := range tests {
		wantError(t, s.do(t, http.MethodPatch, path, tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
	}
	wantError(t, s.do(t, http.MethodPatch, "/api/v1/artists/"+uuid.NewString(), `{}`), http.StatusNotFound, "not_found", "")
}

func TestArtistList(t *testing.T) {
	s := newServer(t)
	for range 3 {
		s.do(t, http.MethodPost, "/api/v1/artists", artistFull)
	}
	res := s.do(t, http.MethodGet, "/api/v1/artists?limit=2", "")
	items, _ := res.body["items"].([]any)
	next, _ := res.body["next_cursor"].(string)
	if _, counted := res.body["total"]; res.status != http.StatusOK || len(items) != 2 || next == "" || counted {
		t.Fatalf("GET ?limit=2 = %d %v, want 200, two items, a next_cursor and no total", res.status, res.body)
	}
	res = s.do(t, http.MethodGet, "/api/v1/artists?limit=2&count=true&cursor="+next, "")
	items, _ = res.body["items"].([]any)
	if last, ok := res.body["next_cursor"]; res.status != http.StatusOK || len(items) != 1 || !ok || last != nil || res.body["total"] != 3.0 {
		t.Errorf("GET the next page = %d %v, want 200, one item, next_cursor null and total 3", res.status, res.body)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/artists", ""); res.status != http.StatusOK || s.artists.query.Limit != model.DefaultLimit || s.artists.query.Sort != (model.ArtistSort{Key: model.ArtistByCreatedAt}) {
		t.Errorf("defaults: %d, query %+v; want 200, limit %d and created_at ascending", res.status, s.artists.query, model.DefaultLimit)
	}
	for _, sort := range strings.Split("created_at,-created_at,updated_at,-updated_at,name,-name", ",") {
		key, desc := strings.CutPrefix(sort, "-")
		if res := s.do(t, http.MethodGet, "/api/v1/artists?sort="+sort, ""); res.status != http.StatusOK || s.artists.query.Sort != (model.ArtistSort{Key: model.ArtistSortKey(key), Desc: desc}) {
			t.Errorf("GET ?sort=%s = %d, sort %+v", sort, res.status, s.artists.query.Sort)
		}
	}
	for q, field := range map[string]string{
		"limit=0": "limit", "limit=101": "limit", "limit=x": "limit", "sort=nope": "sort", "sort=id": "sort", "count=maybe": "count",
		"cursor=%21%21": "cursor", "cursor=" + base64.RawURLEncoding.EncodeToString([]byte("a.b.c")): "cursor",
		"sort=-created_at&cursor=" + next:      "cursor",
		url.Values{"active": {"yes"}}.Encode(): "active",
	} {
		wantError(t, s.do(t, http.MethodGet, "/api/v1/artists?"+q, ""), http.StatusUnprocessableEntity, "validation", field)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/artists?"+url.Values{"name": {"name 1"}}.Encode(), ""); res.status != http.StatusOK || len(s.artists.query.Filter.Name) != 1 || s.artists.query.Filter.Name[0].Op != model.OpEq {
		t.Errorf("GET ?name= %d, filter %+v; want 200 and one eq condition", res.status, s.artists.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/artists?"+url.Values{"active": {"true"}}.Encode(), ""); res.status != http.StatusOK || len(s.artists.query.Filter.Active) != 1 || s.artists.query.Filter.Active[0].Op != model.OpEq {
		t.Errorf("GET ?active= %d, filter %+v; want 200 and one eq condition", res.status, s.artists.query.Filter)
	}
}

func TestArtistDelete(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/artists", artistFull).body["id"].(string)
	if res := s.do(t, http.MethodDelete, "/api/v1/artists/"+id, ""); res.status != http.StatusNoContent {
		t.Errorf("DELETE = %d, want 204", res.status)
	}
	wantError(t, s.do(t, http.MethodDelete, "/api/v1/artists/"+id, ""), http.StatusNotFound, "not_found", "")
}
