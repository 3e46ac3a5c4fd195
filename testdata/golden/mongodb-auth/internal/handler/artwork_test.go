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

	"example.com/feed/internal/apperr"
	"example.com/feed/internal/model"
)

// fakeArtworks is an in-memory ArtworkService. Like the real one, it gives
// every artwork to the user who creates it and shows it to that user and
// superusers only.
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

func (f *fakeArtworks) Create(_ context.Context, actor model.Actor, item model.Artwork) (model.Artwork, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Artwork{}, f.err
	}
	item.ID = uuid.Must(uuid.NewV7())
	item.OwnerID = actor.UserID
	item.CreatedAt = time.Now().UTC()
	item.UpdatedAt = item.CreatedAt
	f.items[item.ID] = item
	f.order = append(f.order, item.ID)
	return item, nil
}

func (f *fakeArtworks) Get(_ context.Context, actor model.Actor, id uuid.UUID) (model.Artwork, error) {
	if id.String() == panicID {
		panic("boom")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Artwork{}, f.err
	}
	item, ok := f.find(actor, id)
	if !ok {
		return model.Artwork{}, apperr.New(apperr.NotFound, "artwork not found")
	}
	return item, nil
}

func (f *fakeArtworks) List(_ context.Context, actor model.Actor, q model.ArtworkList) (model.Page[model.Artwork], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Page[model.Artwork]{}, f.err
	}
	f.query = q
	var items []model.Artwork
	for _, id := range f.order {
		if item, ok := f.find(actor, id); ok {
			items = append(items, item)
		}
	}
	page, err := q.Page(items)
	if fields := (model.FieldErrors{}); errors.As(err, &fields) {
		return page, apperr.Invalid(fields)
	}
	return page, err
}

func (f *fakeArtworks) Update(_ context.Context, actor model.Actor, id uuid.UUID, apply func(*model.Artwork) error) (model.Artwork, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Artwork{}, f.err
	}
	item, ok := f.find(actor, id)
	if !ok {
		return model.Artwork{}, apperr.New(apperr.NotFound, "artwork not found")
	}
	if err := apply(&item); err != nil {
		return model.Artwork{}, err
	}
	f.items[id] = item
	return item, nil
}

func (f *fakeArtworks) Delete(_ context.Context, actor model.Actor, id uuid.UUID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	if _, ok := f.find(actor, id); !ok {
		return apperr.New(apperr.NotFound, "artwork not found")
	}
	delete(f.items, id)
	return nil
}

// find returns the artwork with the given id if actor may see it: its
// owner and superusers may. f.mu must be held.
func (f *fakeArtworks) find(actor model.Actor, id uuid.UUID) (model.Artwork, bool) {
	item, ok := f.items[id]
	return item, ok && (item.OwnerID == actor.UserID || actor.Superuser)
}

// artworkFull is a create body with every field set.
const artworkFull = `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","note_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc"}`

