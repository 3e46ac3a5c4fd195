package service_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/model"
	"example.com/shop/internal/repository/repotest"
	"example.com/shop/internal/service"
)

// newEvent returns a valid event with every optional field unset.
func newEvent() model.Event {
	return model.Event{
		Title:    "title 1",
		Kind:     model.EventKindConcert,
		StartsAt: time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC),
		Contact:  "a@example.com",
	}
}

// storedEvent returns the event with the given id as repos stores it,
// whoever owns it, and whether there is one.
func storedEvent(t *testing.T, repos repotest.Repos, id uuid.UUID) (model.Event, bool) {
	t.Helper()
	item, err := repos.Events.Get(t.Context(), model.AllRows(), id)
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
	actor := model.Actor{UserID: uuid.New()}
	input := newEvent()
	input.OwnerID = uuid.New() // another user's id: Create must not trust it

	item, err := svc.Create(t.Context(), actor, input)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if item.OwnerID != actor.UserID {
		t.Errorf("OwnerID = %v, want the creating user's %v", item.OwnerID, actor.UserID)
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
	actor := model.Actor{UserID: uuid.New()}
	// PostgreSQL keeps microseconds; the service returns what a read will give.
	fine := time.Date(2026, 5, 1, 20, 30, 0, 123456789, time.FixedZone("CEST", 2*60*60))
	want := time.Date(2026, 5, 1, 18, 30, 0, 123456000, time.UTC)
	input := newEvent()
	input.StartsAt = fine
	item, err := svc.Create(t.Context(), actor, input)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if got := item.StartsAt; !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Create: starts_at = %v, want %v", got, want)
	}
	updated, err := svc.Update(t.Context(), actor, item.ID, func(x *model.Event) error {
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
	actor := model.Actor{UserID: uuid.New()}
	id := uuid.New()
	_, errGet := svc.Get(ctx, actor, id)
	_, errUpdate := svc.Update(ctx, actor, id, func(*model.Event) error { return nil })
	errDelete := svc.Delete(ctx, actor, id)
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
	actor := model.Actor{UserID: uuid.New()}
	item, err := svc.Create(ctx, actor, newEvent())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	got, err := svc.Update(ctx, actor, item.ID, func(x *model.Event) error {
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
	if _, err := svc.Update(ctx, actor, item.ID, func(*model.Event) error { return invalid }); !errors.Is(err, apperr.Validation) {
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
		{name: "contact not an email", set: func(x *model.Event) { x.Contact = "nope" }, field: "contact"},
		{name: "contact with a display name", set: func(x *model.Event) { x.Contact = "Ada <ada@example.com>" }, field: "contact"},
		{name: "contact too long", set: func(x *model.Event) { x.Contact = strings.Repeat("a", 243) + "@example.com" }, field: "contact"},
		{name: "contact with NUL", set: func(x *model.Event) { x.Contact = "a\x00b" }, field: "contact"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repos := repotest.NewDB().Repos()
			svc := service.NewEvent(repos.Events)
			ctx := t.Context()
			actor := model.Actor{UserID: uuid.New()}
			input := newEvent()
			tt.set(&input)
			_, err := svc.Create(ctx, actor, input)
			wantInvalid(t, err, tt.field)
			if page, err := repos.Events.List(ctx, model.AllRows(), model.EventList{Limit: 1}); err != nil || len(page.Items) != 0 {
				t.Fatalf("after refused Create List = %v, %v; want none", page.Items, err)
			}

			item, err := svc.Create(ctx, actor, newEvent())
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			_, err = svc.Update(ctx, actor, item.ID, func(x *model.Event) error {
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
	actor := model.Actor{UserID: uuid.New()}
	input := newEvent()
	input.Title = strings.Repeat("é", 80)
	if _, err := svc.Create(t.Context(), actor, input); err != nil {
		t.Errorf("Create with strings of two-byte characters at their limits = %v, want it accepted", err)
	}
}

func TestEventDelete(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewEvent(repos.Events)
	ctx := t.Context()
	actor := model.Actor{UserID: uuid.New()}
	item, err := svc.Create(ctx, actor, newEvent())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if err := svc.Delete(ctx, actor, item.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := svc.Get(ctx, actor, item.ID); !errors.Is(err, apperr.NotFound) {
		t.Errorf("Get after Delete = %v, want NotFound", err)
	}
}

func TestEventOfAnotherUserIsNotFound(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewEvent(repos.Events)
	ctx := t.Context()
	alice, bob := model.Actor{UserID: uuid.New()}, model.Actor{UserID: uuid.New()}
	item, err := svc.Create(ctx, alice, newEvent())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	id := item.ID
	_, errGet := svc.Get(ctx, bob, id)
	_, errUpdate := svc.Update(ctx, bob, id, func(*model.Event) error { return nil })
	errDelete := svc.Delete(ctx, bob, id)
	for name, err := range map[string]error{"Get": errGet, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, apperr.NotFound) {
			t.Errorf("%s of another user's event = %v, want NotFound", name, err)
		}
	}
	if stored, ok := storedEvent(t, repos, item.ID); !ok || !reflect.DeepEqual(stored, item) {
		t.Errorf("after another user's calls stored = %+v (present %v), want %+v", stored, ok, item)
	}
}

func TestEventListShowsOwnEvents(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewEvent(repos.Events)
	ctx := t.Context()
	alice, bob := model.Actor{UserID: uuid.New()}, model.Actor{UserID: uuid.New()}
	admin := model.Actor{UserID: uuid.New(), Superuser: true}
	for i, actor := range []model.Actor{alice, alice, bob} {
		input := newEvent()
		input.Contact = fmt.Sprintf("user%d@example.com", i)
		if _, err := svc.Create(ctx, actor, input); err != nil {
			t.Fatalf("Create: %v", err)
		}
	}

	tests := []struct {
		name  string
		actor model.Actor
		want  int
	}{
		{name: "alice", actor: alice, want: 2},
		{name: "bob", actor: bob, want: 1},
		{name: "superuser", actor: admin, want: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := svc.List(ctx, tt.actor, model.EventList{Limit: 10, Count: true})
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if len(page.Items) != tt.want || page.Total == nil || *page.Total != tt.want {
				t.Errorf("List = %d events, total %v; want %d", len(page.Items), page.Total, tt.want)
			}
			for _, item := range page.Items {
				if !tt.actor.Superuser && item.OwnerID != tt.actor.UserID {
					t.Errorf("List returned an event of %v, want only %v's", item.OwnerID, tt.actor.UserID)
				}
			}
		})
	}
}

func TestEventSuperuserReachesEveryEvent(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewEvent(repos.Events)
	ctx := t.Context()
	alice := model.Actor{UserID: uuid.New()}
	admin := model.Actor{UserID: uuid.New(), Superuser: true}
	item, err := svc.Create(ctx, alice, newEvent())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	id := item.ID

	if got, err := svc.Get(ctx, admin, id); err != nil || !reflect.DeepEqual(got, item) {
		t.Errorf("superuser Get = %+v, %v; want %+v", got, err, item)
	}
	got, err := svc.Update(ctx, admin, id, func(*model.Event) error { return nil })
	if err != nil {
		t.Fatalf("superuser Update: %v", err)
	}
	if got.OwnerID != alice.UserID {
		t.Errorf("after superuser Update OwnerID = %v, want alice's %v", got.OwnerID, alice.UserID)
	}
	if err := svc.Delete(ctx, admin, id); err != nil {
		t.Fatalf("superuser Delete: %v", err)
	}
	if _, ok := storedEvent(t, repos, item.ID); ok {
		t.Errorf("after superuser Delete the event is still stored")
	}
}

func TestEventZeroActorReachesNothing(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewEvent(repos.Events)
	ctx := t.Context()
	item, err := svc.Create(ctx, model.Actor{UserID: uuid.New()}, newEvent())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	var nobody model.Actor
	_, errGet := svc.Get(ctx, nobody, item.ID)
	_, errList := svc.List(ctx, nobody, model.EventList{Limit: 10})
	_, errUpdate := svc.Update(ctx, nobody, item.ID, func(*model.Event) error { return nil })
	errDelete := svc.Delete(ctx, nobody, item.ID)
	for name, err := range map[string]error{"Get": errGet, "List": errList, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, model.ErrNoScope) {
			t.Errorf("%s as the zero actor = %v, want ErrNoScope", name, err)
		}
	}
	if _, ok := storedEvent(t, repos, item.ID); !ok {
		t.Errorf("after the zero actor's calls the event is gone")
	}
}
