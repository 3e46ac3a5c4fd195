package service_test

import (
	"errors"
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

// newArtwork returns a valid artwork with every optional field unset.
// The rows its refs point at are stored through repos.
func newArtwork(t *testing.T, repos repotest.Repos) model.Artwork {
	t.Helper()
	return model.Artwork{
		Title:    "title 1",
		ArtistID: repotest.StoreArtist(t, repos),
	}
}

// storedArtwork returns the artwork with the given id as repos stores it,
// whoever owns it, and whether there is one.
func storedArtwork(t *testing.T, repos repotest.Repos, id uuid.UUID) (model.Artwork, bool) {
	t.Helper()
	item, err := repos.Artworks.Get(t.Context(), model.AllRows(), id)
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
	actor := model.Actor{UserID: uuid.New()}
	input := newArtwork(t, repos)
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
	if stored, _ := storedArtwork(t, repos, item.ID); !reflect.DeepEqual(stored, item) {
		t.Errorf("stored = %+v, want the new artwork %+v", stored, item)
	}
}

func TestArtworkUnknownIDIsNotFound(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	ctx := t.Context()
	actor := model.Actor{UserID: uuid.New()}
	id := uuid.New()
	_, errGet := svc.Get(ctx, actor, id)
	_, errUpdate := svc.Update(ctx, actor, id, func(*model.Artwork) error { return nil })
	errDelete := svc.Delete(ctx, actor, id)
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
	actor := model.Actor{UserID: uuid.New()}
	item, err := svc.Create(ctx, actor, newArtwork(t, repos))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	got, err := svc.Update(ctx, actor, item.ID, func(x *model.Artwork) error {
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
	if _, err := svc.Update(ctx, actor, item.ID, func(*model.Artwork) error { return invalid }); !errors.Is(err, apperr.Validation) {
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
			actor := model.Actor{UserID: uuid.New()}
			input := newArtwork(t, repos)
			tt.set(&input)
			_, err := svc.Create(ctx, actor, input)
			wantInvalid(t, err, tt.field)
			if page, err := repos.Artworks.List(ctx, model.AllRows(), model.ArtworkList{Limit: 1}); err != nil || len(page.Items) != 0 {
				t.Fatalf("after refused Create List = %v, %v; want none", page.Items, err)
			}

			item, err := svc.Create(ctx, actor, newArtwork(t, repos))
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			_, err = svc.Update(ctx, actor, item.ID, func(x *model.Artwork) error {
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
	actor := model.Actor{UserID: uuid.New()}
	input := newArtwork(t, repos)
	input.Title = strings.Repeat("é", 255)
	if _, err := svc.Create(t.Context(), actor, input); err != nil {
		t.Errorf("Create with strings of two-byte characters at their limits = %v, want it accepted", err)
	}
}

func TestArtworkDelete(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	ctx := t.Context()
	actor := model.Actor{UserID: uuid.New()}
	item, err := svc.Create(ctx, actor, newArtwork(t, repos))
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

func TestArtworkOfAnotherUserIsNotFound(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	ctx := t.Context()
	alice, bob := model.Actor{UserID: uuid.New()}, model.Actor{UserID: uuid.New()}
	item, err := svc.Create(ctx, alice, newArtwork(t, repos))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	id := item.ID
	_, errGet := svc.Get(ctx, bob, id)
	_, errUpdate := svc.Update(ctx, bob, id, func(*model.Artwork) error { return nil })
	errDelete := svc.Delete(ctx, bob, id)
	for name, err := range map[string]error{"Get": errGet, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, apperr.NotFound) {
			t.Errorf("%s of another user's artwork = %v, want NotFound", name, err)
		}
	}
	if stored, ok := storedArtwork(t, repos, item.ID); !ok || !reflect.DeepEqual(stored, item) {
		t.Errorf("after another user's calls stored = %+v (present %v), want %+v", stored, ok, item)
	}
}

func TestArtworkListShowsOwnArtworks(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	ctx := t.Context()
	alice, bob := model.Actor{UserID: uuid.New()}, model.Actor{UserID: uuid.New()}
	admin := model.Actor{UserID: uuid.New(), Superuser: true}
	for _, actor := range []model.Actor{alice, alice, bob} {
		if _, err := svc.Create(ctx, actor, newArtwork(t, repos)); err != nil {
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
			page, err := svc.List(ctx, tt.actor, model.ArtworkList{Limit: 10, Count: true})
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if len(page.Items) != tt.want || page.Total == nil || *page.Total != tt.want {
				t.Errorf("List = %d artworks, total %v; want %d", len(page.Items), page.Total, tt.want)
			}
			for _, item := range page.Items {
				if !tt.actor.Superuser && item.OwnerID != tt.actor.UserID {
					t.Errorf("List returned an artwork of %v, want only %v's", item.OwnerID, tt.actor.UserID)
				}
			}
		})
	}
}

func TestArtworkSuperuserReachesEveryArtwork(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	ctx := t.Context()
	alice := model.Actor{UserID: uuid.New()}
	admin := model.Actor{UserID: uuid.New(), Superuser: true}
	item, err := svc.Create(ctx, alice, newArtwork(t, repos))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	id := item.ID

	if got, err := svc.Get(ctx, admin, id); err != nil || !reflect.DeepEqual(got, item) {
		t.Errorf("superuser Get = %+v, %v; want %+v", got, err, item)
	}
	got, err := svc.Update(ctx, admin, id, func(*model.Artwork) error { return nil })
	if err != nil {
		t.Fatalf("superuser Update: %v", err)
	}
	if got.OwnerID != alice.UserID {
		t.Errorf("after superuser Update OwnerID = %v, want alice's %v", got.OwnerID, alice.UserID)
	}
	if err := svc.Delete(ctx, admin, id); err != nil {
		t.Fatalf("superuser Delete: %v", err)
	}
	if _, ok := storedArtwork(t, repos, item.ID); ok {
		t.Errorf("after superuser Delete the artwork is still stored")
	}
}

func TestArtworkZeroActorReachesNothing(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	ctx := t.Context()
	item, err := svc.Create(ctx, model.Actor{UserID: uuid.New()}, newArtwork(t, repos))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	var nobody model.Actor
	_, errGet := svc.Get(ctx, nobody, item.ID)
	_, errList := svc.List(ctx, nobody, model.ArtworkList{Limit: 10})
	_, errUpdate := svc.Update(ctx, nobody, item.ID, func(*model.Artwork) error { return nil })
	errDelete := svc.Delete(ctx, nobody, item.ID)
	for name, err := range map[string]error{"Get": errGet, "List": errList, "Update": errUpdate, "Delete": errDelete} {
		if !errors.Is(err, model.ErrNoScope) {
			t.Errorf("%s as the zero actor = %v, want ErrNoScope", name, err)
		}
	}
	if _, ok := storedArtwork(t, repos, item.ID); !ok {
		t.Errorf("after the zero actor's calls the artwork is gone")
	}
}

func TestArtworkListFilter(t *testing.T) {
	repos := repotest.NewDB().Repos()
	svc := service.NewArtwork(repos.Artworks)
	ctx := t.Context()
	actor := model.Actor{UserID: uuid.New()}
	// Two artworks, each referring to rows of its own.
	var items []model.Artwork
	for range 2 {
		input := newArtwork(t, repos)
		artistID := repotest.StoreArtist(t, repos)
		input.ArtistID = artistID
		noteID := repotest.StoreNote(t, repos)
		input.NoteID = &noteID
		item, err := svc.Create(ctx, actor, input)
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
		{name: "note_id", filter: model.ArtworkFilter{NoteID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: *first.NoteID}}}, want: 1},
		{name: "unknown note_id", filter: model.ArtworkFilter{NoteID: []model.Cond[uuid.UUID]{{Op: model.OpEq, Value: uuid.New()}}}, want: 0},
	}
	for _, tt := range tests {
		page, err := svc.List(ctx, actor, model.ArtworkList{Filter: tt.filter, Limit: 10})
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
