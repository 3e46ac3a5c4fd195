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

// newEvent returns a valid event with every optional field unset.
func newEvent() model.Event {
	return model.Event{
		Title:    "title 1",
		Kind:     model.EventKindConcert,
		StartsAt: time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC),
		Seats:    100,
	}
}

// storedEvent returns the event with the given id as repos stores it and whether there is one.
func storedEvent(t *testing.T, repos repotest.Repos, id uuid.UUID) (model.Event, bool) {
	t.Helper()
	item, err := repos.Events.Get(t.Context(), id)
	if errors.Is(err, apperr.NotFound) {
		return model.Event{}, false
	}
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	return item, true
}

func TestEventCreate(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewEvent(repos.Events)
	before := time.Now().UTC().Add(-time.Second)

	item, err := svc.Create(t.Context(), newEvent())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if item.ID.Version() != 7 {
		t.Errorf("ID version = %d, want 7", item.ID.Version())
	}
	if item.CreatedAt.Before(before) || !item.UpdatedAt.Equal(item.CreatedAt) || item.CreatedAt.Location() != time.UTC {
		t.Errorf("timestamps = %v / %v, want now in UTC and equal", item.CreatedAt, item.UpdatedAt)
	}
	if stored, _ := storedEvent(t, repos, item.ID); !reflect.DeepEqual(stored, item) {
		t.Errorf("stored = %+v, want the new event %+v", stored, item)
	}
}

func TestEventKeepsTimesAsStored(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewEvent(repos.Events)
	// PostgreSQL keeps microseconds; the service returns what a read will give.
	fine := time.Date(2026, 5, 1, 20, 30, 0, 123456789, time.FixedZone("CEST", 2*60*60))
	want := time.Date(2026, 5, 1, 18, 30, 0, 123456000, time.UTC)
	input := newEvent()
	input.StartsAt = fine
	item, err := svc.Create(t.Context(), input)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if got := item.StartsAt; !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Create: starts_at = %v, want %v", got, want)
	}
	updated, err := svc.Update(t.Context(), item.ID, func(x *model.Event) error {
		x.StartsAt = fine
		return nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if got := updated.StartsAt; !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Update: starts_at = %v, want %v", got, want)
	}
	if stored, _ := storedEvent(t, repos, item.ID); !reflect.DeepEqual(stored, updated) {
		t.Errorf("stored = %+v, want what Update returned %+v", stored, updated)
	}
}

func TestEventUnknownIDIsNotFound(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewEvent(repos.Events)
	ctx := t.Context()
	id := uuid.New()
	_, errGet := svc.Get(ctx, id)
	_, errUpdate := svc.Update(ctx, id, func(*model.Event) error { return nil })
	errDelete := svc.Delete(ctx, id)
	for name, err := range map[string]error{"Get": errGet, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, apperr.NotFound) {
			t.Errorf("%s(unknown id) = %v, want NotFound", name, err)
		}
	}
}

func TestEventUpdate(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewEvent(repos.Events)
	ctx := t.Context()
	item, err := svc.Create(ctx, newEvent())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	got, err := svc.Update(ctx, item.ID, func(x *model.Event) error {
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
	if _, err := svc.Update(ctx, item.ID, func(*model.Event) error { return invalid }); !errors.Is(err, apperr.Validation) {
		t.Errorf("Update with failing apply = %v, want the Validation error", err)
	}
	if stored, _ := storedEvent(t, repos, item.ID); !reflect.DeepEqual(stored, got) {
		t.Errorf("after failed update stored = %+v, want %+v", stored, got)
	}
}

// TestEventRefusesInvalid calls the service the way a job or a command
// would, without the HTTP layer: the rules of the fields hold all the same.
func TestEventRefusesInvalid(t *testing.T) {
	tests := []struct {
		name  string
		set   func(x *model.Event)
		field string
	}{
		{name: "title too long", set: func(x *model.Event) { x.Title = strings.Repeat("x", 81) }, field: "title"},
		{name: "title empty", set: func(x *model.Event) { x.Title = "" }, field: "title"},
		{name: "title with NUL", set: func(x *model.Event) { x.Title = "a\x00b" }, field: "title"},
		{name: "kind not in enum", set: func(x *model.Event) { x.Kind = model.EventKind("bogus") }, field: "kind"},
		{name: "contact not an email", set: func(x *model.Event) { x.Contact = new("nope") }, field: "contact"},
		{name: "contact with a display name", set: func(x *model.Event) { x.Contact = new("Ada <ada@example.com>") }, field: "contact"},
		{name: "contact too long", set: func(x *model.Event) { x.Contact = new(strings.Repeat("a", 243) + "@example.com") }, field: "contact"},
		{name: "contact with NUL", set: func(x *model.Event) { x.Contact = new("a\x00b") }, field: "contact"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repos := repotest.NewDB().Repos()
			svc := service.NewEvent(repos.Events)
			ctx := t.Context()
			input := newEvent()
			tt.set(&input)
			_, err := svc.Create(ctx, input)
			wantInvalid(t, err, tt.field)
			if page, err := repos.Events.List(ctx, model.EventList{Limit: 1}); err != nil || len(page.Items) != 0 {
				t.Fatalf("after refused Create List = %v, %v; want none", page.Items, err)
			}

			item, err := svc.Create(ctx, newEvent())
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			_, err = svc.Update(ctx, item.ID, func(x *model.Event) error {
				tt.set(x)
				return nil
			})
			wantInvalid(t, err, tt.field)
			if stored, _ := storedEvent(t, repos, item.ID); !reflect.DeepEqual(stored, item) {
				t.Errorf("after refused Update stored = %+v, want %+v", stored, item)
			}
		})
	}
}

// TestEventCountsCharacters checks that length limits count characters,
// not bytes, the way the API's JSON schema does.
func TestEventCountsCharacters(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewEvent(repos.Events)
	input := newEvent()
	input.Title = strings.Repeat("é", 80)
	if _, err := svc.Create(t.Context(), input); err != nil {
		t.Errorf("Create with strings of two-byte characters at their limits = %v, want it accepted", err)
	}
}

func TestEventDelete(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewEvent(repos.Events)
	ctx := t.Context()
	item, err := svc.Create(ctx, newEvent())
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
