package service_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/google/uuid"

	"example.com/bare/internal/apperr"
	"example.com/bare/internal/model"
	"example.com/bare/internal/repository/repotest"
	"example.com/bare/internal/security"
	"example.com/bare/internal/service"
)

// cheapPasswordParams keep the tests fast; the hashing itself is tested in
// package security.
var cheapPasswordParams = argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Passwords of the test accounts.
const (
	alicePassword = "alice's secret"
	bobPassword   = "bob's secret"
	adminPassword = "the admin's secret"
)

// testClient is the address of the client the tests are, and testAgent
// its user agent.
var testClient = netip.MustParseAddr("192.0.2.1")

const testAgent = "test-agent/1.0"

// fakeAttempts is an in-memory AttemptCounter whose windows never end.
type fakeAttempts struct {
	mu     sync.Mutex
	counts map[string]int
}

func (f *fakeAttempts) Hit(_ context.Context, key string, window time.Duration) (int, time.Duration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counts[key]++
	return f.counts[key], window, nil
}

// generous are limits the tests of other rules never reach.
var generous = service.Limits{
	LoginPerIP:              service.Limit{Max: 1000, Window: time.Minute},
	LoginPerAccount:         service.Limit{Max: 1000, Window: time.Minute},
	RegisterPerIP:           service.Limit{Max: 1000, Window: time.Minute},
	RegisterPerAccount:      service.Limit{Max: 1000, Window: time.Minute},
	RefreshPerIP:            service.Limit{Max: 1000, Window: time.Minute},
	RefreshPerAccount:       service.Limit{Max: 1000, Window: time.Minute},
	PasswordResetPerIP:      service.Limit{Max: 1000, Window: time.Minute},
	PasswordResetPerAccount: service.Limit{Max: 1000, Window: time.Minute},
}

// testHashLimit lets the tests hash at once.
var testHashLimit = security.HashLimit{Concurrency: 4, Wait: time.Second}

// userEnv is a user service on in-memory repositories, with the hasher,
// the token issuer and the mailer it was given.
type userEnv struct {
	svc       *service.User
	repo      service.UserRepository
	sessions  service.SessionRepository
	passwords *security.Passwords
	tokens    *security.Tokens
	mailer    *fakeMailer
}

// fakeMailer keeps the mail it is given.
type fakeMailer struct {
	mu   sync.Mutex
	sent []model.Mail
}

func (m *fakeMailer) Send(_ context.Context, mail model.Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, mail)
	return nil
}

// testResetTTL is how long the password reset links of the tests work.
const testResetTTL = 30 * time.Minute

func setupUsers(t *testing.T) userEnv {
	t.Helper()
	return setupUsersWith(t, cheapPasswordParams, testHashLimit, generous)
}

// setupUsersWith is setupUsers with the given password hashing and rate
// limits.
func setupUsersWith(t *testing.T, params argon2id.Params, hashLimit security.HashLimit, limits service.Limits) userEnv {
	t.Helper()
	passwords, err := security.NewPasswords(params, hashLimit)
	if err != nil {
		t.Fatalf("NewPasswords: %v", err)
	}
	limiter, err := service.NewRateLimiter(&fakeAttempts{counts: map[string]int{}}, limits)
	if err != nil {
		t.Fatalf("NewRateLimiter: %v", err)
	}
	return newUserEnv(t, passwords, limiter, testResetTTL, nil)
}

