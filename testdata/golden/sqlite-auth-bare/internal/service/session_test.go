package service_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/bare/internal/apperr"
	"example.com/bare/internal/model"
	"example.com/bare/internal/repository/repotest"
	"example.com/bare/internal/security"
	"example.com/bare/internal/service"
)

// wantLive checks whether the access token of pair is accepted.
func (e userEnv) wantLive(t *testing.T, pair security.Pair, want bool) {
	t.Helper()
	_, err := e.svc.Authenticate(t.Context(), pair.Access)
	switch {
	case want && err != nil:
		t.Errorf("Authenticate = %v, want the session live", err)
	case !want && !errors.Is(err, apperr.Unauthorized):
		t.Errorf("Authenticate = %v, want Unauthorized: the session has ended", err)
	}
}

// actor returns the actor of pair's access token.
func (e userEnv) actor(t *testing.T, pair security.Pair) model.Actor {
	t.Helper()
	a, err := e.svc.Authenticate(t.Context(), pair.Access)
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	return a
}

func TestSessionLoginStartsOne(t *testing.T) {
	e := setupUsers(t)
	alice := e.register(t, "alice@example.com", alicePassword)
	long := "a\x00b" + strings.Repeat("é", 200) // 403 bytes and a NUL, which PostgreSQL cannot store
	pair, err := e.svc.Login(t.Context(), testClient, long, "alice@example.com", alicePassword)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	a := e.actor(t, pair)
	sessions, err := e.svc.Sessions(t.Context(), a)
	if err != nil || len(sessions) != 1 {
		t.Fatalf("Sessions = %+v, %v; want the one login", sessions, err)
	}
	s := sessions[0]
	if s.ID != a.Session || s.UserID != alice.ID || s.IP != testClient.String() || s.RefreshHash != security.HashToken(pair.Refresh) {
		t.Errorf("session = %+v, want alice's from %s with the digest of the refresh token", s, testClient)
	}
	if len(s.UserAgent) > model.MaxUserAgentLen || !strings.HasPrefix("ab"+strings.Repeat("é", 200), s.UserAgent) || !strings.HasSuffix(s.UserAgent, "é") {
		t.Errorf("user agent = %q, want the client's without NUL, cut between characters to at most %d bytes", s.UserAgent, model.MaxUserAgentLen)
	}
	if strings.Contains(s.RefreshHash, pair.Refresh) {
		t.Error("the session stores the refresh token itself")
	}
}

func TestSessionRotation(t *testing.T) {
	e := setupUsers(t)
	e.register(t, "alice@example.com", alicePassword)
	first := e.login(t, "alice@example.com", alicePassword)
	second, err := e.svc.Refresh(t.Context(), testClient, first.Refresh)
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if e.actor(t, second).Session != e.actor(t, first).Session {
		t.Error("a refresh started a new session, want the same one")
	}
	// The used refresh token again: reuse, which ends the session, the
	// tokens of the legitimate refresh included.
	if _, err := e.svc.Refresh(t.Context(), testClient, first.Refresh); !errors.Is(err, apperr.Unauthorized) {
		t.Fatalf("Refresh(used token) = %v, want Unauthorized", err)
	}
	e.wantLive(t, second, false)
	if _, err := e.svc.Refresh(t.Context(), testClient, second.Refresh); !errors.Is(err, apperr.Unauthorized) {
		t.Errorf("Refresh(token of the ended session) = %v, want Unauthorized", err)
	}
	// Another login is a session of its own, untouched.
	other := e.login(t, "alice@example.com", alicePassword)
	e.wantLive(t, other, true)
}

