package repository_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/feed/internal/model"
	"example.com/feed/internal/repository"
	"example.com/feed/internal/repository/repotest"
)

// newEvent returns a valid event of owner with every optional field unset.
func newEvent(owner uuid.UUID, i int) model.Event {
	return model.Event{
		ID:        uuid.Must(uuid.NewV7()),
		OwnerID:   owner,
		Title:     fmt.Sprintf("title %d", i),
		Kind:      model.EventKindConcert,
		StartsAt:  timestamp(i),
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

// setupEventRepo returns an event repository on a fresh database holding
// one user, and the id of that user.
func setupEventRepo(t *testing.T) (*repository.Event, uuid.UUID) {
	t.Helper()
	primary, replica := newDB(t)
	return repository.NewEvent(primary, replica), addOwner(t, primary, 0)
}

func TestEventRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what MongoDB keeps exactly", func(t *testing.T) {
		repo, owner := setupEventRepo(t)
		full := newEvent(owner, 1)
		full.StartsAt = time.Date(2026, 5, 1, 18, 30, 0, 123000000, time.UTC)
		full.Contact = ptr("a@example.com")
		full.RefCode = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		full.Seats = ptr(int64(math.MaxInt64))
		full.Score = ptr(4.5)
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123000000, time.UTC)
		empty := newEvent(owner, 2)
		// Only a field without a value is left out of the document, not one
		// holding its type's zero value.
		zero := newEvent(owner, 3)
		zero.Contact = new(string)
		zero.RefCode = new(uuid.UUID)
		zero.Seats = new(int64)
		zero.Score = new(float64)
		for _, want := range []model.Event{full, empty, zero} {
			if err := repo.Create(t.Context(), want); err != nil {
				t.Fatalf("Create: %v", err)
			}
			got, err := repo.Get(t.Context(), model.OwnedBy(owner), want.ID)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Get = %+v, want %+v", got, want)
			}
		}
	})

	t.Run("concurrent updates of different fields both take effect", func(t *testing.T) {
		repo, owner := setupEventRepo(t)
		item := newEvent(owner, 0)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		want := item
		want.Title = "title 2"
		want.Kind = model.EventKindTalk
		// The update of kind commits between the read and the write of
		// the update of title, which must neither undo it nor fail.
		_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(x *model.Event) error {
			x.Title = "title 2"
			_, err := repo.Update(t.Context(), model.OwnedBy(owner), item.ID, func(y *model.Event) error {
				y.Kind = model.EventKindTalk
				return nil
			})
			return err
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		if stored, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil || !reflect.DeepEqual(stored, want) {
			t.Errorf("after overlapping Updates stored = %+v, %v; want %+v", stored, err, want)
		}
	})
}

// TestEventContract runs the contract every EventRepository keeps,
// which the in-memory one of the service tests keeps too, on MongoDB.
func TestEventContract(t *testing.T) { repotest.TestEventRepository(t, newRepos) }
