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

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/model"
)

// fakeNotes is an in-memory NoteService. Like the real one, it gives
// every note to the user who creates it and shows it to that user and
// superusers only.
type fakeNotes struct {
	mu    sync.Mutex
	items map[uuid.UUID]model.Note
	order []uuid.UUID
	err   error // returned by every method when set
	// query is the query of the last List call.
	query model.NoteList
}

func newFakeNotes() *fakeNotes {
	return &fakeNotes{items: map[uuid.UUID]model.Note{}}
}

func (f *fakeNotes) Create(_ context.Context, actor model.Actor, item model.Note) (model.Note, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Note{}, f.err
	}
	item.ID = uuid.Must(uuid.NewV7())
	item.OwnerID = actor.UserID
	item.CreatedAt = time.Now().UTC()
	item.UpdatedAt = item.CreatedAt
	f.items[item.ID] = item
	f.order = append(f.order, item.ID)
	return item, nil
}

func (f *fakeNotes) Get(_ context.Context, actor model.Actor, id uuid.UUID) (model.Note, error) {
	if id.String() == panicID {
		panic("boom")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Note{}, f.err
	}
	item, ok := f.find(actor, id)
	if !ok {
		return model.Note{}, apperr.New(apperr.NotFound, "note not found")
	}
	return item, nil
}

func (f *fakeNotes) List(_ context.Context, actor model.Actor, q model.NoteList) (model.Page[model.Note], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Page[model.Note]{}, f.err
	}
	f.query = q
	var items []model.Note
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

func (f *fakeNotes) Update(_ context.Context, actor model.Actor, id uuid.UUID, apply func(*model.Note) error) (model.Note, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Note{}, f.err
	}
	item, ok := f.find(actor, id)
	if !ok {
		return model.Note{}, apperr.New(apperr.NotFound, "note not found")
	}
	if err := apply(&item); err != nil {
		return model.Note{}, err
	}
	f.items[id] = item
	return item, nil
}

func (f *fakeNotes) Delete(_ context.Context, actor model.Actor, id uuid.UUID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	if _, ok := f.find(actor, id); !ok {
		return apperr.New(apperr.NotFound, "note not found")
	}
	delete(f.items, id)
	return nil
}

// find returns the note with the given id if actor may see it: its
// owner and superusers may. f.mu must be held.
func (f *fakeNotes) find(actor model.Actor, id uuid.UUID) (model.Note, bool) {
	item, ok := f.items[id]
	return item, ok && (item.OwnerID == actor.UserID || actor.Superuser)
}

// noteFull is a create body with every field set.
const noteFull = `{"title":"title 1","body":"body 1","due":"1933-02-21","done":true}`

