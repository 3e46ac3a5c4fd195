package repository_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/model"
	"example.com/shop/internal/repository"
	"example.com/shop/internal/repository/repotest"
)

// newEvent returns a valid event of owner with every optional field unset.
func newEvent(owner uuid.UUID, i int) model.Event {
	return model.Event{
		ID:        uuid.Must(uuid.NewV7()),
		OwnerID:   owner,
		Title:     fmt.Sprintf("title %d", i),
		Kind:      model.EventKindConcert,
		StartsAt:  timestamp(i),
		Contact:   fmt.Sprintf("user%d@example.com", i),
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
	t.Run("every field round-trips at the edge of what PostgreSQL keeps exactly", func(t *testing.T) {
		repo, owner := setupEventRepo(t)
		full := newEvent(owner, 1)
		full.StartsAt = time.Date(2026, 5, 1, 18, 30, 0, 123456000, time.UTC)
		full.RefCode = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		full.Seats = ptr(int64(math.MaxInt64))
		full.Score = ptr(4.5)
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
		empty := newEvent(owner, 2)
		for _, want := range []model.Event{full, empty} {
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

	t.Run("title holds at most 80 characters", func(t *testing.T) {
		repo, owner := setupEventRepo(t)
		fits, long := newEvent(owner, 1), newEvent(owner, 2)
		// The limit counts characters, as the API does, not bytes.
		fits.Title = strings.Repeat("é", 80)
		long.Title = strings.Repeat("x", 81)
		if err := repo.Create(t.Context(), fits); err != nil {
			t.Errorf("Create(title of 80 characters): %v", err)
		}
		if err := repo.Create(t.Context(), long); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(title of 81 characters) = %v, want Validation", err)
		}
	})

	t.Run("contact holds at most 254 characters", func(t *testing.T) {
		repo, owner := setupEventRepo(t)
		fits, long := newEvent(owner, 1), newEvent(owner, 2)
		// The limit counts characters, as the API does, not bytes.
		fits.Contact = strings.Repeat("é", 254)
		long.Contact = strings.Repeat("x", 255)
		if err := repo.Create(t.Context(), fits); err != nil {
			t.Errorf("Create(contact of 254 characters): %v", err)
		}
		if err := repo.Create(t.Context(), long); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(contact of 255 characters) = %v, want Validation", err)
		}
	})

	t.Run("kind outside the enum is refused", func(t *testing.T) {
		repo, owner := setupEventRepo(t)
		item := newEvent(owner, 1)
		item.Kind = "bogus"
		if err := repo.Create(t.Context(), item); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(kind bogus) = %v, want Validation", err)
		}
	})

	t.Run("an owner that does not exist is refused", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		err := repo.Create(t.Context(), newEvent(uuid.New(), 1))
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Validation || ae.Details["owner_id"] == "" {
			t.Errorf("Create(unknown owner) = %v, want Validation naming owner_id", err)
		}
	})

	t.Run("reads by id come from the primary, lists from the replica", func(t *testing.T) {
		primary, _ := newDB(t)
		// An empty schema: a replica that has seen none of the writes.
		_, lagging := newDB(t)
		repo := repository.NewEvent(primary, lagging)
		owner := addOwner(t, primary, 0)
		item := newEvent(owner, 1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if _, err := repo.Get(t.Context(), model.OwnedBy(owner), item.ID); err != nil {
			t.Errorf("Get of the event just created = %v, want it from the primary", err)
		}
		if page, err := repo.List(t.Context(), model.OwnedBy(owner), model.EventList{Limit: 10}); err != nil || len(page.Items) != 0 {
			t.Errorf("List = %d events, %v; want the lagging replica's 0", len(page.Items), err)
		}
	})
}

// TestEventContract runs the contract every EventRepository keeps,
// which the in-memory one of the service tests keeps too, on PostgreSQL.
func TestEventContract(t *testing.T) { repotest.TestEventRepository(t, newRepos) }
