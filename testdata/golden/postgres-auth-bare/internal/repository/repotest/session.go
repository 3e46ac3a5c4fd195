package repotest

import (
	"cmp"
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/bare/internal/apperr"
	"example.com/bare/internal/model"
)

// sessionRepo is the in-memory service.SessionRepository of a DB.
type sessionRepo struct{ db *DB }

func (r sessionRepo) Create(_ context.Context, s model.Session) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, ok := r.db.userRows[s.UserID]; !ok {
		return errors.New("session of a missing user")
	}
	if _, ok := r.db.sessionRows[s.ID]; ok {
		return apperr.New(apperr.AlreadyExists, "session already exists")
	}
	r.db.sessionRows[s.ID] = s
	return nil
}

func (r sessionRepo) Get(_ context.Context, id uuid.UUID) (model.Session, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	s, ok := r.db.sessionRows[id]
	if !ok {
		return model.Session{}, apperr.New(apperr.NotFound, "session not found")
	}
	return s, nil
}

func (r sessionRepo) List(_ context.Context, userID uuid.UUID, now time.Time) ([]model.Session, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	sessions := []model.Session{}
	for _, s := range r.db.sessionRows {
		if s.UserID == userID && s.ExpiresAt.After(now) {
			sessions = append(sessions, s)
		}
	}
	slices.SortFunc(sessions, func(a, b model.Session) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), strings.Compare(b.ID.String(), a.ID.String()))
	})
	return sessions, nil
}

func (r sessionRepo) Rotate(_ context.Context, id uuid.UUID, old, next string, usedAt, expiresAt time.Time) (bool, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	s, ok := r.db.sessionRows[id]
	if !ok || s.RefreshHash != old {
		return false, nil
	}
	s.RefreshHash, s.LastUsedAt, s.ExpiresAt = next, usedAt, expiresAt
	r.db.sessionRows[id] = s
	return true, nil
}

func (r sessionRepo) Delete(_ context.Context, userID, id uuid.UUID) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	s, ok := r.db.sessionRows[id]
	if !ok || s.UserID != userID {
		return apperr.New(apperr.NotFound, "session not found")
	}
	delete(r.db.sessionRows, id)
	return nil
}

func (r sessionRepo) DeleteByUser(_ context.Context, userID, keep uuid.UUID) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	for id, s := range r.db.sessionRows {
		if s.UserID == userID && id != keep {
			delete(r.db.sessionRows, id)
		}
	}
	return nil
}

func (r sessionRepo) DeleteExpired(_ context.Context, now time.Time) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	for id, s := range r.db.sessionRows {
		if !s.ExpiresAt.After(now) {
			delete(r.db.sessionRows, id)
		}
	}
	return nil
}

// resetRepo is the in-memory service.PasswordResetRepository of a DB.
type resetRepo struct{ db *DB }

func (r resetRepo) Create(_ context.Context, pr model.PasswordReset) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	if _, ok := r.db.userRows[pr.UserID]; !ok {
		return errors.New("password reset of a missing user")
	}
	if _, ok := r.db.resetRows[pr.TokenHash]; ok {
		return apperr.New(apperr.AlreadyExists, "password reset already exists")
	}
	r.db.resetRows[pr.TokenHash] = pr
	return nil
}

func (r resetRepo) Take(_ context.Context, tokenHash string) (model.PasswordReset, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	pr, ok := r.db.resetRows[tokenHash]
	if !ok {
		return model.PasswordReset{}, apperr.New(apperr.NotFound, "password reset not found")
	}
	delete(r.db.resetRows, tokenHash)
	return pr, nil
}

func (r resetRepo) DeleteByUser(_ context.Context, userID uuid.UUID) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	for hash, pr := range r.db.resetRows {
		if pr.UserID == userID {
			delete(r.db.resetRows, hash)
		}
	}
	return nil
}

func (r resetRepo) DeleteExpired(_ context.Context, now time.Time) error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	for hash, pr := range r.db.resetRows {
		if !pr.ExpiresAt.After(now) {
			delete(r.db.resetRows, hash)
		}
	}
	return nil
}

// newSession returns the i-th session of the user with the given id, made
// at timestamp(i) and expiring an hour later.
func newSession(userID uuid.UUID, i int) model.Session {
	return model.Session{
		ID:          uuid.Must(uuid.NewV7()),
		UserID:      userID,
		RefreshHash: "refresh digest " + strings.Repeat("x", i),
		UserAgent:   "test agent",
		IP:          "192.0.2.1",
		CreatedAt:   timestamp(i),
		LastUsedAt:  timestamp(i),
		ExpiresAt:   timestamp(i).Add(time.Hour),
	}
}

