package repository

import (
	"context"
	"sync"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
	"example.com/shop/internal/service"
)

var _ service.UserRepository = (*UserCache)(nil)

// maxCachedUsers bounds the memory the cache holds to a few MiB.
const maxCachedUsers = 10_000

// UserCache is a UserRepository that keeps the users it reads by id in
// memory, so an authenticated request, which reads the user of its token,
// does not reach the database. It wraps the store that keeps the users and
// passes every other call through.
//
// A user stays cached for the TTL, so a change made by another process
// shows within it. A change made through the cache shows at once: Update
// drops the user it changes. Each write of the store is a transaction of
// its own, committed before it returns, so the cache never holds a change
// that may still roll back.
type UserCache struct {
	store service.UserRepository
	ttl   time.Duration

	mu    sync.RWMutex
	users map[uuid.UUID]cachedUser
	// writes counts the updates that passed through. A read keeps what it
	// loaded only if no update ended while it loaded, so a read racing an
	// update cannot put back the user as it was before.
	writes uint64
}

type cachedUser struct {
	user    model.User
	expires time.Time
}

// NewUserCache returns a cache of the users in store that keeps each for
// ttl. A ttl of 0 or less disables the cache: every call goes to store.
func NewUserCache(store service.UserRepository, ttl time.Duration) *UserCache {
	return &UserCache{store: store, ttl: ttl, users: map[uuid.UUID]cachedUser{}}
}

// Create stores u. A new user is not in the cache, so nothing is dropped.
func (c *UserCache) Create(ctx context.Context, u model.User) error {
	return c.store.Create(ctx, u)
}

// Get returns the user with the given id, from memory when it was read
// less than the TTL ago and not updated through the cache since.
func (c *UserCache) Get(ctx context.Context, id uuid.UUID) (model.User, error) {
	if c.ttl <= 0 {
		return c.store.Get(ctx, id)
	}
	now := time.Now()
	c.mu.RLock()
	cached, ok := c.users[id]
	writes := c.writes
	c.mu.RUnlock()
	if ok && now.Before(cached.expires) {
		return cloneUser(cached.user), nil
	}
	u, err := c.store.Get(ctx, id)
	if err != nil {
		return model.User{}, err
	}
	c.mu.Lock()
	if c.writes == writes {
		c.put(cachedUser{user: cloneUser(u), expires: now.Add(c.ttl)}, now)
	}
	c.mu.Unlock()
	return u, nil
}

// GetFresh returns the user with the given id from the store, never from
// memory.
func (c *UserCache) GetFresh(ctx context.Context, id uuid.UUID) (model.User, error) {
	return c.store.GetFresh(ctx, id)
}

// put caches e, first making room when the cache is full: the expired
// users go, or, when none has, an arbitrary one. The caller holds c.mu.
func (c *UserCache) put(e cachedUser, now time.Time) {
	if _, ok := c.users[e.user.ID]; !ok && len(c.users) >= maxCachedUsers {
		for id, old := range c.users {
			if !now.Before(old.expires) {
				delete(c.users, id)
			}
		}
		if len(c.users) >= maxCachedUsers {
			for id := range c.users {
				delete(c.users, id)
				break
			}
		}
	}
	c.users[e.user.ID] = e
}

// GetByEmail returns the user with the given email from the store: logins
// read it, and they must see a new password at once.
func (c *UserCache) GetByEmail(ctx context.Context, email string) (model.User, error) {
	return c.store.GetByEmail(ctx, email)
}

// List returns a page of users from the store.
func (c *UserCache) List(ctx context.Context, q model.UserList) (model.Page[model.User], error) {
	return c.store.List(ctx, q)
}

// Update changes the user in the store and drops it from the cache, so the
// next Get reads the change.
func (c *UserCache) Update(ctx context.Context, id uuid.UUID, fn func(*model.User) error) (model.User, error) {
	u, err := c.store.Update(ctx, id, fn)
	c.mu.Lock()
	c.writes++
	delete(c.users, id)
	c.mu.Unlock()
	return u, err
}

// cloneUser returns a copy of u that shares no memory with it, so what the
// cache holds and what its callers hold cannot change each other.
func cloneUser(u model.User) model.User {
	if u.FullName != nil {
		name := *u.FullName
		u.FullName = &name
	}
	return u
}
