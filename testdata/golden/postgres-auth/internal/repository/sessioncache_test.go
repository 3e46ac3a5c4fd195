package repository_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/model"
	"example.com/shop/internal/repository"
	"example.com/shop/internal/repository/repotest"
	"example.com/shop/internal/service"
)

// The cache keeps the contract of the store it wraps.
func TestSessionCacheContract(t *testing.T) {
	repotest.TestSessionRepository(t, func(t *testing.T) repotest.Repos {
		repos := newRepos(t)
		repos.Sessions = repository.NewSessionCache(repos.Sessions, time.Hour)
		return repos
	})
}

// countingSessions is an in-memory session store that counts the reads by
// id that reach it.
type countingSessions struct {
	service.SessionRepository
	gets atomic.Int64
}

func (s *countingSessions) Get(ctx context.Context, id uuid.UUID) (model.Session, error) {
	s.gets.Add(1)
	return s.SessionRepository.Get(ctx, id)
}

// newCachedSessions returns a store holding two sessions of one user and
// one of another, and a cache of them with the given TTL that has read
// each once.
func newCachedSessions(t *testing.T, ttl time.Duration) (*countingSessions, *repository.SessionCache, []model.Session) {
	t.Helper()
	repos := repotest.NewDB().Repos()
	store := &countingSessions{SessionRepository: repos.Sessions}
	alice, bob := newUser(1), newUser(2)
	for _, u := range []model.User{alice, bob} {
		if err := repos.Users.Create(t.Context(), u); err != nil {
			t.Fatalf("Create(user): %v", err)
		}
	}
	var sessions []model.Session
	for _, owner := range []uuid.UUID{alice.ID, alice.ID, bob.ID} {
		now := time.Now().UTC()
		s := model.Session{
			ID:          uuid.Must(uuid.NewV7()),
			UserID:      owner,
			RefreshHash: "digest",
			CreatedAt:   now,
			LastUsedAt:  now,
			ExpiresAt:   now.Add(time.Hour),
		}
		if err := store.Create(t.Context(), s); err != nil {
			t.Fatalf("Create(session): %v", err)
		}
		sessions = append(sessions, s)
	}
	cache := repository.NewSessionCache(store, ttl)
	for _, s := range sessions {
		if _, err := cache.Get(t.Context(), s.ID); err != nil {
			t.Fatalf("Get: %v", err)
		}
	}
	store.gets.Store(0)
	return store, cache, sessions
}

// wantEnded checks whether the session reads as ended through cache.
func wantEnded(t *testing.T, cache *repository.SessionCache, id uuid.UUID, want bool) {
	t.Helper()
	_, err := cache.Get(t.Context(), id)
	if ended := errors.Is(err, apperr.NotFound); ended != want || (err != nil && !ended) {
		t.Errorf("Get(%s) = %v; want ended = %t", id, err, want)
	}
}

func TestSessionCacheServesFromMemory(t *testing.T) {
	store, cache, sessions := newCachedSessions(t, time.Hour)
	// A session ended elsewhere, straight in the store, shows only after
	// the TTL.
	if err := store.Delete(t.Context(), sessions[0].UserID, sessions[0].ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	for range 3 {
		wantEnded(t, cache, sessions[0].ID, false)
	}
	if n := store.gets.Load(); n != 0 {
		t.Errorf("the store was read %d times, want never", n)
	}
}

func TestSessionCacheDeleteInvalidates(t *testing.T) {
	_, cache, sessions := newCachedSessions(t, time.Hour)
	if err := cache.Delete(t.Context(), sessions[0].UserID, sessions[0].ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	wantEnded(t, cache, sessions[0].ID, true)
	wantEnded(t, cache, sessions[1].ID, false)
}

func TestSessionCacheDeleteByUserInvalidates(t *testing.T) {
	_, cache, sessions := newCachedSessions(t, time.Hour)
	if err := cache.DeleteByUser(t.Context(), sessions[0].UserID, uuid.Nil); err != nil {
		t.Fatalf("DeleteByUser: %v", err)
	}
	wantEnded(t, cache, sessions[0].ID, true)
	wantEnded(t, cache, sessions[1].ID, true)
	wantEnded(t, cache, sessions[2].ID, false)
}

func TestSessionCacheRotateInvalidates(t *testing.T) {
	_, cache, sessions := newCachedSessions(t, time.Hour)
	if ok, err := cache.Rotate(t.Context(), sessions[0].ID, "digest", "next", time.Now(), time.Now().Add(time.Hour)); !ok || err != nil {
		t.Fatalf("Rotate = %v, %v; want true, nil", ok, err)
	}
	if got, err := cache.Get(t.Context(), sessions[0].ID); err != nil || got.RefreshHash != "next" {
		t.Errorf("Get after Rotate = %+v, %v; want the new digest", got, err)
	}
}

func TestSessionCacheExpires(t *testing.T) {
	const ttl = 20 * time.Millisecond
	store, cache, sessions := newCachedSessions(t, ttl)
	if err := store.Delete(t.Context(), sessions[0].UserID, sessions[0].ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	time.Sleep(2 * ttl)
	wantEnded(t, cache, sessions[0].ID, true)
}

func TestSessionCacheZeroTTLDisables(t *testing.T) {
	store, cache, sessions := newCachedSessions(t, 0)
	if err := store.Delete(t.Context(), sessions[0].UserID, sessions[0].ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	wantEnded(t, cache, sessions[0].ID, true)
}