// newUserEnv returns a user service on a new in-memory database that
// hashes with passwords, limits with limiter and mails password resets
// valid for resetTTL. wrap, when not nil, wraps the user repository the
// service is given.
func newUserEnv(t *testing.T, passwords *security.Passwords, limiter *service.RateLimiter, resetTTL time.Duration, wrap func(service.UserRepository) service.UserRepository) userEnv {
	t.Helper()
	repos := repotest.NewDB().Repos()
	users := repos.Users
	if wrap != nil {
		users = wrap(users)
	}
	tokens := tokensSignedWith(t, "service-test-secret")
	mailer := &fakeMailer{}
	svc := service.NewUser(service.UserDeps{
		Users:     users,
		Sessions:  repos.Sessions,
		Resets:    repos.Resets,
		Passwords: passwords,
		Tokens:    tokens,
		Limiter:   limiter,
		Mailer:    mailer,
		Reset:     service.ResetConfig{TTL: resetTTL, PublicURL: "https://app.example.com/"},
		Logger:    slog.New(slog.DiscardHandler),
	})
	t.Cleanup(func() {
		if err := svc.Close(context.Background()); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return userEnv{svc: svc, repo: repos.Users, sessions: repos.Sessions, passwords: passwords, tokens: tokens, mailer: mailer}
}

// tokensSignedWith returns a token issuer like the service's but with its
// own secret.
func tokensSignedWith(t *testing.T, secret string) *security.Tokens {
	t.Helper()
	tokens, err := security.NewTokens(security.TokenConfig{
		Secret:     []byte(secret),
		Issuer:     "bare",
		Audience:   "bare",
		AccessTTL:  time.Minute,
		RefreshTTL: time.Hour,
	})
	if err != nil {
		t.Fatalf("NewTokens: %v", err)
	}
	return tokens
}

// register creates an account or fails the test.
func (e userEnv) register(t *testing.T, email, password string) model.User {
	t.Helper()
	u, err := e.svc.Register(t.Context(), testClient, email, password, nil)
	if err != nil {
		t.Fatalf("Register(%q): %v", email, err)
	}
	return u
}

// login logs in or fails the test.
func (e userEnv) login(t *testing.T, email, password string) security.Pair {
	t.Helper()
	pair, err := e.svc.Login(t.Context(), testClient, testAgent, email, password)
	if err != nil {
		t.Fatalf("Login(%q): %v", email, err)
	}
	return pair
}

// actorOf is the actor of requests made by u outside any session.
func actorOf(u model.User) model.Actor {
	return model.Actor{UserID: u.ID, Superuser: u.IsSuperuser}
}

// actsFor reports whether actor is u in a session.
func actsFor(actor model.Actor, u model.User) bool {
	return actor.UserID == u.ID && actor.Superuser == u.IsSuperuser && actor.Session != uuid.Nil
}

// deactivate switches the account off behind the service's back, as
// another request of a superuser would.
func (e userEnv) deactivate(t *testing.T, id uuid.UUID) {
	t.Helper()
	if _, err := e.repo.Update(t.Context(), id, func(u *model.User) error { u.IsActive = false; return nil }); err != nil {
		t.Fatalf("deactivate: %v", err)
	}
}

// stored returns the user with the given id as the repository holds it,
// or the zero user.
func (e userEnv) stored(t *testing.T, id uuid.UUID) model.User {
	t.Helper()
	u, err := e.repo.Get(t.Context(), id)
	if err != nil && !errors.Is(err, apperr.NotFound) {
		t.Fatalf("Get: %v", err)
	}
	return u
}

// count returns how many users the repository holds.
func (e userEnv) count(t *testing.T) int {
	t.Helper()
	page, err := e.repo.List(t.Context(), model.UserList{Limit: 1, Count: true})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	return *page.Total
}

func ptr[T any](v T) *T { return &v }

func TestUserRegister(t *testing.T) {
	e := setupUsers(t)
	before := time.Now().UTC().Add(-time.Second)
	name := "Alice Smith"

	u, err := e.svc.Register(t.Context(), testClient, "Alice@Example.COM", alicePassword, &name)
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	if u.Email != "alice@example.com" {
		t.Errorf("Email = %q, want it lower-cased: alice@example.com", u.Email)
	}
	if u.FullName == nil || *u.FullName != name {
		t.Errorf("FullName = %v, want %q", u.FullName, name)
	}
	if !u.IsActive || u.IsSuperuser {
		t.Errorf("IsActive, IsSuperuser = %v, %v; want true, false", u.IsActive, u.IsSuperuser)
	}
	if u.ID.Version() != 7 {
		t.Errorf("ID version = %d, want 7", u.ID.Version())
	}
	if u.CreatedAt.Before(before) || !u.UpdatedAt.Equal(u.CreatedAt) || u.CreatedAt.Location() != time.UTC {
		t.Errorf("timestamps = %v / %v, want now in UTC and equal", u.CreatedAt, u.UpdatedAt)
	}
	if u.PasswordHash == alicePassword {
		t.Errorf("PasswordHash is the password itself")
	}
	if ok, err := e.passwords.Verify(t.Context(), alicePassword, u.PasswordHash); err != nil || !ok {
		t.Errorf("Verify(password, PasswordHash) = %v, %v; want true", ok, err)
	}
	if stored := e.stored(t, u.ID); !reflect.DeepEqual(stored, u) {
		t.Errorf("stored = %+v, want the new user %+v", stored, u)
	}

	_, err = e.svc.Register(t.Context(), testClient, "ALICE@example.com", bobPassword, nil)
	if !errors.Is(err, apperr.AlreadyExists) {
		t.Errorf("Register(same email in other case) = %v, want AlreadyExists", err)
	}
}

func TestUserRegisterInvalid(t *testing.T) {
	tests := []struct {
		name     string
		email    string
		password string
		fullName *string
		field    string
	}{
		{name: "email with a display name", email: "Bob <bob@example.com>", password: bobPassword, field: "email"},
		{name: "not an email", email: "nope", password: bobPassword, field: "email"},
		{name: "email too long", email: strings.Repeat("b", 243) + "@example.com", password: bobPassword, field: "email"},
		{name: "email with NUL", email: "bob\x00@example.com", password: bobPassword, field: "email"},
		{name: "password of 7 characters", email: "bob@example.com", password: strings.Repeat("p", 7), field: "password"},
		{name: "password of 129 characters", email: "bob@example.com", password: strings.Repeat("p", 129), field: "password"},
		{name: "password of 8 bytes but 4 characters", email: "bob@example.com", password: strings.Repeat("é", 4), field: "password"},
		{name: "full name too long", email: "bob@example.com", password: bobPassword, fullName: ptr(strings.Repeat("é", model.MaxFullNameLen+1)), field: "full_name"},
		{name: "full name with NUL", email: "bob@example.com", password: bobPassword, fullName: ptr("Bob\x00"), field: "full_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setupUsers(t)
			_, err := e.svc.Register(t.Context(), testClient, tt.email, tt.password, tt.fullName)
			wantInvalid(t, err, tt.field)
			if n := e.count(t); n != 0 {
				t.Errorf("stored %d users, want none", n)
			}
		})
	}
}

func TestUserRegisterPasswordLimits(t *testing.T) {
	for _, password := range []string{
		strings.Repeat("p", 8),
		strings.Repeat("p", 128),
		strings.Repeat("é", 128), // 256 bytes: the limit counts characters
	} {
		e := setupUsers(t)
		if _, err := e.svc.Register(t.Context(), testClient, "bob@example.com", password, nil); err != nil {
			t.Errorf("Register(password of %d bytes) = %v, want it accepted", len(password), err)
		}
	}
}

func TestUserLogin(t *testing.T) {
	e := setupUsers(t)
	alice := e.register(t, "alice@example.com", alicePassword)
	for _, email := range []string{"alice@example.com", "ALICE@EXAMPLE.COM", "Alice@Example.com", " alice@example.com "} {
		pair, err := e.svc.Login(t.Context(), testClient, testAgent, email, alicePassword)
		if err != nil {
			t.Errorf("Login(%q): %v", email, err)
			continue
		}
		if pair.ExpiresIn != time.Minute {
			t.Errorf("Login(%q) ExpiresIn = %v, want the access token lifetime %v", email, pair.ExpiresIn, time.Minute)
		}
		if got, err := e.svc.Authenticate(t.Context(), pair.Access); err != nil || !actsFor(got, alice) {
			t.Errorf("Authenticate(access token of Login(%q)) = %+v, %v; want alice %+v", email, got, err, actorOf(alice))
		}
	}
}

func TestUserLoginFailures(t *testing.T) {
	e := setupUsers(t)
	ctx := t.Context()
	e.register(t, "alice@example.com", alicePassword)
	bob := e.register(t, "bob@example.com", bobPassword)
	e.deactivate(t, bob.ID)

	_, errWrong := e.svc.Login(ctx, testClient, testAgent, "alice@example.com", bobPassword)
	_, errUnknown := e.svc.Login(ctx, testClient, testAgent, "carol@example.com", alicePassword)
	_, errInactive := e.svc.Login(ctx, testClient, testAgent, "bob@example.com", bobPassword)
	for name, err := range map[string]error{"wrong password": errWrong, "unknown email": errUnknown, "inactive user": errInactive} {
		if !errors.Is(err, apperr.Unauthorized) {
			t.Errorf("Login with %s = %v, want Unauthorized", name, err)
		}
	}
	if wrong, unknown := fmt.Sprint(errWrong), fmt.Sprint(errUnknown); wrong != unknown {
		t.Errorf("wrong password says %q, unknown email %q; want the same message", wrong, unknown)
	}
}

// TestUserLoginUnstorableEmail checks that an email no account can have is
// refused as invalid before it reaches the database (PostgreSQL cannot even
// compare text holding a NUL character), while a well-formed unknown one
// stays a wrong credential.
func TestUserLoginUnstorableEmail(t *testing.T) {
	e := setupUsers(t)
	e.register(t, "alice@example.com", alicePassword)
	for _, email := range []string{"alice\x00@example.com", "nope", strings.Repeat("a", 243) + "@example.com"} {
		_, err := e.svc.Login(t.Context(), testClient, testAgent, email, alicePassword)
		wantInvalid(t, err, "email")
	}
}

func TestUserRefresh(t *testing.T) {
	e := setupUsers(t)
	alice := e.register(t, "alice@example.com", alicePassword)
	pair := e.login(t, "alice@example.com", alicePassword)

	fresh, err := e.svc.Refresh(t.Context(), testClient, pair.Refresh)
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if fresh.Access == "" || fresh.Refresh == "" || fresh.Access == pair.Access || fresh.Refresh == pair.Refresh {
		t.Errorf("Refresh = %+v, want a new pair, not %+v", fresh, pair)
	}
	if got, err := e.svc.Authenticate(t.Context(), fresh.Access); err != nil || !actsFor(got, alice) {
		t.Errorf("Authenticate(refreshed access token) = %+v, %v; want alice %+v", got, err, actorOf(alice))
	}
	if _, err := e.svc.Refresh(t.Context(), testClient, fresh.Refresh); err != nil {
		t.Errorf("Refresh(refreshed refresh token): %v", err)
	}
}

func TestUserTokensRefused(t *testing.T) {
	e := setupUsers(t)
	ctx := t.Context()
	alice := e.register(t, "alice@example.com", alicePassword)
	pair := e.login(t, "alice@example.com", alicePassword)
	bob := e.register(t, "bob@example.com", bobPassword)
	bobPair := e.login(t, "bob@example.com", bobPassword)
	e.deactivate(t, bob.ID)
	// The tokens of a user who is no longer stored.
	carolPair, err := e.tokens.Issue(uuid.NewString(), uuid.NewString())
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	forged, err := tokensSignedWith(t, "another-secret").Issue(alice.ID.String(), uuid.NewString())
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	notAnID, err := e.tokens.Issue("alice", uuid.NewString())
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	unknownSession, err := e.tokens.Issue(alice.ID.String(), uuid.NewString())
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}

	authenticate := func(token string) error {
		_, err := e.svc.Authenticate(ctx, token)
		return err
	}
	refresh := func(token string) error {
		_, err := e.svc.Refresh(ctx, testClient, token)
		return err
	}
	tests := []struct {
		name  string
		use   func(token string) error
		token string
	}{
		{name: "refresh token as access token", use: authenticate, token: pair.Refresh},
		{name: "access token as refresh token", use: refresh, token: pair.Access},
		{name: "access token of another secret", use: authenticate, token: forged.Access},
		{name: "refresh token of another secret", use: refresh, token: forged.Refresh},
		{name: "access token of a user who is not stored", use: authenticate, token: carolPair.Access},
		{name: "refresh token of a user who is not stored", use: refresh, token: carolPair.Refresh},
		{name: "access token of a deactivated user", use: authenticate, token: bobPair.Access},
		{name: "refresh token of a deactivated user", use: refresh, token: bobPair.Refresh},
		{name: "subject that is not a user id", use: authenticate, token: notAnID.Access},
		{name: "access token of a session that was never started", use: authenticate, token: unknownSession.Access},
		{name: "refresh token of a session that was never started", use: refresh, token: unknownSession.Refresh},
		{name: "garbage as access token", use: authenticate, token: "not-a-token"},
		{name: "garbage as refresh token", use: refresh, token: "a.b.c"},
		{name: "empty access token", use: authenticate, token: ""},
		{name: "tampered access token", use: authenticate, token: pair.Access + "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.use(tt.token); !errors.Is(err, apperr.Unauthorized) {
				t.Errorf("error = %v, want Unauthorized", err)
			}
		})
	}
}

