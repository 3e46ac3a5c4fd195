package repository_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"

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
	t.Run("every field round-trips at the edge of what MongoDB keeps exactly", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		full := newEvent(1)
		full.StartsAt = time.Date(2026, 5, 1, 18, 30, 0, 123000000, time.UTC)
		full.Contact = ptr("a@example.com")
		full.RefCode = ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"))
		full.Seats = math.MaxInt64
		full.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123000000, time.UTC)
		empty := newEvent(2)
		// Only a field without a value is left out of the document, not one
		// holding its type's zero value.
		zero := newEvent(3)
		zero.Contact = new(string)
		zero.RefCode = new(uuid.UUID)
		for _, want := range []model.Event{full, empty, zero} {
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

	t.Run("concurrent updates of different fields both take effect", func(t *testing.T) {
		repo := repository.NewEvent(newDB(t))
		item := newEvent(0)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		want := item
		want.Title = "title 2"
		want.Kind = model.EventKindTalk
		// The update of kind commits between the read and the write of
		// the update of title, which must neither undo it nor fail.
		_, err := repo.Update(t.Context(), item.ID, func(x *model.Event) error {
			x.Title = "title 2"
			_, err := repo.Update(t.Context(), item.ID, func(y *model.Event) error {
				y.Kind = model.EventKindTalk
				return nil
			})
			return err
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		if stored, err := repo.Get(t.Context(), item.ID); err != nil || !reflect.DeepEqual(stored, want) {
			t.Errorf("after overlapping Updates stored = %+v, %v; want %+v", stored, err, want)
		}
	})

	t.Run("an update that keeps losing the race gives up with a conflict", func(t *testing.T) {
		primary, replica := newDB(t)
		repo := repository.NewEvent(primary, replica)
		item := newEvent(1)
		if err := repo.Create(t.Context(), item); err != nil {
			t.Fatalf("Create: %v", err)
		}
		// Before each write another writer changes updated_at, so every
		// write finds the document changed since its read.
		tries := 0
		_, err := repo.Update(t.Context(), item.ID, func(x *model.Event) error {
			tries++
			x.UpdatedAt = timestamp(1000 + tries)
			_, err := primary.Collection("events").UpdateOne(t.Context(),
				bson.D{{Key: "_id", Value: x.ID.String()}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "updated_at", Value: timestamp(100 + tries)}}}})
			return err
		})
		if !errors.Is(err, apperr.Conflict) || tries != 10 {
			t.Errorf("Update under endless contention = %v after %d tries, want a Conflict after 10", err, tries)
		}
	})

	t.Run("reads by id come from the primary, lists from the replica", func(t *testing.T) {
		primary, _ := newDB(t)
		// An empty database: a replica that has seen none of the writes.
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
// which the in-memory one of the service tests keeps too, on MongoDB.
func TestEventContract(t *testing.T) { repotest.TestEventRepository(t, newRepos) }
