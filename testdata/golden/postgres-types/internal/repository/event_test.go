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

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
	"example.com/demo/internal/repository"
	"example.com/demo/internal/repository/repotest"
)

// newEvent returns a valid event with every optional field unset.
func newEvent(i int) model.Event {
	return model.Event{
		ID:        uuid.Must(uuid.NewV7()),
		Title:     fmt.Sprintf("title %d", i),
		Kind:      model.EventKindConcert,
		StartsAt:  timestamp(i),
		Seats:     int64(i),
		CreatedAt: timestamp(i),
		UpdatedAt: timestamp(i),
	}
}

func TestEventRepository(t *testing.T) {
	t.Run("every field round-trips at the edge of what PostgreSQL keeps exactly", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		full := newEvent(1)
		full.StartsAt = time.Date(2026, 5, 1, 18, 30, 0, 123456000, time.UTC)
		full.Contact = ptr("a@example.com")
		full.RefCode = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		full.Seats = math.MaxInt64
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
		empty := newEvent(2)
		for _, want := range []model.Event{full, empty} {
			if err := repo.Create(t.Context(), want); err != nil {
				t.Fatalf("Create: %v", err)
			}
			got, err := repo.Get(t.Context(), want.ID)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Get = %+v, want %+v", got, want)
			}
		}
	})

	t.Run("title holds at most 80 characters", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		fits, long := newEvent(1), newEvent(2)
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
		repo := repository.NewEvent(newDB(t))
		fits, long := newEvent(1), newEvent(2)
		// The limit counts characters, as the API does, not bytes.
		fits.Contact = ptr(strings.Repeat("é", 254))
		long.Contact = ptr(strings.Repeat("x", 255))
		if err := repo.Create(t.Context(), fits); err != nil {
			t.Errorf("Create(contact of 254 characters): %v", err)
		}
		if err := repo.Create(t.Context(), long); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(contact of 255 characters) = %v, want Validation", err)
		}
	})

	t.Run("kind outside the enum is refused", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		item := newEvent(1)
		item.Kind = "bogus"
		if err := repo.Create(t.Context(), item); !errors.Is(err, apperr.Validation) {
			t.Errorf("Create(kind bogus) = %v, want Validation", err)
		}
	})

	t.Run("reads by id come from the primary, lists from the replica", func(t *testing.T) {
		primary, _ := newDB(t)
		// An empty schema: a replica that has seen none of the writes.
		_, lagging := newDB(t)
		repo := repository.NewEvent(primary, lagging)
		item := newEvent(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if _, err := repo.Get(t.Context(), item.ID); err != nil {
			t.Errorf("Get of the event just created = %v, want it from the primary", err)
		}
		if page, err := repo.List(t.Context(), model.EventList{Limit: 10}); err != nil || len(page.Items) != 0 {
			t.Errorf("List = %d events, %v; want the lagging replica's 0", len(page.Items), err)
		}
	})
}

// TestEventContract runs the contract every EventRepository keeps,
// which the in-memory one of the service tests keeps too, on PostgreSQL.
func TestEventContract(t *testing.T) { repotest.TestEventRepository(t, newRepos) }
