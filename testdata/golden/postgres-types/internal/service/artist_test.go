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

// newArtist returns a valid artist with every optional field unset.
func newArtist() model.Artist {
	return model.Artist{
		Name:   "name 1",
		Active: true,
	}
}

// storedArtist returns the artist with the given id as repos stores it and whether there is one.
func storedArtist(t *testing.T, repos repotest.Repos, id uuid.UUID) (model.Artist, bool) {
	t.Helper()
	item, err := repos.Artists.Get(t.Context(), id)
	if errors.Is(err, apperr.NotFound) {
		return model.Artist{}, false
	}
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	return item, true
}

func TestArtistCreate(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtist(repos.Artists)
	before := time.Now().UTC().Add(-time.Second)

	item, err := svc.Create(t.Context(), newArtist())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if item.ID.Version() != 7 {
		t.Errorf("ID version = %d, want 7", item.ID.Version())
	}
	if item.CreatedAt.Before(before) || !item.UpdatedAt.Equal(item.CreatedAt) || item.CreatedAt.Location() != time.UTC {
		t.Errorf("timestamps = %v / %v, want now in UTC and equal", item.CreatedAt, item.UpdatedAt)
	}
	if stored, _ := storedArtist(t, repos, item.ID); !reflect.DeepEqual(stored, item) {
		t.Errorf("stored = %+v, want the new artist %+v", stored, item)
	}
}

func TestArtistUnknownIDIsNotFound(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtist(repos.Artists)
	ctx := t.Context()
	id := uuid.New()
	_, errGet := svc.Get(ctx, id)
	_, errUpdate := svc.Update(ctx, id, func(*model.Artist) error { return nil })
	errDelete := svc.Delete(ctx, id)
	for name, err := range map[string]error{"Get": errGet, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, apperr.NotFound) {
			t.Errorf("%s(unknown id) = %v, want NotFound", name, err)
		}
	}
}

func TestArtistUpdate(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtist(repos.Artists)
	ctx := t.Context()
	item, err := svc.Create(ctx, newArtist())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	got, err := svc.Update(ctx, item.ID, func(x *model.Artist) error {
		x.Name = "name 2"
		return nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if got.Name != "name 2" || got.UpdatedAt.Before(item.UpdatedAt) || !got.CreatedAt.Equal(item.CreatedAt) {
		t.Errorf("Update = %+v, want new name, same created_at, later updated_at", got)
	}

	invalid := apperr.Invalid(map[string]string{"name": "must not be null"})
	if _, err := svc.Update(ctx, item.ID, func(*model.Artist) error { return invalid }); !errors.Is(err, apperr.Validation) {
		t.Errorf("Update with failing apply = %v, want the Validation error", err)
	}
	if stored, _ := storedArtist(t, repos, item.ID); !reflect.DeepEqual(stored, got) {
		t.Errorf("after failed update stored = %+v, want %+v", stored, got)
	}
}

// TestArtistRefusesInvalid calls the service the way a job or a command
// would, without the HTTP layer: the rules of the fields hold all the same.
func TestArtistRefusesInvalid(t *testing.T) {
	tests := []struct {
		name  string
		set   func(x *model.Artist)
		field string
	}{
		{name: "name too long", set: func(x *model.Artist) { x.Name = strings.Repeat("x", 256) }, field: "name"},
		{name: "name empty", set: func(x *model.Artist) { x.Name = "" }, field: "name"},
		{name: "name with NUL", set: func(x *model.Artist) { x.Name = "a\x00b" }, field: "name"},
		{name: "bio with NUL", set: func(x *model.Artist) { x.Bio = new("a\x00b") }, field: "bio"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repos := repotest.NewDB().Repos()
			svc := service.NewArtist(repos.Artists)
			ctx := t.Context()
			input := newArtist()
			tt.set(&input)
			_, err := svc.Create(ctx, input)
			wantInvalid(t, err, tt.field)
			if page, err := repos.Artists.List(ctx, model.ArtistList{Limit: 1}); err != nil || len(page.Items) != 0 {
				t.Fatalf("after refused Create List = %v, %v; want none", page.Items, err)
			}

			item, err := svc.Create(ctx, newArtist())
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			_, err = svc.Update(ctx, item.ID, func(x *model.Artist) error {
				tt.set(x)
				return nil
			})
			wantInvalid(t, err, tt.field)
			if stored, _ := storedArtist(t, repos, item.ID); !reflect.DeepEqual(stored, item) {
				t.Errorf("after refused Update stored = %+v, want %+v", stored, item)
			}
		})
	}
}

// TestArtistCountsCharacters checks that length limits count characters,
// not bytes, the way the API's JSON schema does.
func TestArtistCountsCharacters(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtist(repos.Artists)
	input := newArtist()
	input.Name = strings.Repeat("é", 255)
	if _, err := svc.Create(t.Context(), input); err != nil {
		t.Errorf("Create with strings of two-byte characters at their limits = %v, want it accepted", err)
	}
}

func TestArtistDelete(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtist(repos.Artists)
	ctx := t.Context()
	item, err := svc.Create(ctx, newArtist())
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
