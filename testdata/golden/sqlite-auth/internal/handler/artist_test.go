package handler_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/model"
)

// fakeArtists is an in-memory ArtistService.
type fakeArtists struct {
	mu    sync.Mutex
	items map[uuid.UUID]model.Artist
	order []uuid.UUID
	err   error // returned by every method when set
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

func (f *fakeArtists) List(_ context.Context, skip, limit int) ([]model.Artist, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, 0, f.err
	}
	var out []model.Artist
	for i := skip; i < len(f.order) && i < skip+limit; i++ {
		out = append(out, f.items[f.order[i]])
	}
	return out, len(f.order), nil
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
const artistFull = `{"name":"name 1"}`

func TestArtistCreate(t *testing.T) {
	s := newServer(t)
	res := s.do(t, http.MethodPost, "/api/v1/artists", artistFull)
	if res.status != http.StatusCreated {
		t.Fatalf("status = %d, want 201 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"name": "name 1",
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
}

func TestArtistCreateInvalid(t *testing.T) {
	tests := []struct {
		name, body, field string
	}{
		{"name missing", `{}`, "name"},
		{"name null", `{"name":null}`, "name"},
		{"name too long", `{"name":"` + strings.Repeat("x", 256) + `"}`, "name"},
		{"name empty", `{"name":""}`, "name"},
		{"unknown field", `{"name":"name 1","extra":1}`, "extra"},
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

	res := s.do(t, http.MethodPatch, path, `{"name":"name 2"}`)
	if res.status != http.StatusOK {
		t.Fatalf("PATCH status = %d, want 200 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"name": "name 2",
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
	res := s.do(t, http.MethodGet, "/api/v1/artists?skip=1&limit=1", "")
	items, _ := res.body["items"].([]any)
	if res.status != http.StatusOK || len(items) != 1 || res.body["total"] != 3.0 || res.body["skip"] != 1.0 || res.body["limit"] != 1.0 {
		t.Errorf("GET ?skip=1&limit=1 = %d %v, want 200 one item of 3", res.status, res.body)
	}
	res = s.do(t, http.MethodGet, "/api/v1/artists", "")
	if res.body["skip"] != 0.0 || res.body["limit"] != 20.0 {
		t.Errorf("defaults: skip %v limit %v, want 0 and 20", res.body["skip"], res.body["limit"])
	}
	for _, q := range []string{"limit=0", "limit=101", "limit=x", "skip=-1"} {
		wantError(t, s.do(t, http.MethodGet, "/api/v1/artists?"+q, ""), http.StatusUnprocessableEntity, "validation", "")
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
