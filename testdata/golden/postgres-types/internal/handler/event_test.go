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

// fakeEvents is an in-memory EventService.
type fakeEvents struct {
	mu    sync.Mutex
	items map[uuid.UUID]model.Event
	order []uuid.UUID
	err   error // returned by every method when set
	// query is the query of the last List call.
	query model.EventList
}

func newFakeEvents() *fakeEvents {
	return &fakeEvents{items: map[uuid.UUID]model.Event{}}
}

func (f *fakeEvents) Create(_ context.Context, item model.Event) (model.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Event{}, f.err
	}
	item.ID = uuid.Must(uuid.NewV7())
	item.CreatedAt = time.Now().UTC()
	item.UpdatedAt = item.CreatedAt
	f.items[item.ID] = item
	f.order = append(f.order, item.ID)
	return item, nil
}

func (f *fakeEvents) Get(_ context.Context, id uuid.UUID) (model.Event, error) {
	if id.String() == panicID {
		panic("boom")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Event{}, f.err
	}
	item, ok := f.items[id]
	if !ok {
		return model.Event{}, apperr.New(apperr.NotFound, "event not found")
	}
	return item, nil
}

func (f *fakeEvents) List(_ context.Context, q model.EventList) (model.Page[model.Event], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Page[model.Event]{}, f.err
	}
	f.query = q
	var items []model.Event
	for _, id := range f.order {
		items = append(items, f.items[id])
	}
	page, err := q.Page(items)
	if fields := (model.FieldErrors{}); errors.As(err, &fields) {
		return page, apperr.Invalid(fields)
	}
	return page, err
}

func (f *fakeEvents) Update(_ context.Context, id uuid.UUID, apply func(*model.Event) error) (model.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Event{}, f.err
	}
	item, ok := f.items[id]
	if !ok {
		return model.Event{}, apperr.New(apperr.NotFound, "event not found")
	}
	if err := apply(&item); err != nil {
		return model.Event{}, err
	}
	f.items[id] = item
	return item, nil
}

func (f *fakeEvents) Delete(_ context.Context, id uuid.UUID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	if _, ok := f.items[id]; !ok {
		return apperr.New(apperr.NotFound, "event not found")
	}
	delete(f.items, id)
	return nil
}

// eventFull is a create body with every field set.
const eventFull = `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","contact":"a@example.com","ref_code":"0190c3a4-1b2c-7d3e-8f40-123456789abc","seats":100}`