func TestUserAccessControl(t *testing.T) {
	e := setupUsers(t)
	ctx := t.Context()
	alice := e.register(t, "alice@example.com", alicePassword)
	bob := e.register(t, "bob@example.com", bobPassword)
	rename := model.UserChange{FullName: ptr("Renamed")}

	tests := []struct {
		name string
		call func() error
	}{
		{name: "get another user", call: func() error {
			_, err := e.svc.Get(ctx, actorOf(alice), bob.ID)
			return err
		}},
		{name: "list users", call: func() error {
			_, err := e.svc.List(ctx, actorOf(alice), model.UserList{Limit: 10})
			return err
		}},
		{name: "update another user", call: func() error {
			_, err := e.svc.Update(ctx, actorOf(alice), bob.ID, rename)
			return err
		}},
		{name: "update themselves with Update", call: func() error {
			_, err := e.svc.Update(ctx, actorOf(alice), alice.ID, rename)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, apperr.Forbidden) {
				t.Errorf("error = %v, want Forbidden", err)
			}
		})
	}
	for _, u := range []model.User{alice, bob} {
		if stored := e.stored(t, u.ID); !reflect.DeepEqual(stored, u) {
			t.Errorf("after refused calls stored = %+v, want %+v", stored, u)
		}
	}

	got, err := e.svc.Get(ctx, actorOf(alice), alice.ID)
	if err != nil || !reflect.DeepEqual(got, alice) {
		t.Errorf("Get(themselves) = %+v, %v; want %+v", got, err, alice)
	}
}

