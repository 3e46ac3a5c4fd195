package repository_test

import (
	"context"
	"errors"
	"sync"
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
func TestUserCacheContract(t *testing.T) {
	repotest.TestUserRepository(t, func(t *testing.T) repotest.Repos {
		repos := newRepos(t)
		repos.Users = repository.NewUserCache(repos.Users, time.Hour)
		return repos
	})
}

// countingStore is an in-memory user store that counts the reads by id
// that reach it.
type countingStore struct {
	service.UserRepository
	gets atomic.Int64
}

func (s *countingStore) Get(ctx context.Context, id uuid.UUID) (model.User, error) {
	s.gets.Add(1)
	return s.UserRepository.Get(ctx, id)
}

// newCachedUser returns a store holding one user and a cache of it with
// the given TTL, after one read through the cache.
func newCachedUser(t *testing.T, ttl time.Duration) (*countingStore, *repository.UserCache, model.User) {
	t.Helper()
	store := &countingStore{UserRepository: repotest.NewDB().Repos().Users}
	u := newUser(1)
	if err := store.Create(t.Context(), u); err != nil {
		t.Fatalf("Create: %v", err)
	}
	cache := repository.NewUserCache(store, ttl)
	if _, err := cache.Get(t.Context(), u.ID); err != nil {
		t.Fatalf("Get: %v", err)
	}
	return store, cache, u
}

// deactivate marks the user inactive through repo.
func deactivate(t *testing.T, repo service.UserRepository, id uuid.UUID) {
	t.Helper()
	if _, err := repo.Update(t.Context(), id, func(u *model.User) error {
		u.IsActive = false
		return nil
	}); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// wantActive reads the user through cache and checks whether it is active.
func wantActive(t *testing.T, cache *repository.UserCache, id uuid.UUID, want bool) {
	t.Helper()
	got, err := cache.Get(t.Context(), id)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if got.IsActive != want {
		t.Errorf("Get: IsActive = %t, want %t", got.IsActive, want)
	}
}

func TestUserCacheServesFromMemory(t *testing.T) {
	store, cache, u := newCachedUser(t, time.Hour)
	// A change made elsewhere, straight in the store, shows only after
	// the TTL.
	deactivate(t, store, u.ID)
	for range 3 {
		wantActive(t, cache, u.ID, true)
	}
	if n := store.gets.Load(); n != 1 {
		t.Errorf("the store was read %d times, want once", n)
	}
}

func TestUserCacheUpdateInvalidates(t *testing.T) {
	store, cache, u := newCachedUser(t, time.Hour)
	deactivate(t, cache, u.ID)
	wantActive(t, cache, u.ID, false)
	if _, err := cache.Update(t.Context(), u.ID, func(u *model.User) error {
		u.IsSuperuser = true
		return nil
	}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	if got, err := cache.Get(t.Context(), u.ID); err != nil || !got.IsSuperuser {
		t.Errorf("Get after granting superuser = %+v, %v; want a superuser", got, err)
	}
	if n := store.gets.Load(); n != 3 {
		t.Errorf("the store was read %d times, want 3: once and after each update", n)
	}
}

func TestUserCacheGetFreshReadsTheStore(t *testing.T) {
	store, cache, u := newCachedUser(t, time.Hour)
	deactivate(t, store, u.ID)
	if got, err := cache.GetFresh(t.Context(), u.ID); err != nil || got.IsActive {
		t.Errorf("GetFresh after a change elsewhere = %+v, %v; want the change", got, err)
	}
}

func TestUserCacheExpires(t *testing.T) {
	const ttl = 20 * time.Millisecond
	store, cache, u := newCachedUser(t, ttl)
	deactivate(t, store, u.ID)
	time.Sleep(2 * ttl)
	wantActive(t, cache, u.ID, false)
}

func TestUserCacheZeroTTLDisables(t *testing.T) {
	store, cache, u := newCachedUser(t, 0)
	deactivate(t, store, u.ID)
	wantActive(t, cache, u.ID, false)
	if n := store.gets.Load(); n != 2 {
		t.Errorf("the store was read %d times, want 2: every read", n)
	}
}

func TestUserCacheKeepsNoMisses(t *testing.T) {
	store := repotest.NewDB().Repos().Users
	cache := repository.NewUserCache(store, time.Hour)
	u := newUser(1)
	if _, err := cache.Get(t.Context(), u.ID); !errors.Is(err, apperr.NotFound) {
		t.Fatalf("Get(unknown) = %v, want NotFound", err)
	}
	if err := cache.Create(t.Context(), u); err != nil {
		t.Fatalf("Create: %v", err)
	}
	wantActive(t, cache, u.ID, true)
}

func TestUserCacheCopies(t *testing.T) {
	_, cache, u := newCachedUser(t, time.Hour)
	if _, err := cache.Update(t.Context(), u.ID, func(u *model.User) error {
		name := "Alice"
		u.FullName = &name
		return nil
	}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	got, err := cache.Get(t.Context(), u.ID)
	if err != nil || got.FullName == nil {
		t.Fatalf("Get = %+v, %v; want a full name", got, err)
	}
	*got.FullName = "changed by a caller"
	if again, err := cache.Get(t.Context(), u.ID); err != nil || *again.FullName != "Alice" {
		t.Errorf("Get after a caller changed its copy = %+v, %v; want Alice", again, err)
	}
}

// TestUserCacheConcurrent reads and updates users from many goroutines;
// run it with -race. Every read must see a state the user was in, and
// after the updates end the cache must serve the last one.
func TestUserCacheConcurrent(t *testing.T) {
	store := repotest.NewDB().Repos().Users
	cache := repository.NewUserCache(store, time.Hour)
	users := []model.User{newUser(1), newUser(2), newUser(3)}
	for _, u := range users {
		if err := store.Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
	}
	const rounds = 200
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() {
			for i := range rounds {
				if _, err := cache.Update(t.Context(), u.ID, func(u *model.User) error {
					u.IsSuperuser = i%2 == 0
					return nil
				}); err != nil {
					t.Errorf("Update: %v", err)
				}
			}
		})
		for range 4 {
			wg.Go(func() {
				for range rounds {
					if got, err := cache.Get(t.Context(), u.ID); err != nil || got.ID != u.ID {
						t.Errorf("Get = %+v, %v; want user %s", got, err, u.ID)
					}
				}
			})
		}
	}
	wg.Wait()
	for _, u := range users {
		// The last update (i = rounds-1, odd) took the flag away.
		if got, err := cache.Get(t.Context(), u.ID); err != nil || got.IsSuperuser {
			t.Errorf("Get after the updates = %+v, %v; want the last update", got, err)
		}
	}
}
