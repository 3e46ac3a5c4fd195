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

// newArtwork returns a valid artwork with every optional field unset.
// The rows its refs point at are stored through repos.
func newArtwork(t *testing.T, repos repotest.Repos) model.Artwork {
	t.Helper()
	return model.Artwork{
		Title:    "title 1",
		ArtistID: repotest.StoreArtist(t, repos),
	}
}

// storedArtwork returns the artwork with the given id as repos stores it and whether there is one.
func storedArtwork(t *testing.T, repos repotest.Repos, id uuid.UUID) (model.Artwork, bool) {
	t.Helper()
	item, err := repos.Artworks.Get(t.Context(), id)
	if errors.Is(err, apperr.NotFound) {
		return model.Artwork{}, false
	}
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	return item, true
}

func TestArtworkCreate(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	before := time.Now().UTC().Add(-time.Second)

	item, err := svc.Create(t.Context(), newArtwork(t, repos))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if item.ID.Version() != 7 {
		t.Errorf("ID version = %d, want 7", item.ID.Version())
	}
	if item.CreatedAt.Before(before) || !item.UpdatedAt.Equal(item.CreatedAt) || item.CreatedAt.Location() != time.UTC {
		t.Errorf("timestamps = %v / %v, want now in UTC and equal", item.CreatedAt, item.UpdatedAt)
	}
	if stored, _ := storedArtwork(t, repos, item.ID); !reflect.DeepEqual(stored, item) {
		t.Errorf("stored = %+v, want the new artwork %+v", stored, item)
	}
}

func TestArtworkUnknownIDIsNotFound(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	ctx := t.Context()
	id := uuid.New()
	_, errGet := svc.Get(ctx, id)
	_, errUpdate := svc.Update(ctx, id, func(*model.Artwork) error { return nil })
	errDelete := svc.Delete(ctx, id)
	for name, err := range map[string]error{"Get": errGet, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, apperr.NotFound) {
			t.Errorf("%s(unknown id) = %v, want NotFound", name, err)
		}
	}
}

func TestArtworkUpdate(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	ctx := t.Context()
	item, err := svc.Create(ctx, newArtwork(t, repos))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	got, err := svc.Update(ctx, item.ID, func(x *model.Artwork) error {
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
	if _, err := svc.Update(ctx, item.ID, func(*model.Artwork) error { return invalid }); !errors.Is(err, apperr.Validation) {
		t.Errorf("Update with failing apply = %v, want the Validation error", err)
	}
	if stored, _ := storedArtwork(t, repos, item.ID); !reflect.DeepEqual(stored, got) {
		t.Errorf("after failed update stored = %+v, want %+v", stored, got)
	}
}

// TestArtworkRefusesInvalid calls the service the way a job or a command
// would, without the HTTP layer: the rules of the fields hold all the same.
func TestArtworkRefusesInvalid(t *testing.T) {
	tests := []struct {
		name  string
		set   func(x *model.Artwork)
		field string
	}{
		{name: "title too long", set: func(x *model.Artwork) { x.Title = strings.Repeat("x", 256) }, field: "title"},
		{name: "title empty", set: func(x *model.Artwork) { x.Title = "" }, field: "title"},
		{name: "title with NUL", set: func(x *model.Artwork) { x.Title = "a\x00b" }, field: "title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repos := repotest.NewDB().Repos()
			svc := service.NewArtwork(repos.Artworks)
			ctx := t.Context()
			input := newArtwork(t, repos)
			tt.set(&input)
			_, err := svc.Create(ctx, input)
			wantInvalid(t, err, tt.field)
			if page, err := repos.Artworks.List(ctx, model.ArtworkList{Limit: 1}); err != nil || len(page.Items) != 0 {
				t.Fatalf("after refused Create List = %v, %v; want none", page.Items, err)
			}

			item, err := svc.Create(ctx, newArtwork(t, repos))
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			_, err = svc.Update(ctx, item.ID, func(x *model.Artwork) error {
				tt.set(x)
				return nil
			})
			wantInvalid(t, err, tt.field)
			if stored, _ := storedArtwork(t, repos, item.ID); !reflect.DeepEqual(stored, item) {
				t.Errorf("after refused Update stored = %+v, want %+v", stored, item)
			}
		})
	}
}

// TestArtworkCountsCharacters checks that length limits count characters,
// not bytes, the way the API's JSON schema does.
func TestArtworkCountsCharacters(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	input := newArtwork(t, repos)
	input.Title = strings.Repeat("é", 255)
	if _, err := svc.Create(t.Context(), input); err != nil {
		t.Errorf("Create with strings of two-byte characters at their limits = %v, want it accepted", err)
	}
}

func TestArtworkDelete(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	ctx := t.Context()
	item, err := svc.Create(ctx, newArtwork(t, repos))
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

func TestArtworkListFilter(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	ctx := t.Context()
	// Two artworks, each referring to rows of its own.
	var items []model.Artwork
	for range 2 {
		input := newArtwork(t, repos)
		artistID := repotest.StoreArtist(t, repos)
		input.ArtistID = artistID
		eventID := repotest.StoreEvent(t, repos)
		input.EventID = &eventID
		item, err := svc.Create(ctx, input)
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		items = append(items, item)
	}
	first := items[0]

	tests := []struct {
		name   string
		filter model.ArtworkFilter
		want   int
	}{
		{name: "no filter", want: 2},
		{name: "artist_id", filter: model.ArtworkFilter{ArtistID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: first.ArtistID}}}, want: 1},
		{name: "unknown artist_id", filter: model.ArtworkFilter{ArtistID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: uuid.New()}}}, want: 0},
		{name: "event_id", filter: model.ArtworkFilter{EventID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: *first.EventID}}}, want: 1},
		{name: "unknown event_id", filter: model.ArtworkFilter{EventID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: uuid.New()}}}, want: 0},
	}
	for _, tt := range tests {
		page, err := svc.List(ctx, model.ArtworkList{Filter: tt.filter, Limit: 10})
		if err != nil {
			t.Fatalf("List(%s): %v", tt.name, err)
		}
		got := page.Items
		if len(got) != tt.want {
			t.Errorf("List(%s) = %d artworks; want %d", tt.name, len(got), tt.want)
		}
		if tt.want == 1 && got[0].ID != first.ID {
			t.Errorf("List(%s) = %v, want the first artwork %v", tt.name, got[0].ID, first.ID)
		}
	}
}