func TestNoteCreate(t *testing.T) {
	s := newServer(t)
	res := s.do(t, http.MethodPost, "/api/v1/notes", noteFull)
	if res.status != http.StatusCreated {
		t.Fatalf("status = %d, want 201 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"title": "title 1",
		"body":  "body 1",
		"due":   "1933-02-21",
		"done":  true,
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

	res = s.do(t, http.MethodPost, "/api/v1/notes", `{"title":"title 1","done":true}`)
	if res.status != http.StatusCreated {
		t.Fatalf("status without optional fields = %d, want 201 (body %v)", res.status, res.body)
	}
	for _, k := range []string{"body", "due"} {
		if v, ok := res.body[k]; !ok || v != nil {
			t.Errorf("unset %s = %v (present %t), want null", k, v, ok)
		}
	}
}

func TestNoteCreateInvalid(t *testing.T) {
	tests := []struct {
		name, body, field string
	}{
		{"title missing", `{"done":true}`, "title"},
		{"title null", `{"title":null,"done":true}`, "title"},
		{"title too long", `{"title":"` + strings.Repeat("x", 256) + `","done":true}`, "title"},
		{"title empty", `{"title":"","done":true}`, "title"},
		{"body wrong type", `{"title":"title 1","done":true,"body":1}`, "body"},
		{"due not a date", `{"title":"title 1","done":true,"due":"1933-02-30"}`, "due"},
		{"done missing", `{"title":"title 1"}`, "done"},
		{"done null", `{"title":"title 1","done":null}`, "done"},
		{"done wrong type", `{"title":"title 1","done":"yes"}`, "done"},
		{"unknown field", `{"title":"title 1","done":true,"extra":1}`, "extra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			wantError(t, s.do(t, http.MethodPost, "/api/v1/notes", tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
		})
	}
}

func TestNoteCreateConflict(t *testing.T) {
	s := newServer(t)
	s.notes.err = apperr.New(apperr.AlreadyExists, "note already exists")
	wantError(t, s.do(t, http.MethodPost, "/api/v1/notes", noteFull), http.StatusConflict, "already_exists", "")
}

func TestNoteGet(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/notes", noteFull).body["id"].(string)
	if res := s.do(t, http.MethodGet, "/api/v1/notes/"+id, ""); res.status != http.StatusOK || res.body["id"] != id {
		t.Errorf("GET = %d %v, want 200 with id %s", res.status, res.body, id)
	}
	wantError(t, s.do(t, http.MethodGet, "/api/v1/notes/"+uuid.NewString(), ""), http.StatusNotFound, "not_found", "")
}

func TestNoteUpdate(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/notes", noteFull).body["id"].(string)
	path := "/api/v1/notes/" + id

	res := s.do(t, http.MethodPatch, path, `{"title":"title 2","body":null,"due":null}`)
	if res.status != http.StatusOK {
		t.Fatalf("PATCH status = %d, want 200 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"title": "title 2",
		"body":  nil,
		"due":   nil,
		"done":  true,
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
		{"body wrong type", `{"body":1}`, "body"},
		{"due not a date", `{"due":"1933-02-30"}`, "due"},
		{"done null", `{"done":null}`, "done"},
		{"done wrong type", `{"done":"yes"}`, "done"},
		{"unknown field", `{"extra":1}`, "extra"},
	}
	for _, tt := range tests {
		wantError(t, s.do(t, http.MethodPatch, path, tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
	}
	wantError(t, s.do(t, http.MethodPatch, "/api/v1/notes/"+uuid.NewString(), `{}`), http.StatusNotFound, "not_found", "")
}

func TestNoteList(t *testing.T) {
	s := newServer(t)
	for range 3 {
		s.do(t, http.MethodPost, "/api/v1/notes", noteFull)
	}
	res := s.do(t, http.MethodGet, "/api/v1/notes?limit=2", "")
	items, _ := res.body["items"].([]any)
	next, _ := res.body["next_cursor"].(string)
	if _, counted := res.body["total"]; res.status != http.StatusOK || len(items) != 2 || next == "" || counted {
		t.Fatalf("GET ?limit=2 = %d %v, want 200, two items, a next_cursor and no total", res.status, res.body)
	}
	res = s.do(t, http.MethodGet, "/api/v1/notes?limit=2&count=true&cursor="+next, "")
	items, _ = res.body["items"].([]any)
	if last, ok := res.body["next_cursor"]; res.status != http.StatusOK || len(items) != 1 || !ok || last != nil || res.body["total"] != 3.0 {
		t.Errorf("GET the next page = %d %v, want 200, one item, next_cursor null and total 3", res.status, res.body)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/notes", ""); res.status != http.StatusOK || s.notes.query.Limit != model.DefaultLimit || s.notes.query.Sort != (model.NoteSort{Key: model.NoteByCreatedAt}) {
		t.Errorf("defaults: %d, query %+v; want 200, limit %d and created_at ascending", res.status, s.notes.query, model.DefaultLimit)
	}
	for _, sort := range strings.Split("created_at,-created_at,updated_at,-updated_at,title,-title", ",") {
		key, desc := strings.CutPrefix(sort, "-")
		if res := s.do(t, http.MethodGet, "/api/v1/notes?sort="+sort, ""); res.status != http.StatusOK || s.notes.query.Sort != (model.NoteSort{Key: model.NoteSortKey(key), Desc: desc}) {
			t.Errorf("GET ?sort=%s = %d, sort %+v", sort, res.status, s.notes.query.Sort)
		}
	}
	for q, field := range map[string]string{
		"limit=0": "limit", "limit=101": "limit", "limit=x": "limit", "sort=nope": "sort", "sort=id": "sort", "count=maybe": "count",
		"cursor=%21%21": "cursor", "cursor=" + base64.RawURLEncoding.EncodeToString([]byte("a.b.c")): "cursor",
		"sort=-created_at&cursor=" + next:    "cursor",
		url.Values{"done": {"yes"}}.Encode(): "done",
	} {
		wantError(t, s.do(t, http.MethodGet, "/api/v1/notes?"+q, ""), http.StatusUnprocessableEntity, "validation", field)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/notes?"+url.Values{"title": {"title 1"}}.Encode(), ""); res.status != http.StatusOK || len(s.notes.query.Filter.Title) != 1 || s.notes.query.Filter.Title[0].Op != model.OpEq {
		t.Errorf("GET ?title= %d, filter %+v; want 200 and one eq condition", res.status, s.notes.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/notes?"+url.Values{"done": {"true"}}.Encode(), ""); res.status != http.StatusOK || len(s.notes.query.Filter.Done) != 1 || s.notes.query.Filter.Done[0].Op != model.OpEq {
		t.Errorf("GET ?done= %d, filter %+v; want 200 and one eq condition", res.status, s.notes.query.Filter)
	}
}

func TestNoteDelete(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/notes", noteFull).body["id"].(string)
	if res := s.do(t, http.MethodDelete, "/api/v1/notes/"+id, ""); res.status != http.StatusNoContent {
		t.Errorf("DELETE = %d, want 204", res.status)
	}
	wantError(t, s.do(t, http.MethodDelete, "/api/v1/notes/"+id, ""), http.StatusNotFound, "not_found", "")
}

func TestNoteOwnerIsTheCaller(t *testing.T) {
	s := newServer(t)
	// Clients may send back the owner_id they read; the server ignores it.
	claim := `{"owner_id":"` + bob.ID.String() + `",` + noteFull[1:]
	res := s.do(t, http.MethodPost, "/api/v1/notes", claim)
	if res.status != http.StatusCreated || res.body["owner_id"] != alice.ID.String() {
		t.Fatalf("POST as alice claiming bob = %d owner_id %v, want 201 and alice's id %s (body %v)", res.status, res.body["owner_id"], alice.ID, res.body)
	}
	path := "/api/v1/notes/" + res.body["id"].(string)
	if res := s.do(t, http.MethodPatch, path, `{"owner_id":"`+bob.ID.String()+`"}`); res.status != http.StatusOK || res.body["owner_id"] != alice.ID.String() {
		t.Errorf("PATCH owner_id to bob = %d owner_id %v, want 200 and alice's id %s (body %v)", res.status, res.body["owner_id"], alice.ID, res.body)
	}
	res = s.do(t, http.MethodGet, "/api/v1/notes", "")
	if items, _ := res.body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["owner_id"] != alice.ID.String() {
		t.Errorf("GET list = %d %v, want alice's one note", res.status, res.body)
	}
}

func TestNoteHiddenFromOthers(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/notes", noteFull).body["id"].(string)
	path := "/api/v1/notes/" + id

	// To bob, alice's note does not exist.
	wantError(t, s.doAs(t, bobToken, http.MethodGet, path, ""), http.StatusNotFound, "not_found", "")
	wantError(t, s.doAs(t, bobToken, http.MethodPatch, path, `{}`), http.StatusNotFound, "not_found", "")
	wantError(t, s.doAs(t, bobToken, http.MethodDelete, path, ""), http.StatusNotFound, "not_found", "")
	if res := s.doAs(t, bobToken, http.MethodGet, "/api/v1/notes?count=true", ""); res.status != http.StatusOK || res.body["total"] != 0.0 {
		t.Errorf("GET list as bob = %d %v, want 200 and none of alice's", res.status, res.body)
	}

	// A superuser sees every note.
	if res := s.doAs(t, rootToken, http.MethodGet, path, ""); res.status != http.StatusOK || res.body["id"] != id {
		t.Errorf("GET as root = %d %v, want 200 with id %s", res.status, res.body, id)
	}
	if res := s.doAs(t, rootToken, http.MethodGet, "/api/v1/notes?count=true", ""); res.status != http.StatusOK || res.body["total"] != 1.0 {
		t.Errorf("GET list as root = %d %v, want 200 and alice's one", res.status, res.body)
	}

	// Bob's attempts changed nothing.
	if res := s.do(t, http.MethodGet, path, ""); res.status != http.StatusOK {
		t.Errorf("GET as alice after bob's DELETE = %d %v, want 200", res.status, res.body)
	}
}
