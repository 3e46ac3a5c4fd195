package repository

import (
	"context"
	"maps"
	"sync"
	"time"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
	"example.com/shop/internal/service"
)

var _ service.SessionRepository = (*SessionCache)(nil)

// maxCachedSessions bounds the memory the cache holds to a few MiB.
const maxCachedSessions = 10_000

// SessionCache is a SessionRepository that keeps the sessions it reads by
// id in memory, so an authenticated request, which checks the session of
// its token, does not reach the database. It wraps the store that keeps
// the sessions and passes every other call through.
//
// A session stays cached for the TTL, so a session ended by another
// process is refused within it. One ended through the cache is refused at
// once: Rotate, Delete and DeleteByUser drop what they change.
type SessionCache struct {
	store service.SessionRepository
	ttl   time.Duration

	mu       sync.RWMutex
	sessions map[uuid.UUID]cachedSession
	// writes counts the changes that passed through. A read keeps what it
	// loaded only if no change ended while it loaded, so a read racing a
	// logout cannot put back the session it ended.
	writes uint64
}

type cachedSession struct {
	session model.Session
	expires time.Time
}

// NewSessionCache returns a cache of the sessions in store that keeps each
// for ttl. A ttl of 0 or less disables the cache: every call goes to
// store.
func NewSessionCache(store service.SessionRepository, ttl time.Duration) *SessionCache {
	return &SessionCache{store: store, ttl: ttl, sessions: map[uuid.UUID]cachedSession{}}
}

// Create stores s. A new session is not in the cache, so nothing is
// dropped.
func (c *SessionCache) Create(ctx context.Context, s model.Session) error {
	return c.store.Create(ctx, s)
}

// Get returns the session with the given id, from memory when it was read
// less than the TTL ago and not changed through the cache since.
func (c *SessionCache) Get(ctx context.Context, id uuid.UUID) (model.Session, error) {
	if c.ttl <= 0 {
		return c.store.Get(ctx, id)
	}
	now := time.Now()
	c.mu.RLock()
	cached, ok := c.sessions[id]
	writes := c.writes
	c.mu.RUnlock()
	if ok && now.Before(cached.expires) {
		return cached.session, nil
	}
	s, err := c.store.Get(ctx, id)
	if err != nil {
		return model.Session{}, err
	}
	c.mu.Lock()
	if c.writes == writes {
		if len(c.sessions) >= maxCachedSessions {
			c.makeRoom(now)
		}
		c.sessions[id] = cachedSession{session: s, expires: now.Add(c.ttl)}
	}
	c.mu.Unlock()
	return s, nil
}

// makeRoom drops the expired sessions, or, when none has expired, an
// arbitrary one. The caller holds c.mu.
func (c *SessionCache) makeRoom(now time.Time) {
	maps.DeleteFunc(c.sessions, func(_ uuid.UUID, e cachedSession) bool { return !now.Before(e.expires) })
	if len(c.sessions) >= maxCachedSessions {
		for id := range c.sessions {
			delete(c.sessions, id)
			break
		}
	}
}

// List returns the user's live sessions from the store.
func (c *SessionCache) List(ctx context.Context, userID uuid.UUID, now time.Time) ([]model.Session, error) {
	return c.store.List(ctx, userID, now)
}

// Rotate replaces the refresh digest in the store and drops the session,
// so the next Get reads the change.
func (c *SessionCache) Rotate(ctx context.Context, id uuid.UUID, old, next string, usedAt, expiresAt time.Time) (bool, error) {
	ok, err := c.store.Rotate(ctx, id, old, next, usedAt, expiresAt)
	c.drop(func(sid uuid.UUID, _ model.Session) bool { return sid == id })
	return ok, err
}

// Delete ends the session in the store and drops it, so the next Get
// finds it gone.
func (c *SessionCache) Delete(ctx context.Context, userID, id uuid.UUID) error {
	err := c.store.Delete(ctx, userID, id)
	c.drop(func(sid uuid.UUID, _ model.Session) bool { return sid == id })
	return err
}

// DeleteByUser ends the user's sessions but keep in the store and drops
// them.
func (c *SessionCache) DeleteByUser(ctx context.Context, userID, keep uuid.UUID) error {
	err := c.store.DeleteByUser(ctx, userID, keep)
	c.drop(func(sid uuid.UUID, s model.Session) bool { return s.UserID == userID && sid != keep })
	return err
}

// DeleteExpired removes the expired sessions from the store. Expired
// sessions in the cache are refused for their expiry already.
func (c *SessionCache) DeleteExpired(ctx context.Context, now time.Time) error {
	return c.store.DeleteExpired(ctx, now)
}

// drop removes the cached sessions match selects and counts a write.
func (c *SessionCache) drop(match func(uuid.UUID, model.Session) bool) {
	c.mu.Lock()
	c.writes++
	maps.DeleteFunc(c.sessions, func(id uuid.UUID, e cachedSession) bool { return match(id, e.session) })
	c.mu.Unlock()
}