func TestArtworkCreate(t *testing.T) {
	s := newServer(t)
	res := s.do(t, http.MethodPost, "/api/v1/artworks", artworkFull)
	if res.status != http.StatusCreated {
		t.Fatalf("status = %d, want 201 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"title":     "title 1",
		"artist_id": "0190c3a4-1b2c-7d3e-8f40-123456789abc",
		"note_id":   "0190c3a4-1b2c-7d3e-8f40-123456789abc",
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
	for _, k := range []string{"note_id"} {
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
		{"artist_id missing", `{"title":"title 1"}`, "artist_id"},
		{"artist_id null", `{"title":"title 1","artist_id":null}`, "artist_id"},
		{"artist_id not a uuid", `{"title":"title 1","artist_id":"nope"}`, "artist_id"},
		{"artist_id uuid in braces", `{"title":"title 1","artist_id":"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"}`, "artist_id"},
		{"artist_id uuid urn", `{"title":"title 1","artist_id":"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "artist_id"},
		{"artist_id uuid without dashes", `{"title":"title 1","artist_id":"0190c3a41b2c7d3e8f40123456789abc"}`, "artist_id"},
		{"note_id not a uuid", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","note_id":"nope"}`, "note_id"},
		{"note_id uuid in braces", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","note_id":"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"}`, "note_id"},
		{"note_id uuid urn", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","note_id":"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "note_id"},
		{"note_id uuid without dashes", `{"title":"title 1","artist_id":"0190c3a4-1b2c-7d3e-8f40-123456789abc","note_id":"0190c3a41b2c7d3e8f40123456789abc"}`, "note_id"},
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

	res := s.do(t, http.MethodPatch, path, `{"title":"title 2","note_id":null}`)
	if res.status != http.StatusOK {
		t.Fatalf("PATCH status = %d, want 200 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"title":     "title 2",
		"artist_id": "0190c3a4-1b2c-7d3e-8f40-123456789abc",
		"note_id":   nil,
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
		{"artist_id null", `{"artist_id":null}`, "artist_id"},
		{"artist_id not a uuid", `{"artist_id":"nope"}`, "artist_id"},
		{"artist_id uuid in braces", `{"artist_id":"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"}`, "artist_id"},
		{"artist_id uuid urn", `{"artist_id":"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "artist_id"},
		{"artist_id uuid without dashes", `{"artist_id":"0190c3a41b2c7d3e8f40123456789abc"}`, "artist_id"},
		{"note_id not a uuid", `{"note_id":"nope"}`, "note_id"},
		{"note_id uuid in braces", `{"note_id":"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"}`, "note_id"},
		{"note_id uuid urn", `{"note_id":"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "note_id"},
		{"note_id uuid without dashes", `{"note_id":"0190c3a41b2c7d3e8f40123456789abc"}`, "note_id"},
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
		url.Values{"note_id": {"nope"}}.Encode():   "note_id",
	} {
		wantError(t, s.do(t, http.MethodGet, "/api/v1/artworks?"+q, ""), http.StatusUnprocessableEntity, "validation", field)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/artworks?"+url.Values{"artist_id": {"0190c3a4-1b2c-7d3e-8f40-123456789abc"}}.Encode(), ""); res.status != http.StatusOK || len(s.artworks.query.Filter.ArtistID) != 1 || s.artworks.query.Filter.ArtistID[0].Op != model.OpEq {
		t.Errorf("GET ?artist_id= %d, filter %+v; want 200 and one eq condition", res.status, s.artworks.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/artworks?"+url.Values{"note_id": {"0190c3a4-1b2c-7d3e-8f40-123456789abc"}}.Encode(), ""); res.status != http.StatusOK || len(s.artworks.query.Filter.NoteID) != 1 || s.artworks.query.Filter.NoteID[0].Op != model.OpEq {
		t.Errorf("GET ?note_id= %d, filter %+v; want 200 and one eq condition", res.status, s.artworks.query.Filter)
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

func TestArtworkOwnerIsTheCaller(t *testing.T) {
	s := newServer(t)
	// Clients may send back the owner_id they read; the server ignores it.
	claim := `{"owner_id":"` + bob.ID.String() + `",` + artworkFull[1:]
	res := s.do(t, http.MethodPost, "/api/v1/artworks", claim)
	if res.status != http.StatusCreated || res.body["owner_id"] != alice.ID.String() {
		t.Fatalf("POST as alice claiming bob = %d owner_id %v, want 201 and alice's id %s (body %v)", res.status, res.body["owner_id"], alice.ID, res.body)
	}
	path := "/api/v1/artworks/" + res.body["id"].(string)
	if res := s.do(t, http.MethodPatch, path, `{"owner_id":"`+bob.ID.String()+`"}`); res.status != http.StatusOK || res.body["owner_id"] != alice.ID.String() {
		t.Errorf("PATCH owner_id to bob = %d owner_id %v, want 200 and alice's id %s (body %v)", res.status, res.body["owner_id"], alice.ID, res.body)
	}
	res = s.do(t, http.MethodGet, "/api/v1/artworks", "")
	if items, _ := res.body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["owner_id"] != alice.ID.String() {
		t.Errorf("GET list = %d %v, want alice's one artwork", res.status, res.body)
	}
}

func TestArtworkHiddenFromOthers(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/artworks", artworkFull).body["id"].(string)
	path := "/api/v1/artworks/" + id

	// To bob, alice's artwork does not exist.
	wantError(t, s.doAs(t, bobToken, http.MethodGet, path, ""), http.StatusNotFound, "not_found", "")
	wantError(t, s.doAs(t, bobToken, http.MethodPatch, path, `{}`), http.StatusNotFound, "not_found", "")
	wantError(t, s.doAs(t, bobToken, http.MethodDelete, path, ""), http.StatusNotFound, "not_found", "")
	if res := s.doAs(t, bobToken, http.MethodGet, "/api/v1/artworks?count=true", ""); res.status != http.StatusOK || res.body["total"] != 0.0 {
		t.Errorf("GET list as bob = %d %v, want 200 and none of alice's", res.status, res.body)
	}

	// A superuser sees every artwork.
	if res := s.doAs(t, rootToken, http.MethodGet, path, ""); res.status != http.StatusOK || res.body["id"] != id {
		t.Errorf("GET as root = %d %v, want 200 with id %s", res.status, res.body, id)
	}
	if res := s.doAs(t, rootToken, http.MethodGet, "/api/v1/artworks?count=true", ""); res.status != http.StatusOK || res.body["total"] != 1.0 {
		t.Errorf("GET list as root = %d %v, want 200 and alice's one", res.status, res.body)
	}

	// Bob's attempts changed nothing.
	if res := s.do(t, http.MethodGet, path, ""); res.status != http.StatusOK {
		t.Errorf("GET as alice after bob's DELETE = %d %v, want 200", res.status, res.body)
	}
}