func TestEventCreate(t *testing.T) {
	s := newServer(t)
	res := s.do(t, http.MethodPost, "/api/v1/events", eventFull)
	if res.status != http.StatusCreated {
		t.Fatalf("status = %d, want 201 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"title":     "title 1",
		"kind":      "concert",
		"starts_at": "2026-05-01T18:00:00Z",
		"contact":   "a@example.com",
		"ref_code":  "0190c3a4-1b2c-7d3e-8f40-123456789abc",
		"seats":     100.0,
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

	res = s.do(t, http.MethodPost, "/api/v1/events", `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":100}`)
	if res.status != http.StatusCreated {
		t.Fatalf("status without optional fields = %d, want 201 (body %v)", res.status, res.body)
	}
	for _, k := range []string{"contact", "ref_code"} {
		if v, ok := res.body[k]; !ok || v != nil {
			t.Errorf("unset %s = %v (present %t), want null", k, v, ok)
		}
	}
}

func TestEventCreateInvalid(t *testing.T) {
	tests := []struct {
		name, body, field string
	}{
		{"title missing", `{"kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":100}`, "title"},
		{"title null", `{"title":null,"kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":100}`, "title"},
		{"title too long", `{"title":"` + strings.Repeat("x", 81) + `","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":100}`, "title"},
		{"title empty", `{"title":"","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":100}`, "title"},
		{"kind missing", `{"title":"title 1","starts_at":"2026-05-01T20:00:00+02:00","seats":100}`, "kind"},
		{"kind null", `{"title":"title 1","kind":null,"starts_at":"2026-05-01T20:00:00+02:00","seats":100}`, "kind"},
		{"kind not in enum", `{"title":"title 1","kind":"bogus","starts_at":"2026-05-01T20:00:00+02:00","seats":100}`, "kind"},
		{"starts_at missing", `{"title":"title 1","kind":"concert","seats":100}`, "starts_at"},
		{"starts_at null", `{"title":"title 1","kind":"concert","starts_at":null,"seats":100}`, "starts_at"},
		{"starts_at not a time", `{"title":"title 1","kind":"concert","starts_at":"tomorrow","seats":100}`, "starts_at"},
		{"contact not an email", `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":100,"contact":"nope"}`, "contact"},
		{"ref_code not a uuid", `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":100,"ref_code":"nope"}`, "ref_code"},
		{"ref_code uuid in braces", `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":100,"ref_code":"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"}`, "ref_code"},
		{"ref_code uuid urn", `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":100,"ref_code":"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "ref_code"},
		{"ref_code uuid without dashes", `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":100,"ref_code":"0190c3a41b2c7d3e8f40123456789abc"}`, "ref_code"},
		{"seats missing", `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00"}`, "seats"},
		{"seats null", `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":null}`, "seats"},
		{"seats not an integer", `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":1.5}`, "seats"},
		{"seats too large", `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":1e30}`, "seats"},
		{"seats above int64", `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":9223372036854775808}`, "seats"},
		{"unknown field", `{"title":"title 1","kind":"concert","starts_at":"2026-05-01T20:00:00+02:00","seats":100,"extra":1}`, "extra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			wantError(t, s.do(t, http.MethodPost, "/api/v1/events", tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
		})
	}
}

func TestEventCreateConflict(t *testing.T) {
	s := newServer(t)
	s.events.err = apperr.New(apperr.AlreadyExists, "event already exists")
	wantError(t, s.do(t, http.MethodPost, "/api/v1/events", eventFull), http.StatusConflict, "already_exists", "")
}

func TestEventGet(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/events", eventFull).body["id"].(string)
	if res := s.do(t, http.MethodGet, "/api/v1/events/"+id, ""); res.status != http.StatusOK || res.body["id"] != id {
		t.Errorf("GET = %d %v, want 200 with id %s", res.status, res.body, id)
	}
	wantError(t, s.do(t, http.MethodGet, "/api/v1/events/"+uuid.NewString(), ""), http.StatusNotFound, "not_found", "")
}

func TestEventUpdate(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/events", eventFull).body["id"].(string)
	path := "/api/v1/events/" + id

	res := s.do(t, http.MethodPatch, path, `{"title":"title 2","contact":null,"ref_code":null}`)
	if res.status != http.StatusOK {
		t.Fatalf("PATCH status = %d, want 200 (body %v)", res.status, res.body)
	}
	want := map[string]any{
		"title":     "title 2",
		"kind":      "concert",
		"starts_at": "2026-05-01T18:00:00Z",
		"contact":   nil,
		"ref_code":  nil,
		"seats":     100.0,
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
		{"title too long", `{"title":"` + strings.Repeat("x", 81) + `"}`, "title"},
		{"title empty", `{"title":""}`, "title"},
		{"kind null", `{"kind":null}`, "kind"},
		{"kind not in enum", `{"kind":"bogus"}`, "kind"},
		{"starts_at null", `{"starts_at":null}`, "starts_at"},
		{"starts_at not a time", `{"starts_at":"tomorrow"}`, "starts_at"},
		{"contact not an email", `{"contact":"nope"}`, "contact"},
		{"ref_code not a uuid", `{"ref_code":"nope"}`, "ref_code"},
		{"ref_code uuid in braces", `{"ref_code":"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"}`, "ref_code"},
		{"ref_code uuid urn", `{"ref_code":"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"}`, "ref_code"},
		{"ref_code uuid without dashes", `{"ref_code":"0190c3a41b2c7d3e8f40123456789abc"}`, "ref_code"},
		{"seats null", `{"seats":null}`, "seats"},
		{"seats not an integer", `{"seats":1.5}`, "seats"},
		{"seats too large", `{"seats":1e30}`, "seats"},
		{"seats above int64", `{"seats":9223372036854775808}`, "seats"},
		{"unknown field", `{"extra":1}`, "extra"},
	}
	for _, tt := range tests {
		wantError(t, s.do(t, http.MethodPatch, path, tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
	}
	wantError(t, s.do(t, http.MethodPatch, "/api/v1/events/"+uuid.NewString(), `{}`), http.StatusNotFound, "not_found", "")
}

func TestEventList(t *testing.T) {
	s := newServer(t)
	for range 3 {
		s.do(t, http.MethodPost, "/api/v1/events", eventFull)
	}
	res := s.do(t, http.MethodGet, "/api/v1/events?limit=2", "")
	items, _ := res.body["items"].([]any)
	next, _ := res.body["next_cursor"].(string)
	if _, counted := res.body["total"]; res.status != http.StatusOK || len(items) != 2 || next == "" || counted {
		t.Fatalf("GET ?limit=2 = %d %v, want 200, two items, a next_cursor and no total", res.status, res.body)
	}
	res = s.do(t, http.MethodGet, "/api/v1/events?limit=2&count=true&cursor="+next, "")
	items, _ = res.body["items"].([]any)
	if last, ok := res.body["next_cursor"]; res.status != http.StatusOK || len(items) != 1 || !ok || last != nil || res.body["total"] != 3.0 {
		t.Errorf("GET the next page = %d %v, want 200, one item, next_cursor null and total 3", res.status, res.body)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/events", ""); res.status != http.StatusOK || s.events.query.Limit != model.DefaultLimit || s.events.query.Sort != (model.EventSort{Key: model.EventByCreatedAt}) {
		t.Errorf("defaults: %d, query %+v; want 200, limit %d and created_at ascending", res.status, s.events.query, model.DefaultLimit)
	}
	for _, sort := range strings.Split("created_at,-created_at,updated_at,-updated_at,starts_at,-starts_at", ",") {
		key, desc := strings.CutPrefix(sort, "-")
		if res := s.do(t, http.MethodGet, "/api/v1/events?sort="+sort, ""); res.status != http.StatusOK || s.events.query.Sort != (model.EventSort{Key: model.EventSortKey(key), Desc: desc}) {
			t.Errorf("GET ?sort=%s = %d, sort %+v", sort, res.status, s.events.query.Sort)
		}
	}
	for q, field := range map[string]string{
		"limit=0": "limit", "limit=101": "limit", "limit=x": "limit", "sort=nope": "sort", "sort=id": "sort", "count=maybe": "count",
		"cursor=%21%21": "cursor", "cursor=" + base64.RawURLEncoding.EncodeToString([]byte("a.b.c")): "cursor",
		"sort=-created_at&cursor=" + next:                   "cursor",
		url.Values{"kind": {"bogus"}}.Encode():              "kind",
		url.Values{"starts_at": {"tomorrow"}}.Encode():      "starts_at",
		url.Values{"starts_at[gt]": {"tomorrow"}}.Encode():  "starts_at[gt]",
		url.Values{"starts_at[gte]": {"tomorrow"}}.Encode(): "starts_at[gte]",
		url.Values{"starts_at[lt]": {"tomorrow"}}.Encode():  "starts_at[lt]",
		url.Values{"starts_at[lte]": {"tomorrow"}}.Encode(): "starts_at[lte]",
	} {
		wantError(t, s.do(t, http.MethodGet, "/api/v1/events?"+q, ""), http.StatusUnprocessableEntity, "validation", field)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/events?"+url.Values{"kind": {"concert"}}.Encode(), ""); res.status != http.StatusOK || len(s.events.query.Filter.Kind) != 1 || s.events.query.Filter.Kind[0].Op != model.OpEq {
		t.Errorf("GET ?kind= %d, filter %+v; want 200 and one eq condition", res.status, s.events.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/events?"+url.Values{"starts_at": {"2026-05-01T20:00:00+02:00"}}.Encode(), ""); res.status != http.StatusOK || len(s.events.query.Filter.StartsAt) != 1 || s.events.query.Filter.StartsAt[0].Op != model.OpEq {
		t.Errorf("GET ?starts_at= %d, filter %+v; want 200 and one eq condition", res.status, s.events.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/events?"+url.Values{"starts_at[gt]": {"2026-05-01T20:00:00+02:00"}}.Encode(), ""); res.status != http.StatusOK || len(s.events.query.Filter.StartsAt) != 1 || s.events.query.Filter.StartsAt[0].Op != model.OpGt {
		t.Errorf("GET ?starts_at[gt]= %d, filter %+v; want 200 and one gt condition", res.status, s.events.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/events?"+url.Values{"starts_at[gte]": {"2026-05-01T20:00:00+02:00"}}.Encode(), ""); res.status != http.StatusOK || len(s.events.query.Filter.StartsAt) != 1 || s.events.query.Filter.StartsAt[0].Op != model.OpGte {
		t.Errorf("GET ?starts_at[gte]= %d, filter %+v; want 200 and one gte condition", res.status, s.events.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/events?"+url.Values{"starts_at[lt]": {"2026-05-01T20:00:00+02:00"}}.Encode(), ""); res.status != http.StatusOK || len(s.events.query.Filter.StartsAt) != 1 || s.events.query.Filter.StartsAt[0].Op != model.OpLt {
		t.Errorf("GET ?starts_at[lt]= %d, filter %+v; want 200 and one lt condition", res.status, s.events.query.Filter)
	}
	if res := s.do(t, http.MethodGet, "/api/v1/events?"+url.Values{"starts_at[lte]": {"2026-05-01T20:00:00+02:00"}}.Encode(), ""); res.status != http.StatusOK || len(s.events.query.Filter.StartsAt) != 1 || s.events.query.Filter.StartsAt[0].Op != model.OpLte {
		t.Errorf("GET ?starts_at[lte]= %d, filter %+v; want 200 and one lte condition", res.status, s.events.query.Filter)
	}
}

func TestEventDelete(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/events", eventFull).body["id"].(string)
	if res := s.do(t, http.MethodDelete, "/api/v1/events/"+id, ""); res.status != http.StatusNoContent {
		t.Errorf("DELETE = %d, want 204", res.status)
	}
	wantError(t, s.do(t, http.MethodDelete, "/api/v1/events/"+id, ""), http.StatusNotFound, "not_found", "")
}