func TestSessionConcurrentRefreshOneWins(t *testing.T) {
	e := setupUsers(t)
	e.register(t, "alice@example.com", alicePassword)
	pair := e.login(t, "alice@example.com", alicePassword)
	const n = 8
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		wins int
	)
	for range n {
		wg.Go(func() {
			_, err := e.svc.Refresh(t.Context(), testClient, pair.Refresh)
			switch {
			case err == nil:
				mu.Lock()
				wins++
				mu.Unlock()
			case !errors.Is(err, apperr.Unauthorized):
				t.Errorf("Refresh: %v, want success or Unauthorized", err)
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d of %d concurrent refreshes with one token succeeded, want 1", wins, n)
	}
}

func TestSessionLogoutAndEnd(t *testing.T) {
	e := setupUsers(t)
	alice := e.register(t, "alice@example.com", alicePassword)
	bob := e.register(t, "bob@example.com", bobPassword)
	one, two, three := e.login(t, "alice@example.com", alicePassword), e.login(t, "alice@example.com", alicePassword), e.login(t, "alice@example.com", alicePassword)
	bobs := e.login(t, "bob@example.com", bobPassword)

	if err := e.svc.Logout(t.Context(), e.actor(t, one)); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	e.wantLive(t, one, false)
	if _, err := e.svc.Refresh(t.Context(), testClient, one.Refresh); !errors.Is(err, apperr.Unauthorized) {
		t.Errorf("Refresh after Logout = %v, want Unauthorized", err)
	}
	e.wantLive(t, two, true)

	// Nobody ends another user's session.
	if err := e.svc.EndSession(t.Context(), e.actor(t, bobs), e.actor(t, two).Session); !errors.Is(err, apperr.NotFound) {
		t.Errorf("EndSession(alice's session as bob) = %v, want NotFound", err)
	}
	if err := e.svc.EndSession(t.Context(), e.actor(t, two), e.actor(t, three).Session); err != nil {
		t.Fatalf("EndSession: %v", err)
	}
	e.wantLive(t, three, false)
	e.wantLive(t, two, true)
	sessions, err := e.svc.Sessions(t.Context(), e.actor(t, two))
	if err != nil || len(sessions) != 1 || sessions[0].UserID != alice.ID {
		t.Errorf("Sessions = %+v, %v; want alice's one live session", sessions, err)
	}

	if err := e.svc.EndSessions(t.Context(), e.actor(t, two)); err != nil {
		t.Fatalf("EndSessions: %v", err)
	}
	e.wantLive(t, two, false)
	e.wantLive(t, bobs, true)
	if a := e.actor(t, bobs); a.UserID != bob.ID {
		t.Errorf("bob's token acts for %s, want bob", a.UserID)
	}
}

func TestSessionPasswordChangeEndsTheOthers(t *testing.T) {
	e := setupUsers(t)
	e.register(t, "alice@example.com", alicePassword)
	current, other := e.login(t, "alice@example.com", alicePassword), e.login(t, "alice@example.com", alicePassword)
	if _, err := e.svc.UpdateMe(t.Context(), e.actor(t, current), model.UserChange{Password: ptr("alice's new secret"), CurrentPassword: ptr(alicePassword)}); err != nil {
		t.Fatalf("UpdateMe: %v", err)
	}
	e.wantLive(t, current, true)
	e.wantLive(t, other, false)

	// A change of the name alone ends nothing.
	again := e.login(t, "alice@example.com", "alice's new secret")
	if _, err := e.svc.UpdateMe(t.Context(), e.actor(t, current), model.UserChange{FullName: ptr("Alice")}); err != nil {
		t.Fatalf("UpdateMe: %v", err)
	}
	e.wantLive(t, again, true)
}

func TestSessionSuperuserEndsThemAll(t *testing.T) {
	e := setupUsers(t)
	admin, _, err := e.svc.EnsureSuperuser(t.Context(), "admin@example.com", adminPassword)
	if err != nil {
		t.Fatalf("EnsureSuperuser: %v", err)
	}
	bob := e.register(t, "bob@example.com", bobPassword)
	for _, change := range []model.UserChange{
		{Password: ptr("bob's new secret")},
		{IsActive: ptr(false)},
	} {
		pair := e.login(t, "bob@example.com", bobPassword)
		if _, err := e.svc.Update(t.Context(), actorOf(admin), bob.ID, change); err != nil {
			t.Fatalf("Update(%s): %v", describe(change), err)
		}
		e.wantLive(t, pair, false)
		sessions, err := e.sessions.List(t.Context(), bob.ID, time.Now())
		if err != nil || len(sessions) != 0 {
			t.Errorf("after Update(%s) bob has sessions %+v, %v; want none", describe(change), sessions, err)
		}
		// Back as he was, for the next round.
		if _, err := e.svc.Update(t.Context(), actorOf(admin), bob.ID, model.UserChange{Password: ptr(bobPassword), IsActive: ptr(true)}); err != nil {
			t.Fatalf("Update: %v", err)
		}
	}
}

// describe spells out an account change for a failure message.
func describe(c model.UserChange) string {
	var parts []string
	if c.Password != nil {
		parts = append(parts, "password")
	}
	if c.IsActive != nil {
		parts = append(parts, "is_active")
	}
	return strings.Join(parts, ", ")
}

// staleUsers is a user repository whose Get serves what it read first, as
// a cache does until its TTL passes.
type staleUsers struct {
	service.UserRepository
	mu   sync.Mutex
	seen map[uuid.UUID]model.User
}

func (s *staleUsers) Get(ctx context.Context, id uuid.UUID) (model.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.seen[id]; ok {
		return u, nil
	}
	u, err := s.UserRepository.Get(ctx, id)
	if err == nil {
		s.seen[id] = u
	}
	return u, err
}

// TestSessionCurrentPasswordIsReadFresh changes alice's password behind a
// stale cache, as another replica would: the current password UpdateMe
// checks is the one stored now.
func TestSessionCurrentPasswordIsReadFresh(t *testing.T) {
	passwords, err := security.NewPasswords(cheapPasswordParams, testHashLimit)
	if err != nil {
		t.Fatalf("NewPasswords: %v", err)
	}
	limiter, err := service.NewRateLimiter(&fakeAttempts{counts: map[string]int{}}, generous)
	if err != nil {
		t.Fatalf("NewRateLimiter: %v", err)
	}
	e := newUserEnv(t, passwords, limiter, testResetTTL, func(r service.UserRepository) service.UserRepository {
		return &staleUsers{UserRepository: r, seen: map[uuid.UUID]model.User{}}
	})
	e.register(t, "alice@example.com", alicePassword)
	a := e.actor(t, e.login(t, "alice@example.com", alicePassword)) // alice is cached now
	hash, err := passwords.Hash(t.Context(), "changed elsewhere")
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	if _, err := e.repo.Update(t.Context(), a.UserID, func(u *model.User) error { u.PasswordHash = hash; return nil }); err != nil {
		t.Fatalf("Update: %v", err)
	}
	_, err = e.svc.UpdateMe(t.Context(), a, model.UserChange{Password: ptr("alice's new secret"), CurrentPassword: ptr(alicePassword)})
	wantInvalid(t, err, "current_password")
	if _, err := e.svc.UpdateMe(t.Context(), a, model.UserChange{Password: ptr("alice's new secret"), CurrentPassword: ptr("changed elsewhere")}); err != nil {
		t.Errorf("UpdateMe(current password as stored now): %v", err)
	}
}

// resetTokenIn extracts the token of the reset link in a mail.
var resetTokenIn = regexp.MustCompile(`https://app\.example\.com/reset-password\?token=([A-Z2-7]+)`)

// requestReset asks for a password reset of email and returns the mail
// it sent, if any, once the background work is done.
func (e userEnv) requestReset(t *testing.T, email string) []model.Mail {
	t.Helper()
	if err := e.svc.RequestPasswordReset(t.Context(), testClient, email); err != nil {
		t.Fatalf("RequestPasswordReset(%q): %v", email, err)
	}
	if err := e.svc.Close(t.Context()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	e.mailer.mu.Lock()
	defer e.mailer.mu.Unlock()
	sent := e.mailer.sent
	e.mailer.sent = nil
	return sent
}

func TestPasswordReset(t *testing.T) {
	e := setupUsers(t)
	e.register(t, "alice@example.com", alicePassword)
	bob := e.register(t, "bob@example.com", bobPassword)
	e.deactivate(t, bob.ID)
	before := e.login(t, "alice@example.com", alicePassword)

	// Nobody, and an inactive account, get no mail; the caller cannot tell.
	for _, email := range []string{"carol@example.com", "bob@example.com"} {
		if sent := e.requestReset(t, email); len(sent) != 0 {
			t.Errorf("reset of %s sent %+v, want no mail", email, sent)
		}
	}
	sent := e.requestReset(t, " Alice@Example.com ")
	if len(sent) != 1 || sent[0].To != "alice@example.com" || !resetTokenIn.MatchString(sent[0].Text) {
		t.Fatalf("reset of alice sent %+v, want one mail to her with a link under PUBLIC_URL", sent)
	}
	token := resetTokenIn.FindStringSubmatch(sent[0].Text)[1]

	if err := e.svc.ResetPassword(t.Context(), testClient, token, "short"); !errors.Is(err, apperr.Validation) {
		t.Errorf("ResetPassword(short password) = %v, want Validation", err)
	}
	if err := e.svc.ResetPassword(t.Context(), testClient, token, "alice's new secret"); err != nil {
		t.Fatalf("ResetPassword: %v", err)
	}
	e.wantLive(t, before, false)
	e.login(t, "alice@example.com", "alice's new secret")
	if err := e.svc.ResetPassword(t.Context(), testClient, token, "alice's third secret"); !errors.Is(err, apperr.InvalidToken) {
		t.Errorf("ResetPassword(used token) = %v, want InvalidToken", err)
	}
	if err := e.svc.ResetPassword(t.Context(), testClient, "NOTATOKEN", "alice's third secret"); !errors.Is(err, apperr.InvalidToken) {
		t.Errorf("ResetPassword(unknown token) = %v, want InvalidToken", err)
	}

	// A reset ends the other links of the account too.
	first := resetTokenIn.FindStringSubmatch(e.requestReset(t, "alice@example.com")[0].Text)[1]
	second := resetTokenIn.FindStringSubmatch(e.requestReset(t, "alice@example.com")[0].Text)[1]
	if err := e.svc.ResetPassword(t.Context(), testClient, second, "alice's third secret"); err != nil {
		t.Fatalf("ResetPassword: %v", err)
	}
	if err := e.svc.ResetPassword(t.Context(), testClient, first, "alice's fourth secret"); !errors.Is(err, apperr.InvalidToken) {
		t.Errorf("ResetPassword(older link) = %v, want InvalidToken", err)
	}
}

func TestPasswordResetExpires(t *testing.T) {
	passwords, err := security.NewPasswords(cheapPasswordParams, testHashLimit)
	if err != nil {
		t.Fatalf("NewPasswords: %v", err)
	}
	limiter, err := service.NewRateLimiter(&fakeAttempts{counts: map[string]int{}}, generous)
	if err != nil {
		t.Fatalf("NewRateLimiter: %v", err)
	}
	const ttl = 20 * time.Millisecond
	e := newUserEnv(t, passwords, limiter, ttl, nil)
	e.register(t, "alice@example.com", alicePassword)
	sent := e.requestReset(t, "alice@example.com")
	if len(sent) != 1 {
		t.Fatalf("reset sent %d mails, want 1", len(sent))
	}
	time.Sleep(2 * ttl)
	token := resetTokenIn.FindStringSubmatch(sent[0].Text)[1]
	if err := e.svc.ResetPassword(t.Context(), testClient, token, "alice's new secret"); !errors.Is(err, apperr.InvalidToken) {
		t.Errorf("ResetPassword(expired token) = %v, want InvalidToken", err)
	}
	if err := e.svc.Sweep(t.Context()); err != nil {
		t.Errorf("Sweep: %v", err)
	}
}

func TestPasswordResetWithoutMailer(t *testing.T) {
	passwords, err := security.NewPasswords(cheapPasswordParams, testHashLimit)
	if err != nil {
		t.Fatalf("NewPasswords: %v", err)
	}
	limiter, err := service.NewRateLimiter(&fakeAttempts{counts: map[string]int{}}, generous)
	if err != nil {
		t.Fatalf("NewRateLimiter: %v", err)
	}
	tokens := tokensSignedWith(t, "service-test-secret")
	repos := repotest.NewDB().Repos()
	svc := service.NewUser(service.UserDeps{
		Users: repos.Users, Sessions: repos.Sessions, Resets: repos.Resets,
		Passwords: passwords, Tokens: tokens, Limiter: limiter,
	})
	if err := svc.RequestPasswordReset(t.Context(), testClient, "alice@example.com"); !errors.Is(err, apperr.Unavailable) {
		t.Errorf("RequestPasswordReset without a mailer = %v, want Unavailable", err)
	}
}