// storedUser stores the i-th user through r and returns its id.
func storedUser(t *testing.T, r Repos, i int) uuid.UUID {
	t.Helper()
	u := newUser(i)
	if err := r.Users.Create(t.Context(), u); err != nil {
		t.Fatalf("Create(user): %v", err)
	}
	return u.ID
}

// TestSessionRepository is the contract every SessionRepository keeps.
// newRepos returns the repositories of a new, empty database; each subtest
// calls it once.
func TestSessionRepository(t *testing.T, newRepos func(t *testing.T) Repos) {
	create := func(t *testing.T, r Repos, s model.Session) {
		t.Helper()
		if err := r.Sessions.Create(t.Context(), s); err != nil {
			t.Fatalf("Create(session): %v", err)
		}
	}

	t.Run("create and get round-trip every field", func(t *testing.T) {
		r := newRepos(t)
		want := newSession(storedUser(t, r, 1), 1)
		create(t, r, want)
		if got, err := r.Sessions.Get(t.Context(), want.ID); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Get = %+v, %v; want %+v", got, err, want)
		}
		if _, err := r.Sessions.Get(t.Context(), uuid.New()); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(missing) = %v, want NotFound", err)
		}
	})

	t.Run("list holds the user's live sessions, newest first", func(t *testing.T) {
		r := newRepos(t)
		alice, bob := storedUser(t, r, 1), storedUser(t, r, 2)
		older, newer, expired := newSession(alice, 1), newSession(alice, 2), newSession(alice, 3)
		expired.ExpiresAt = timestamp(5)
		for _, s := range []model.Session{older, newer, expired, newSession(bob, 4)} {
			create(t, r, s)
		}
		got, err := r.Sessions.List(t.Context(), alice, timestamp(5))
		if err != nil || !reflect.DeepEqual(got, []model.Session{newer, older}) {
			t.Errorf("List = %+v, %v; want the two live sessions of alice, newest first", got, err)
		}
		if got, err := r.Sessions.List(t.Context(), uuid.New(), timestamp(5)); err != nil || len(got) != 0 {
			t.Errorf("List(no sessions) = %+v, %v; want none", got, err)
		}
	})

	t.Run("rotate replaces the digest once", func(t *testing.T) {
		r := newRepos(t)
		s := newSession(storedUser(t, r, 1), 1)
		create(t, r, s)
		const n = 8
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			rotated int
		)
		for i := range n {
			wg.Go(func() {
				ok, err := r.Sessions.Rotate(t.Context(), s.ID, s.RefreshHash, "next digest "+strings.Repeat("y", i), timestamp(7), timestamp(8))
				if err != nil {
					t.Errorf("Rotate: %v", err)
				}
				if ok {
					mu.Lock()
					rotated++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if rotated != 1 {
			t.Fatalf("%d concurrent rotations from one digest succeeded, want 1", rotated)
		}
		got, err := r.Sessions.Get(t.Context(), s.ID)
		if err != nil || !strings.HasPrefix(got.RefreshHash, "next digest") || !got.LastUsedAt.Equal(timestamp(7)) || !got.ExpiresAt.Equal(timestamp(8)) {
			t.Errorf("after Rotate Get = %+v, %v; want the new digest, used at %v, expiring at %v", got, err, timestamp(7), timestamp(8))
		}
		if ok, err := r.Sessions.Rotate(t.Context(), uuid.New(), "any", "other", timestamp(7), timestamp(8)); ok || err != nil {
			t.Errorf("Rotate(missing) = %v, %v; want false, nil", ok, err)
		}
	})

	t.Run("delete ends one session of its user only", func(t *testing.T) {
		r := newRepos(t)
		alice, bob := storedUser(t, r, 1), storedUser(t, r, 2)
		s := newSession(alice, 1)
		create(t, r, s)
		if err := r.Sessions.Delete(t.Context(), bob, s.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Delete(another user's session) = %v, want NotFound", err)
		}
		if err := r.Sessions.Delete(t.Context(), alice, s.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if _, err := r.Sessions.Get(t.Context(), s.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get after Delete = %v, want NotFound", err)
		}
		if err := r.Sessions.Delete(t.Context(), alice, s.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Delete twice = %v, want NotFound", err)
		}
	})

	t.Run("delete by user keeps what it is told to and other users' sessions", func(t *testing.T) {
		r := newRepos(t)
		alice, bob := storedUser(t, r, 1), storedUser(t, r, 2)
		keep, other, bobs := newSession(alice, 1), newSession(alice, 2), newSession(bob, 3)
		for _, s := range []model.Session{keep, other, bobs} {
			create(t, r, s)
		}
		if err := r.Sessions.DeleteByUser(t.Context(), alice, keep.ID); err != nil {
			t.Fatalf("DeleteByUser: %v", err)
		}
		if got, err := r.Sessions.List(t.Context(), alice, timestamp(0)); err != nil || len(got) != 1 || got[0].ID != keep.ID {
			t.Errorf("after DeleteByUser(keep) alice has %+v, %v; want the kept session", got, err)
		}
		if err := r.Sessions.DeleteByUser(t.Context(), alice, uuid.Nil); err != nil {
			t.Fatalf("DeleteByUser: %v", err)
		}
		if got, err := r.Sessions.List(t.Context(), alice, timestamp(0)); err != nil || len(got) != 0 {
			t.Errorf("after DeleteByUser(none kept) alice has %+v, %v; want none", got, err)
		}
		if _, err := r.Sessions.Get(t.Context(), bobs.ID); err != nil {
			t.Errorf("bob's session after alice's ended: %v", err)
		}
	})

	t.Run("delete expired", func(t *testing.T) {
		r := newRepos(t)
		alice := storedUser(t, r, 1)
		expired, live := newSession(alice, 1), newSession(alice, 2)
		expired.ExpiresAt = timestamp(5)
		create(t, r, expired)
		create(t, r, live)
		if err := r.Sessions.DeleteExpired(t.Context(), timestamp(5)); err != nil {
			t.Fatalf("DeleteExpired: %v", err)
		}
		if _, err := r.Sessions.Get(t.Context(), expired.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("Get(expired) after DeleteExpired = %v, want NotFound", err)
		}
		if _, err := r.Sessions.Get(t.Context(), live.ID); err != nil {
			t.Errorf("Get(live) after DeleteExpired = %v", err)
		}
	})
}

// TestPasswordResetRepository is the contract every
// PasswordResetRepository keeps. newRepos returns the repositories of a
// new, empty database; each subtest calls it once.
func TestPasswordResetRepository(t *testing.T, newRepos func(t *testing.T) Repos) {
	newReset := func(userID uuid.UUID, i int) model.PasswordReset {
		return model.PasswordReset{
			TokenHash: "token digest " + strings.Repeat("z", i),
			UserID:    userID,
			CreatedAt: timestamp(i),
			ExpiresAt: timestamp(i).Add(30 * time.Minute),
		}
	}
	create := func(t *testing.T, r Repos, pr model.PasswordReset) {
		t.Helper()
		if err := r.Resets.Create(t.Context(), pr); err != nil {
			t.Fatalf("Create(password reset): %v", err)
		}
	}

	t.Run("take returns the reset once", func(t *testing.T) {
		r := newRepos(t)
		want := newReset(storedUser(t, r, 1), 1)
		create(t, r, want)
		const n = 8
		var (
			wg    sync.WaitGroup
			mu    sync.Mutex
			taken []model.PasswordReset
		)
		for range n {
			wg.Go(func() {
				got, err := r.Resets.Take(t.Context(), want.TokenHash)
				switch {
				case err == nil:
					mu.Lock()
					taken = append(taken, got)
					mu.Unlock()
				case !errors.Is(err, apperr.NotFound):
					t.Errorf("Take: %v", err)
				}
			})
		}
		wg.Wait()
		if len(taken) != 1 || !reflect.DeepEqual(taken[0], want) {
			t.Errorf("%d concurrent takes returned %+v, want one returning %+v", n, taken, want)
		}
	})

	t.Run("delete by user and delete expired", func(t *testing.T) {
		r := newRepos(t)
		alice, bob := storedUser(t, r, 1), storedUser(t, r, 2)
		alices, expired, bobs := newReset(alice, 1), newReset(bob, 2), newReset(bob, 3)
		expired.ExpiresAt = timestamp(5)
		for _, pr := range []model.PasswordReset{alices, expired, bobs} {
			create(t, r, pr)
		}
		if err := r.Resets.DeleteByUser(t.Context(), alice); err != nil {
			t.Fatalf("DeleteByUser: %v", err)
		}
		if err := r.Resets.DeleteExpired(t.Context(), timestamp(5)); err != nil {
			t.Fatalf("DeleteExpired: %v", err)
		}
		for _, gone := range []model.PasswordReset{alices, expired} {
			if _, err := r.Resets.Take(t.Context(), gone.TokenHash); !errors.Is(err, apperr.NotFound) {
				t.Errorf("Take(%s) = %v, want NotFound", gone.TokenHash, err)
			}
		}
		if _, err := r.Resets.Take(t.Context(), bobs.TokenHash); err != nil {
			t.Errorf("Take(bob's live reset) = %v", err)
		}
	})
}
