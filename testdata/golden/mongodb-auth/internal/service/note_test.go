package service_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/feed/internal/apperr"
	"example.com/feed/internal/model"
	"example.com/feed/internal/service"
)

// fakeNoteRepo is an in-memory NoteRepository. Like the real one, it
// treats the notes of other users as missing when the owner is valid.
type fakeNoteRepo struct {
	items map[uuid.UUID]model.Note
}

func newFakeNoteRepo() *fakeNoteRepo {
	return &fakeNoteRepo{items: map[uuid.UUID]model.Note{}}
}

func (f *fakeNoteRepo) Create(_ context.Context, item model.Note) error {
	f.items[item.ID] = item
	return nil
}

// find returns the note with the given id if owner may see it.
func (f *fakeNoteRepo) find(owner uuid.NullUUID, id uuid.UUID) (model.Note, bool) {
	item, ok := f.items[id]
	return item, ok && (!owner.Valid || item.OwnerID == owner.UUID)
}

func (f *fakeNoteRepo) Get(_ context.Context, owner uuid.NullUUID, id uuid.UUID) (model.Note, error) {
	item, ok := f.find(owner, id)
	if !ok {
		return model.Note{}, apperr.New(apperr.NotFound, "note not found")
	}
	return item, nil
}

func (f *fakeNoteRepo) List(_ context.Context, owner uuid.NullUUID, _, _ int) ([]model.Note, int, error) {
	var out []model.Note
	for id := range f.items {
		if item, ok := f.find(owner, id); ok {
			out = append(out, item)
		}
	}
	return out, len(out), nil
}

func (f *fakeNoteRepo) Update(_ context.Context, owner uuid.NullUUID, id uuid.UUID, fn func(*model.Note) error) (model.Note, error) {
	item, ok := f.find(owner, id)
	if !ok {
		return model.Note{}, apperr.New(apperr.NotFound, "note not found")
	}
	if err := fn(&item); err != nil {
		return model.Note{}, err
	}
	f.items[id] = item
	return item, nil
}

func (f *fakeNoteRepo) Delete(_ context.Context, owner uuid.NullUUID, id uuid.UUID) error {
	if _, ok := f.find(owner, id); !ok {
		return apperr.New(apperr.NotFound, "note not found")
	}
	delete(f.items, id)
	return nil
}

// newNote returns a valid note with every optional field unset.
func newNote() model.Note {
	return model.Note{
		Title: "title 1",
		Done:  true,
	}
}

func TestNoteCreate(t *testing.T) {
	repo := newFakeNoteRepo()
	svc := service.NewNote(repo)
	before := time.Now().UTC().Add(-time.Second)
	user := model.User{ID: uuid.New()}
	input := newNote()
	input.OwnerID = uuid.New() // another user's id: Create must not trust it

	item, err := svc.Create(t.Context(), user, input)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if item.OwnerID != user.ID {
		t.Errorf("OwnerID = %v, want the creating user's %v", item.OwnerID, user.ID)
	}
	if item.ID.Version() != 7 {
		t.Errorf("ID version = %d, want 7", item.ID.Version())
	}
	if item.CreatedAt.Before(before) || !item.UpdatedAt.Equal(item.CreatedAt) || item.CreatedAt.Location() != time.UTC {
		t.Errorf("timestamps = %v / %v, want now in UTC and equal", item.CreatedAt, item.UpdatedAt)
	}
	if stored := repo.items[item.ID]; !reflect.DeepEqual(stored, item) {
		t.Errorf("stored = %+v, want the new note %+v", stored, item)
	}
}

func TestNoteMalformedIDIsNotFound(t *testing.T) {
	svc := service.NewNote(newFakeNoteRepo())
	ctx := t.Context()
	user := model.User{ID: uuid.New()}
	_, errGet := svc.Get(ctx, user, "not-a-uuid")
	_, errUpdate := svc.Update(ctx, user, "not-a-uuid", func(*model.Note) error { return nil })
	errDelete := svc.Delete(ctx, user, "not-a-uuid")
	for name, err := range map[string]error{"Get": errGet, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, apperr.NotFound) {
			t.Errorf("%s(malformed id) = %v, want NotFound", name, err)
		}
	}
}

func TestNoteUpdate(t *testing.T) {
	repo := newFakeNoteRepo()
	svc := service.NewNote(repo)
	ctx := t.Context()
	user := model.User{ID: uuid.New()}
	item, err := svc.Create(ctx, user, newNote())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	got, err := svc.Update(ctx, user, item.ID.String(), func(x *model.Note) error {
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
	if _, err := svc.Update(ctx, user, item.ID.String(), func(*model.Note) error { return invalid }); !errors.Is(err, apperr.Validation) {
		t.Errorf("Update with failing apply = %v, want the Validation error", err)
	}
	if stored := repo.items[item.ID]; !reflect.DeepEqual(stored, got) {
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
			repo := newFakeNoteRepo()
			svc := service.NewNote(repo)
			ctx := t.Context()
			user := model.User{ID: uuid.New()}
			input := newNote()
			tt.set(&input)
			_, err := svc.Create(ctx, user, input)
			wantInvalid(t, err, tt.field)
			if len(repo.items) != 0 {
				t.Fatalf("Create stored %d notes, want none", len(repo.items))
			}

			item, err := svc.Create(ctx, user, newNote())
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			_, err = svc.Update(ctx, user, item.ID.String(), func(x *model.Note) error {
				tt.set(x)
				return nil
			})
			wantInvalid(t, err, tt.field)
			if stored := repo.items[item.ID]; !reflect.DeepEqual(stored, item) {
				t.Errorf("after refused Update stored = %+v, want %+v", stored, item)
			}
		})
	}
}

