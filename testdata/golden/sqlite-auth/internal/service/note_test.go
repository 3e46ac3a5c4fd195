package service_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/model"
	"example.com/shop/internal/service"
)

// fakeNoteRepo is an in-memory NoteRepository.
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

func (f *fakeNoteRepo) Get(_ context.Context, id uuid.UUID) (model.Note, error) {
	item, ok := f.items[id]
	if !ok {
		return model.Note{}, apperr.New(apperr.NotFound, "note not found")
	}
	return item, nil
}

func (f *fakeNoteRepo) List(context.Context, int, int) ([]model.Note, int, error) {
	var out []model.Note
	for _, item := range f.items {
		out = append(out, item)
	}
	return out, len(out), nil
}

func (f *fakeNoteRepo) Update(_ context.Context, id uuid.UUID, fn func(*model.Note) error) (model.Note, error) {
	item, ok := f.items[id]
	if !ok {
		return model.Note{}, apperr.New(apperr.NotFound, "note not found")
	}
	if err := fn(&item); err != nil {
		return model.Note{}, err
	}
	f.items[id] = item
	return item, nil
}

func (f *fakeNoteRepo) Delete(_ context.Context, id uuid.UUID) error {
	if _, ok := f.items[id]; !ok {
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

	item, err := svc.Create(t.Context(), newNote())
	if err != nil {
		t.Fatalf("Create: %v", err)
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
	_, errGet := svc.Get(ctx, "not-a-uuid")
	_, errUpdate := svc.Update(ctx, "not-a-uuid", func(*model.Note) error { return nil })
	errDelete := svc.Delete(ctx, "not-a-uuid")
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
	item, err := svc.Create(ctx, newNote())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	got, err := svc.Update(ctx, item.ID.String(), func(x *model.Note) error {
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
	if _, err := svc.Update(ctx, item.ID.String(), func(*model.Note) error { return invalid }); !errors.Is(err, apperr.Validation) {
		t.Errorf("Update with failing apply = %v, want the Validation error", err)
	}
	if stored := repo.items[item.ID]; !reflect.DeepEqual(stored, got) {
		t.Errorf("after failed update stored = %+v, want %+v", stored, got)
	}
}

func TestNoteDelete(t *testing.T) {
	svc := service.NewNote(newFakeNoteRepo())
	ctx := t.Context()
	item, err := svc.Create(ctx, newNote())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if err := svc.Delete(ctx, item.ID.String()); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := svc.Get(ctx, item.ID.String()); !errors.Is(err, apperr.NotFound) {
		t.Errorf("Get after Delete = %v, want NotFound", err)
	}
}