func TestUserSuperuserManagesUsers(t *testing.T) {
	e := setupUsers(t)
	ctx := t.Context()
	admin, _, err := e.svc.EnsureSuperuser(ctx, "admin@example.com", adminPassword)
	if err != nil {
		t.Fatalf("EnsureSuperuser: %v", err)
	}
	alice := e.register(t, "alice@example.com", alicePassword)
	bob := e.register(t, "bob@example.com", bobPassword)

	pair := e.login(t, "admin@example.com", adminPassword)
	if got, err := e.svc.Authenticate(ctx, pair.Access); err != nil || !actsFor(got, admin) || !got.Superuser {
		t.Errorf("Authenticate(superuser's token) = %+v, %v; want the superuser actor %+v", got, err, actorOf(admin))
	}
	if got, err := e.svc.Get(ctx, actorOf(admin), bob.ID); err != nil || !reflect.DeepEqual(got, bob) {
		t.Errorf("Get(bob) = %+v, %v; want %+v", got, err, bob)
	}
	if _, err := e.svc.Get(ctx, actorOf(admin), uuid.New()); !errors.Is(err, apperr.NotFound) {
		t.Errorf("Get(unknown id) = %v, want NotFound", err)
	}

	first, err := e.svc.List(ctx, actorOf(admin), model.UserList{Limit: 1, Count: true})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	page, err := e.svc.List(ctx, actorOf(admin), model.UserList{Limit: 10, Cursor: first.Next})
	if err != nil {
		t.Fatalf("List(after the first): %v", err)
	}
	if users := page.Items; *first.Total != 3 || len(users) != 2 || users[0].ID != alice.ID || users[1].ID != bob.ID {
		t.Errorf("List(after the first) = %d users %v, total %d; want alice and bob, total 3", len(users), users, *first.Total)
	}
	// Emails are filtered in lower case, as they are stored.
	byEmail, err := e.svc.List(ctx, actorOf(admin), model.UserList{Limit: 10, Filter: model.UserFilter{Email: []model.Cond[string]{{Op: model.OpEq, Value: strings.ToUpper(bob.Email)}}}})
	if err != nil || len(byEmail.Items) != 1 || byEmail.Items[0].ID != bob.ID {
		t.Errorf("List(email %s) = %v, %v; want bob", strings.ToUpper(bob.Email), byEmail.Items, err)
	}

	// A superuser's change obeys the rules of the fields too.
	_, err = e.svc.Update(ctx, actorOf(admin), bob.ID, model.UserChange{Email: ptr("bob\x00@example.com"), FullName: ptr("Bob\x00")})
	wantInvalid(t, err, "email")
	wantInvalid(t, err, "full_name")
	if stored := e.stored(t, bob.ID); !reflect.DeepEqual(stored, bob) {
		t.Errorf("after refused Update stored = %+v, want %+v", stored, bob)
	}

	got, err := e.svc.Update(ctx, actorOf(admin), bob.ID, model.UserChange{
		FullName:    ptr("Bob Jones"),
		IsActive:    ptr(false),
		IsSuperuser: ptr(true),
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if got.FullName == nil || *got.FullName != "Bob Jones" || got.IsActive || !got.IsSuperuser {
		t.Errorf("Update = %+v, want full name Bob Jones, inactive superuser", got)
	}
	if stored := e.stored(t, bob.ID); !reflect.DeepEqual(stored, got) {
		t.Errorf("after Update stored = %+v, want %+v", stored, got)
	}
}

func TestUserUpdateMeRefused(t *testing.T) {
	tests := []struct {
		name   string
		change model.UserChange
		kind   apperr.Kind
		field  string // the field the details must name, if any
	}{
		{name: "password without the current one", change: model.UserChange{Password: ptr("a new secret")},
			kind: apperr.Validation, field: "current_password"},
		{name: "password with a wrong current one", change: model.UserChange{Password: ptr("a new secret"), CurrentPassword: ptr(bobPassword)},
			kind: apperr.Validation, field: "current_password"},
		{name: "password too short", change: model.UserChange{Password: ptr("short"), CurrentPassword: ptr(alicePassword)},
			kind: apperr.Validation, field: "password"},
		{name: "malformed email", change: model.UserChange{Email: ptr("nope")},
			kind: apperr.Validation, field: "email"},
		{name: "email with NUL", change: model.UserChange{Email: ptr("alice\x00@example.com")},
			kind: apperr.Validation, field: "email"},
		{name: "full name with NUL", change: model.UserChange{FullName: ptr("Alice\x00")},
			kind: apperr.Validation, field: "full_name"},
		{name: "full name too long", change: model.UserChange{FullName: ptr(strings.Repeat("é", model.MaxFullNameLen+1))},
			kind: apperr.Validation, field: "full_name"},
		{name: "email of another user", change: model.UserChange{Email: ptr("BOB@example.com")},
			kind: apperr.AlreadyExists},
		{name: "is_active", change: model.UserChange{IsActive: ptr(true)},
			kind: apperr.Forbidden},
		{name: "is_superuser", change: model.UserChange{IsSuperuser: ptr(true)},
			kind: apperr.Forbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setupUsers(t)
			alice := e.register(t, "alice@example.com", alicePassword)
			e.register(t, "bob@example.com", bobPassword)

			_, err := e.svc.UpdateMe(t.Context(), actorOf(alice), tt.change)
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Kind != tt.kind || tt.field != "" && ae.Details[tt.field] == "" {
				t.Errorf("UpdateMe = %v, want %s naming %q", err, tt.kind, tt.field)
			}
			if stored := e.stored(t, alice.ID); !reflect.DeepEqual(stored, alice) {
				t.Errorf("after refused UpdateMe stored = %+v, want %+v", stored, alice)
			}
		})
	}
}

func TestUserUpdateMePassword(t *testing.T) {
	e := setupUsers(t)
	alice := e.register(t, "alice@example.com", alicePassword)
	const newPassword = "alice's new secret"

	got, err := e.svc.UpdateMe(t.Context(), actorOf(alice), model.UserChange{Password: ptr(newPassword), CurrentPassword: ptr(alicePassword)})
	if err != nil {
		t.Fatalf("UpdateMe: %v", err)
	}
	if got.PasswordHash == alice.PasswordHash || got.PasswordHash == newPassword {
		t.Errorf("PasswordHash = %q, want a new hash", got.PasswordHash)
	}
	if _, err := e.svc.Login(t.Context(), testClient, testAgent, "alice@example.com", alicePassword); !errors.Is(err, apperr.Unauthorized) {
		t.Errorf("Login(old password) = %v, want Unauthorized", err)
	}
	e.login(t, "alice@example.com", newPassword)
}

func TestUserUpdateMeEmail(t *testing.T) {
	e := setupUsers(t)
	ctx := t.Context()
	alice := e.register(t, "alice@example.com", alicePassword)

	got, err := e.svc.UpdateMe(ctx, actorOf(alice), model.UserChange{Email: ptr(" Alice.Smith@Example.COM ")})
	if err != nil {
		t.Fatalf("UpdateMe: %v", err)
	}
	if got.Email != "alice.smith@example.com" {
		t.Errorf("Email = %q, want it trimmed and lower-cased: alice.smith@example.com", got.Email)
	}
	e.login(t, "alice.smith@example.com", alicePassword)
	if _, err := e.svc.Login(ctx, testClient, testAgent, "alice@example.com", alicePassword); !errors.Is(err, apperr.Unauthorized) {
		t.Errorf("Login(old email) = %v, want Unauthorized", err)
	}

	// Her own address in another case is no collision.
	if got, err = e.svc.UpdateMe(ctx, actorOf(got), model.UserChange{Email: ptr("ALICE.SMITH@example.com")}); err != nil || got.Email != "alice.smith@example.com" {
		t.Errorf("UpdateMe(own email upper-cased) = %q, %v; want alice.smith@example.com", got.Email, err)
	}
}

func TestUserUpdateMeFullName(t *testing.T) {
	e := setupUsers(t)
	alice := e.register(t, "alice@example.com", alicePassword)

	for _, tt := range []struct {
		set  string
		want *string
	}{
		{set: "Alice Smith", want: ptr("Alice Smith")},
		{set: "", want: nil},
	} {
		got, err := e.svc.UpdateMe(t.Context(), actorOf(alice), model.UserChange{FullName: ptr(tt.set)})
		if err != nil {
			t.Fatalf("UpdateMe(full name %q): %v", tt.set, err)
		}
		if stored := e.stored(t, alice.ID); !reflect.DeepEqual(got.FullName, tt.want) || !reflect.DeepEqual(stored, got) {
			t.Errorf("UpdateMe(full name %q) = %v, stored %v; want %v", tt.set, got.FullName, stored.FullName, tt.want)
		}
	}
}

func TestUserEnsureSuperuser(t *testing.T) {
	e := setupUsers(t)
	ctx := t.Context()

	first, created, err := e.svc.EnsureSuperuser(ctx, "Admin@Example.com", adminPassword)
	if err != nil || !created {
		t.Fatalf("EnsureSuperuser = %v, %v; want a new superuser", created, err)
	}
	if first.Email != "admin@example.com" || !first.IsSuperuser || !first.IsActive {
		t.Errorf("EnsureSuperuser = %+v, want an active superuser admin@example.com", first)
	}
	e.login(t, "admin@example.com", adminPassword)

	again, created, err := e.svc.EnsureSuperuser(ctx, "admin@example.com", "another password")
	if err != nil || created || again.ID != first.ID {
		t.Errorf("second EnsureSuperuser = %v, created %v, %v; want %v, not created", again.ID, created, err, first.ID)
	}
	if n, stored := e.count(t), e.stored(t, first.ID); n != 1 || !reflect.DeepEqual(stored, first) {
		t.Errorf("after second EnsureSuperuser %d users, the first %+v; want only %+v", n, stored, first)
	}
}

func TestUserEnsureSuperuserLeavesExistingUser(t *testing.T) {
	e := setupUsers(t)
	alice := e.register(t, "alice@example.com", alicePassword)

	got, created, err := e.svc.EnsureSuperuser(t.Context(), "alice@example.com", adminPassword)
	if err != nil || created || !reflect.DeepEqual(got, alice) {
		t.Errorf("EnsureSuperuser(existing email) = %+v, created %v, %v; want %+v as it was", got, created, err, alice)
	}
	if stored := e.stored(t, alice.ID); !reflect.DeepEqual(stored, alice) {
		t.Errorf("stored = %+v, want %+v unchanged", stored, alice)
	}
}

func TestUserEnsureSuperuserInvalid(t *testing.T) {
	tests := []struct {
		name     string
		email    string
		password string
		mention  string
	}{
		{name: "bad email", email: "Admin <admin@example.com>", password: adminPassword, mention: "email"},
		{name: "short password", email: "admin@example.com", password: "short", mention: "password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setupUsers(t)
			_, created, err := e.svc.EnsureSuperuser(t.Context(), tt.email, tt.password)
			if err == nil || created || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("EnsureSuperuser(%q, %q) = created %v, %v; want an error about the %s", tt.email, tt.password, created, err, tt.mention)
			}
			if n := e.count(t); n != 0 {
				t.Errorf("stored %d users, want none", n)
			}
		})
	}
}
