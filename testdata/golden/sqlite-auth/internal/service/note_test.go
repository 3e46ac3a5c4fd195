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

// newNote returns a valid note with every optional field unset.
func newNote() model.Note {
	return model.Note{
		Title: "title 1",
		Done:  true,
	}
}

// storedNote returns the note with the given id as repos stores it,
// whoever owns it, and whether there is one.
func storedNote(t *testing.T, repos repotest.Repos, id uuid.UUID) (model.Note, bool) {
	t.Helper()
	item, err := repos.Notes.Get(t.Context(), model.AllRows(), id)
	if errors.Is(err, apperr.NotFound) {
		return model.Note{}, false
	}
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	return item, true
}

func TestNoteCreate(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewNote(repos.Notes)
	before := time.Now().UTC().Add(-time.Second)
	actor := model.Actor{UserID: uuid.New()}
	input := newNote()
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
	if stored, _ := storedNote(t, repos, item.ID); !reflect.DeepEqual(stored, item) {
		t.Errorf("stored = %+v, want the new note %+v", stored, item)
	}
}

func TestNoteUnknownIDIsNotFound(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewNote(repos.Notes)
	ctx := t.Context()
	actor := model.Actor{UserID: uuid.New()}
	id := uuid.New()
	_, errGet := svc.Get(ctx, actor, id)
	_, errUpdate := svc.Update(ctx, actor, id, func(*model.Note) error { return nil })
	errDelete := svc.Delete(ctx, actor, id)
	for name, err := range map[string]error{"Get": errGet, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, apperr.NotFound) {
			t.Errorf("%s(unknown id) = %v, want NotFound", name, err)
		}
	}
}

func TestNoteUpdate(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewNote(repos.Notes)
	ctx := t.Context()
	actor := model.Actor{UserID: uuid.New()}
	item, err := svc.Create(ctx, actor, newNote())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	got, err := svc.Update(ctx, actor, item.ID, func(x *model.Note) error {
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
	if _, err := svc.Update(ctx, actor, item.ID, func(*model.Note) error { return invalid }); !errors.Is(err, apperr.Validation) {
		t.Errorf("Update with failing apply = %v, want the Validation error", err)
	}
	if stored, _ := storedNote(t, repos, item.ID); !reflect.DeepEqual(stored, got) {
		t.Errorf("after failed update stored = %+v, want %+v", stored, got)
	}
}

// TestNoteRefusesInvalid calls the service the way a job or a command
// would, without the HTTP layer: the rules of the fields hold all the same.
func TestNoteRefusesInvalid(t *testing.T) {
	tests := []struct {
		name  string
		set   func(x *model.Note)
		field string
	}{
		{name: "title too long", set: func(x *model.Note) { x.Title = strings.Repeat("x", 256) }, field: "title"},
		{name: "title empty", set: func(x *model.Note) { x.Title = "" }, field: "title"},
		{name: "title with NUL", set: func(x *model.Note) { x.Title = "a\x00b" }, field: "title"},
		{name: "body with NUL", set: func(x *model.Note) { x.Body = new("a\x00b") }, field: "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repos := repotest.NewDB().Repos()
			svc := service.NewNote(repos.Notes)
			ctx := t.Context()
			actor := model.Actor{UserID: uuid.New()}
			input := newNote()
			tt.set(&input)
			_, err := svc.Create(ctx, actor, input)
			wantInvalid(t, err, tt.field)
			if page, err := repos.Notes.List(ctx, model.AllRows(), model.NoteList{Limit: 1}); err != nil || len(page.Items) != 0 {
				t.Fatalf("after refused Create List = %v, %v; want none", page.Items, err)
			}

			item, err := svc.Create(ctx, actor, newNote())
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			_, err = svc.Update(ctx, actor, item.ID, func(x *model.Note) error {
				tt.set(x)
				return nil
			})
			wantInvalid(t, err, tt.field)
			if stored, _ := storedNote(t, repos, item.ID); !reflect.DeepEqual(stored, item) {
				t.Errorf("after refused Update stored = %+v, want %+v", stored, item)
			}
		})
	}
}

// TestNoteCountsCharacters checks that length limits count characters,
// not bytes, the way the API's JSON schema does.
func TestNoteCountsCharacters(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewNote(repos.Notes)
	actor := model.Actor{UserID: uuid.New()}
	input := newNote()
	input.Title = strings.Repeat("é", 255)
	if _, err := svc.Create(t.Context(), actor, input); err != nil {
		t.Errorf("Create with strings of two-byte characters at their limits = %v, want it accepted", err)
	}
}

func TestNoteDelete(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewNote(repos.Notes)
	ctx := t.Context()
	actor := model.Actor{UserID: uuid.New()}
	item, err := svc.Create(ctx, actor, newNote())
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

func TestNoteOfAnotherUserIsNotFound(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewNote(repos.Notes)
	ctx := t.Context()
	alice, bob := model.Actor{UserID: uuid.New()}, model.Actor{UserID: uuid.New()}
	item, err := svc.Create(ctx, alice, newNote())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	id := item.ID
	_, errGet := svc.Get(ctx, bob, id)
	_, errUpdate := svc.Update(ctx, bob, id, func(*model.Note) error { return nil })
	errDelete := svc.Delete(ctx, bob, id)
	for name, err := range map[string]error{"Get": errGet, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, apperr.NotFound) {
			t.Errorf("%s of another user's note = %v, want NotFound", name, err)
		}
	}
	if stored, ok := storedNote(t, repos, item.ID); !ok || !reflect.DeepEqual(stored, item) {
		t.Errorf("after another user's calls stored = %+v (present %v), want %+v", stored, ok, item)
	}
}

func TestNoteListShowsOwnNotes(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewNote(repos.Notes)
	ctx := t.Context()
	alice, bob := model.Actor{UserID: uuid.New()}, model.Actor{UserID: uuid.New()}
	admin := model.Actor{UserID: uuid.New(), Superuser: true}
	for i, actor := range []model.Actor{alice, alice, bob} {
		input := newNote()
		input.Title = fmt.Sprintf("title %d", i)
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
			page, err := svc.List(ctx, tt.actor, model.NoteList{Limit: 10, Count: true})
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if len(page.Items) != tt.want || page.Total == nil || *page.Total != tt.want {
				t.Errorf("List = %d notes, total %v; want %d", len(page.Items), page.Total, tt.want)
			}
			for _, item := range page.Items {
				if !tt.actor.Superuser && item.OwnerID != tt.actor.UserID {
					t.Errorf("List returned a note of %v, want only %v's", item.OwnerID, tt.actor.UserID)
				}
			}
		})
	}
}