// TestNoteCountsCharacters checks that length limits count characters,
// not bytes, the way the API's JSON schema does.
func TestNoteCountsCharacters(t *testing.T) {
	svc := service.NewNote(newFakeNoteRepo())
	user := model.User{ID: uuid.New()}
	input := newNote()
	input.Title = strings.Repeat("é", 255)
	if _, err := svc.Create(t.Context(), user, input); err != nil {
		t.Errorf("Create with strings of two-byte characters at their limits = %v, want it accepted", err)
	}
}

func TestNoteDelete(t *testing.T) {
	svc := service.NewNote(newFakeNoteRepo())
	ctx := t.Context()
	user := model.User{ID: uuid.New()}
	item, err := svc.Create(ctx, user, newNote())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if err := svc.Delete(ctx, user, item.ID.String()); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := svc.Get(ctx, user, item.ID.String()); !errors.Is(err, apperr.NotFound) {
		t.Errorf("Get after Delete = %v, want NotFound", err)
	}
}

func TestNoteOfAnotherUserIsNotFound(t *testing.T) {
	repo := newFakeNoteRepo()
	svc := service.NewNote(repo)
	ctx := t.Context()
	alice, bob := model.User{ID: uuid.New()}, model.User{ID: uuid.New()}
	item, err := svc.Create(ctx, alice, newNote())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	id := item.ID.String()
	_, errGet := svc.Get(ctx, bob, id)
	_, errUpdate := svc.Update(ctx, bob, id, func(*model.Note) error { return nil })
	errDelete := svc.Delete(ctx, bob, id)
	for name, err := range map[string]error{"Get": errGet, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, apperr.NotFound) {
			t.Errorf("%s of another user's note = %v, want NotFound", name, err)
		}
	}
	if stored, ok := repo.items[item.ID]; !ok || !reflect.DeepEqual(stored, item) {
		t.Errorf("after another user's calls stored = %+v (present %v), want %+v", stored, ok, item)
	}
}

func TestNoteListShowsOwnNotes(t *testing.T) {
	svc := service.NewNote(newFakeNoteRepo())
	ctx := t.Context()
	alice, bob := model.User{ID: uuid.New()}, model.User{ID: uuid.New()}
	admin := model.User{ID: uuid.New(), IsSuperuser: true}
	for _, user := range []model.User{alice, alice, bob} {
		if _, err := svc.Create(ctx, user, newNote()); err != nil {
			t.Fatalf("Create: %v", err)
		}
	}

	tests := []struct {
		name string
		user model.User
		want int
	}{
		{name: "alice", user: alice, want: 2},
		{name: "bob", user: bob, want: 1},
		{name: "superuser", user: admin, want: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, total, err := svc.List(ctx, tt.user, 0, 10)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if len(items) != tt.want || total != tt.want {
				t.Errorf("List = %d notes, total %d; want %d", len(items), total, tt.want)
			}
			for _, item := range items {
				if !tt.user.IsSuperuser && item.OwnerID != tt.user.ID {
					t.Errorf("List returned a note of %v, want only %v's", item.OwnerID, tt.user.ID)
				}
			}
		})
	}
}

func TestNoteSuperuserReachesEveryNote(t *testing.T) {
	repo := newFakeNoteRepo()
	svc := service.NewNote(repo)
	ctx := t.Context()
	alice := model.User{ID: uuid.New()}
	admin := model.User{ID: uuid.New(), IsSuperuser: true}
	item, err := svc.Create(ctx, alice, newNote())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	id := item.ID.String()

	if got, err := svc.Get(ctx, admin, id); err != nil || !reflect.DeepEqual(got, item) {
		t.Errorf("superuser Get = %+v, %v; want %+v", got, err, item)
	}
	got, err := svc.Update(ctx, admin, id, func(*model.Note) error { return nil })
	if err != nil {
		t.Fatalf("superuser Update: %v", err)
	}
	if got.OwnerID != alice.ID {
		t.Errorf("after superuser Update OwnerID = %v, want alice's %v", got.OwnerID, alice.ID)
	}
	if err := svc.Delete(ctx, admin, id); err != nil {
		t.Fatalf("superuser Delete: %v", err)
	}
	if _, ok := repo.items[item.ID]; ok {
		t.Errorf("after superuser Delete the note is still stored")
	}
}