func TestNoteSuperuserReachesEveryNote(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewNote(repos.Notes)
	ctx := t.Context()
	alice := model.Actor{UserID: uuid.New()}
	admin := model.Actor{UserID: uuid.New(), Superuser: true}
	item, err := svc.Create(ctx, alice, newNote())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	id := item.ID

	if got, err := svc.Get(ctx, admin, id); err != nil || !reflect.DeepEqual(got, item) {
		t.Errorf("superuser Get = %+v, %v; want %+v", got, err, item)
	}
	got, err := svc.Update(ctx, admin, id, func(*model.Note) error { return nil })
	if err != nil {
		t.Fatalf("superuser Update: %v", err)
	}
	if got.OwnerID != alice.UserID {
		t.Errorf("after superuser Update OwnerID = %v, want alice's %v", got.OwnerID, alice.UserID)
	}
	if err := svc.Delete(ctx, admin, id); err != nil {
		t.Fatalf("superuser Delete: %v", err)
	}
	if _, ok := storedNote(t, repos, item.ID); ok {
		t.Errorf("after superuser Delete the note is still stored")
	}
}

func TestNoteZeroActorReachesNothing(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewNote(repos.Notes)
	ctx := t.Context()
	item, err := svc.Create(ctx, model.Actor{UserID: uuid.New()}, newNote())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	var nobody model.Actor
	_, errGet := svc.Get(ctx, nobody, item.ID)
	_, errList := svc.List(ctx, nobody, model.NoteList{Limit: 10})
	_, errUpdate := svc.Update(ctx, nobody, item.ID, func(*model.Note) error { return nil })
	errDelete := svc.Delete(ctx, nobody, item.ID)
	for name, err := range map[string]error{"Get": errGet, "List": errList, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, model.ErrNoScope) {
			t.Errorf("%s as the zero actor = %v, want ErrNoScope", name, err)
		}
	}
	if _, ok := storedNote(t, repos, item.ID); !ok {
		t.Errorf("after the zero actor's calls the note is gone")
	}
}
