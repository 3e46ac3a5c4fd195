package handler_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/bare/internal/apperr"
	"example.com/bare/internal/handler"
	"example.com/bare/internal/model"
	"example.com/bare/internal/security"
)

// The users the fake users service starts with. Each password is the
// user's name followed by "-password".
var (
	alice = fixtureUser("alice", "0196f1a0-0000-7000-8000-00000000a11c", false)
	bob   = fixtureUser("bob", "0196f1a0-0000-7000-8000-000000000b0b", false)
	root  = fixtureUser("root", "0196f1a0-0000-7000-8000-0000000000ff", true)
)

// Tokens the fake users service accepts from the start.
const (
	aliceToken        = "alice-access-token"
	bobToken          = "bob-access-token"
	rootToken         = "root-access-token"
	aliceRefreshToken = "alice-refresh-token"
	// noToken makes doAs send no Authorization header.
	noToken = ""
	// resetToken is the token of a password reset of alice's the fake
	// users service accepts once.
	resetToken = "alice-reset-token"
)

// The sessions the fake users service starts with: one per user, to which
// the user's tokens above belong.
var (
	aliceSession = uuid.MustParse("0196f1a0-0000-7000-8000-00000000a001")
	bobSession   = uuid.MustParse("0196f1a0-0000-7000-8000-00000000b001")
	rootSession  = uuid.MustParse("0196f1a0-0000-7000-8000-00000000f001")
)

// formMediaType is the media type of the OAuth2 password form.
const formMediaType = "application/x-www-form-urlencoded"

// fixtureUser returns an active account called name with the password
// name + "-password".
func fixtureUser(name, id string, superuser bool) model.User {
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return model.User{
		ID:           uuid.MustParse(id),
		Email:        name + "@example.com",
		PasswordHash: fakeHash(name + "-password"),
		IsActive:     true,
		IsSuperuser:  superuser,
		CreatedAt:    created,
		UpdatedAt:    created,
	}
}

// fakeHash stands in for a password hash. It contains the password, so a
// response that leaked it would show.
func fakeHash(password string) string { return "fake-hash:" + password }

// fakeUsers is an in-memory UserService that keeps the rules of the real
// one: who may read and change which account, and which tokens of which
// sessions are accepted. Its tokens are opaque strings; signing and
// verifying them is tested in package security.
type fakeUsers struct {
	mu       sync.Mutex
	users    map[uuid.UUID]model.User
	order    []uuid.UUID
	sessions map[uuid.UUID]model.Session
	access   map[string]uuid.UUID // access token → session id
	refresh  map[string]uuid.UUID // refresh token → session id
	issued   int                  // pairs issued, to number the next one
	resets   map[string]uuid.UUID // reset token → user id
	// changes are the changes UpdateMe and Update received, in order.
	changes []model.UserChange
	// clients are the client addresses Register, Login, Refresh and the
	// password resets were told, in order; agents the user agents Login
	// was told and resetEmails the emails resets were asked for.
	clients     []netip.Addr
	agents      []string
	resetEmails []string
	// query is the query of the last List call.
	query model.UserList
	err   error // returned by every method when set
}

func newFakeUsers() *fakeUsers {
	f := &fakeUsers{
		users:    map[uuid.UUID]model.User{},
		sessions: map[uuid.UUID]model.Session{},
		access:   map[string]uuid.UUID{aliceToken: aliceSession, bobToken: bobSession, rootToken: rootSession},
		refresh:  map[string]uuid.UUID{aliceRefreshToken: aliceSession},
		resets:   map[string]uuid.UUID{resetToken: alice.ID},
	}
	for _, u := range []model.User{alice, bob, root} {
		f.users[u.ID] = u
		f.order = append(f.order, u.ID)
	}
	for id, u := range map[uuid.UUID]model.User{aliceSession: alice, bobSession: bob, rootSession: root} {
		f.sessions[id] = fixtureSession(id, u.ID)
	}
	return f
}

// fixtureSession returns a session of the user with the given id.
func fixtureSession(id, userID uuid.UUID) model.Session {
	created := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	return model.Session{
		ID:         id,
		UserID:     userID,
		UserAgent:  "test-agent/1.0",
		IP:         "192.0.2.1",
		CreatedAt:  created,
		LastUsedAt: created,
		ExpiresAt:  created.Add(7 * 24 * time.Hour),
	}
}

func (f *fakeUsers) Register(_ context.Context, ip netip.Addr, email, password string, fullName *string) (model.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clients = append(f.clients, ip)
	if f.err != nil {
		return model.User{}, f.err
	}
	if _, ok := f.byEmail(email); ok {
		return model.User{}, apperr.New(apperr.AlreadyExists, "user already exists")
	}
	now := time.Now().UTC()
	u := model.User{
		ID:           uuid.Must(uuid.NewV7()),
		Email:        email,
		FullName:     fullName,
		PasswordHash: fakeHash(password),
		IsActive:     true,
		CreatedAt:    now,
		UpdatedAt:    now,
	}
	f.users[u.ID] = u
	f.order = append(f.order, u.ID)
	return u, nil
}

func (f *fakeUsers) Login(_ context.Context, ip netip.Addr, userAgent, email, password string) (security.Pair, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clients = append(f.clients, ip)
	f.agents = append(f.agents, userAgent)
	if f.err != nil {
		return security.Pair{}, f.err
	}
	u, ok := f.byEmail(email)
	if !ok || u.PasswordHash != fakeHash(password) {
		return security.Pair{}, apperr.New(apperr.Unauthorized, "incorrect email or password")
	}
	if !u.IsActive {
		return security.Pair{}, apperr.New(apperr.Unauthorized, "user is inactive")
	}
	session := uuid.Must(uuid.NewV7())
	f.sessions[session] = fixtureSession(session, u.ID)
	return f.issue(session), nil
}

func (f *fakeUsers) Refresh(_ context.Context, ip netip.Addr, refreshToken string) (security.Pair, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clients = append(f.clients, ip)
	if f.err != nil {
		return security.Pair{}, f.err
	}
	_, session, err := f.holder(f.refresh, refreshToken)
	if err != nil {
		return security.Pair{}, err
	}
	delete(f.refresh, refreshToken) // used up
	return f.issue(session), nil
}

func (f *fakeUsers) RequestPasswordReset(_ context.Context, ip netip.Addr, email string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clients = append(f.clients, ip)
	f.resetEmails = append(f.resetEmails, email)
	return f.err
}

func (f *fakeUsers) ResetPassword(_ context.Context, ip netip.Addr, token, password string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clients = append(f.clients, ip)
	if f.err != nil {
		return f.err
	}
	id, ok := f.resets[token]
	if !ok {
		return apperr.New(apperr.InvalidToken, "the password reset token is unknown, used or expired")
	}
	delete(f.resets, token)
	u := f.users[id]
	u.PasswordHash = fakeHash(password)
	f.users[id] = u
	f.endSessions(id, uuid.Nil)
	return nil
}

func (f *fakeUsers) Logout(_ context.Context, actor model.Actor) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.endSessions(actor.UserID, uuid.Nil, actor.Session)
	return nil
}

func (f *fakeUsers) Sessions(_ context.Context, actor model.Actor) ([]model.Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	var out []model.Session
	for _, s := range f.sessions {
		if s.UserID == actor.UserID {
			out = append(out, s)
		}
	}
	return out, nil
}

func (f *fakeUsers) EndSession(_ context.Context, actor model.Actor, id uuid.UUID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	if s, ok := f.sessions[id]; !ok || s.UserID != actor.UserID {
		return apperr.New(apperr.NotFound, "session not found")
	}
	f.endSessions(actor.UserID, uuid.Nil, id)
	return nil
}

func (f *fakeUsers) EndSessions(_ context.Context, actor model.Actor) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.endSessions(actor.UserID, uuid.Nil)
	return nil
}

func (f *fakeUsers) Authenticate(_ context.Context, accessToken string) (model.Actor, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Actor{}, f.err
	}
	u, session, err := f.holder(f.access, accessToken)
	if err != nil {
		return model.Actor{}, err
	}
	return model.Actor{UserID: u.ID, Superuser: u.IsSuperuser, Session: session}, nil
}

func (f *fakeUsers) Get(_ context.Context, actor model.Actor, id uuid.UUID) (model.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.User{}, f.err
	}
	if !actor.Superuser && id != actor.UserID {
		return model.User{}, apperr.New(apperr.Forbidden, "only a superuser may do this")
	}
	return f.byID(id)
}

func (f *fakeUsers) List(_ context.Context, actor model.Actor, q model.UserList) (model.Page[model.User], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.Page[model.User]{}, f.err
	}
	if !actor.Superuser {
		return model.Page[model.User]{}, apperr.New(apperr.Forbidden, "only a superuser may do this")
	}
	f.query = q
	var all []model.User
	for _, id := range f.order {
		all = append(all, f.users[id])
	}
	page, err := q.Page(all)
	if fields := (model.FieldErrors{}); errors.As(err, &fields) {
		return page, apperr.Invalid(fields)
	}
	return page, err
}

func (f *fakeUsers) UpdateMe(_ context.Context, actor model.Actor, change model.UserChange) (model.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.User{}, f.err
	}
	f.changes = append(f.changes, change)
	return f.apply(actor.UserID, change)
}

func (f *fakeUsers) Update(_ context.Context, actor model.Actor, id uuid.UUID, change model.UserChange) (model.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return model.User{}, f.err
	}
	if !actor.Superuser {
		return model.User{}, apperr.New(apperr.Forbidden, "only a superuser may do this")
	}
	f.changes = append(f.changes, change)
	return f.apply(id, change)
}

// The helpers below expect f.mu to be held.

func (f *fakeUsers) byEmail(email string) (model.User, bool) {
	for _, u := range f.users {
		if u.Email == email {
			return u, true
		}
	}
	return model.User{}, false
}

func (f *fakeUsers) byID(id uuid.UUID) (model.User, error) {
	u, ok := f.users[id]
	if !ok {
		return model.User{}, apperr.New(apperr.NotFound, "user not found")
	}
	return u, nil
}

// holder returns the active user a token among tokens was issued to and
// its live session.
func (f *fakeUsers) holder(tokens map[string]uuid.UUID, token string) (model.User, uuid.UUID, error) {
	id, ok := tokens[token]
	if !ok {
		return model.User{}, uuid.Nil, apperr.New(apperr.Unauthorized, "invalid or expired token")
	}
	s, ok := f.sessions[id]
	if !ok {
		return model.User{}, uuid.Nil, apperr.New(apperr.Unauthorized, "session has ended")
	}
	u := f.users[s.UserID]
	if !u.IsActive {
		return model.User{}, uuid.Nil, apperr.New(apperr.Unauthorized, "user is inactive")
	}
	return u, id, nil
}

// issue returns a new token pair in the session with the given id.
func (f *fakeUsers) issue(session uuid.UUID) security.Pair {
	f.issued++
	n := strconv.Itoa(f.issued)
	p := security.Pair{Access: "access-" + n, Refresh: "refresh-" + n, ExpiresIn: 15 * time.Minute}
	f.access[p.Access] = session
	f.refresh[p.Refresh] = session
	return p
}

// endSessions ends the sessions of the user with the given id but keep;
// when only is given, it ends those alone.
func (f *fakeUsers) endSessions(userID, keep uuid.UUID, only ...uuid.UUID) {
	for id, s := range f.sessions {
		if s.UserID == userID && id != keep && (len(only) == 0 || slices.Contains(only, id)) {
			delete(f.sessions, id)
		}
	}
}

// apply writes change into the account with the given id.
func (f *fakeUsers) apply(id uuid.UUID, change model.UserChange) (model.User, error) {
	u, err := f.byID(id)
	if err != nil {
		return model.User{}, err
	}
	if change.Email != nil {
		u.Email = *change.Email
	}
	if change.FullName != nil {
		u.FullName = nil
		if *change.FullName != "" {
			u.FullName = change.FullName
		}
	}
	if change.Password != nil {
		u.PasswordHash = fakeHash(*change.Password)
	}
	if change.IsActive != nil {
		u.IsActive = *change.IsActive
	}
	if change.IsSuperuser != nil {
		u.IsSuperuser = *change.IsSuperuser
	}
	f.users[u.ID] = u
	return u, nil
}

// post sends body to path without an Authorization header, with the given
// Content-Type or none when it is empty.
func (s *server) post(t *testing.T, path, contentType, body string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return s.serve(t, req)
}

// wantUser checks that res is a 200 carrying the account of want.
func wantUser(t *testing.T, res response, want model.User) {
	t.Helper()
	if res.status != http.StatusOK || res.body["id"] != want.ID.String() || res.body["email"] != want.Email {
		t.Errorf("got %d %v, want 200 and the account %s (%s)", res.status, res.body, want.ID, want.Email)
	}
}

// wantTokens checks that res is a 200 carrying a token pair and returns
// the pair.
func wantTokens(t *testing.T, res response) (access, refresh string) {
	t.Helper()
	if res.status != http.StatusOK {
		t.Fatalf("status = %d, want 200 (body %v)", res.status, res.body)
	}
	access, _ = res.body["access_token"].(string)
	refresh, _ = res.body["refresh_token"].(string)
	if access == "" || refresh == "" || res.body["token_type"] != "bearer" || res.body["expires_in"] != 900.0 {
		t.Errorf("body = %v, want access_token, refresh_token, token_type bearer and expires_in 900", res.body)
	}
	return access, refresh
}

func ptr[T any](v T) *T { return &v }

func TestAuthRegister(t *testing.T) {
	s := newServer(t)
	const password = "carol-password"
	res := s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/register",
		`{"email":"carol@example.com","password":"`+password+`","full_name":"Carol"}`)
	if res.status != http.StatusCreated {
		t.Fatalf("status = %d, want 201 (body %v)", res.status, res.body)
	}
	want := map[string]any{"email": "carol@example.com", "full_name": "Carol", "is_active": true, "is_superuser": false}
	for k, v := range want {
		if res.body[k] != v {
			t.Errorf("%s = %v, want %v", k, res.body[k], v)
		}
	}
	for _, k := range []string{"id", "created_at", "updated_at"} {
		if v, _ := res.body[k].(string); v == "" {
			t.Errorf("%s = %v, want a string", k, res.body[k])
		}
	}
	for k, v := range res.body {
		if str, _ := v.(string); strings.Contains(k, "password") || strings.Contains(k, "hash") || strings.Contains(str, password) {
			t.Errorf("response has %s = %v, want no password or hash in it", k, v)
		}
	}
}

func TestAuthRegisterInvalid(t *testing.T) {
	tests := []struct {
		name, body, field string
	}{
		{"email missing", `{"password":"carol-password"}`, "email"},
		{"email invalid", `{"email":"carol","password":"carol-password"}`, "email"},
		{"password missing", `{"email":"carol@example.com"}`, "password"},
		{"password too short", `{"email":"carol@example.com","password":"short"}`, "password"},
		{"full_name empty", `{"email":"carol@example.com","password":"carol-password","full_name":""}`, "full_name"},
		// Nobody makes themselves a superuser.
		{"is_superuser", `{"email":"carol@example.com","password":"carol-password","is_superuser":true}`, "is_superuser"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			wantError(t, s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/register", tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
		})
	}
}

func TestAuthRegisterTaken(t *testing.T) {
	s := newServer(t)
	res := s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/register", `{"email":"alice@example.com","password":"another-password"}`)
	wantError(t, res, http.StatusConflict, "already_exists", "")
}

func TestAuthLogin(t *testing.T) {
	const (
		jsonBody = `{"email":"alice@example.com","password":"alice-password"}`
		formBody = "username=alice%40example.com&password=alice-password"
	)
	tests := []struct {
		name, contentType, body string
	}{
		{"json", "application/json", jsonBody},
		{"json with charset", "application/json; charset=utf-8", jsonBody},
		{"json without content type", "", jsonBody},
		{"form", formMediaType, formBody},
		{"form with grant_type", formMediaType, "grant_type=password&" + formBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			access, _ := wantTokens(t, s.post(t, "/api/v1/auth/login", tt.contentType, tt.body))
			wantUser(t, s.doAs(t, access, http.MethodGet, "/api/v1/users/me", ""), alice)
		})
	}
}

func TestAuthLoginInvalid(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		status                  int
		code, field             string
	}{
		{"json without email", "application/json", `{"password":"alice-password"}`, http.StatusUnprocessableEntity, "validation", "email"},
		{"json without password", "application/json", `{"email":"alice@example.com"}`, http.StatusUnprocessableEntity, "validation", "password"},
		{"form without username", formMediaType, "password=alice-password", http.StatusUnprocessableEntity, "validation", "username"},
		{"form without password", formMediaType, "username=alice%40example.com", http.StatusUnprocessableEntity, "validation", "password"},
		{"json with empty email", "application/json", `{"email":"","password":"alice-password"}`, http.StatusUnprocessableEntity, "validation", "email"},
		{"form with empty password", formMediaType, "username=alice%40example.com&password=", http.StatusUnprocessableEntity, "validation", "password"},
		{"other grant_type", formMediaType, "grant_type=client_credentials&username=alice%40example.com&password=alice-password", http.StatusUnprocessableEntity, "validation", "grant_type"},
		{"malformed json", "application/json", `{"email":`, http.StatusBadRequest, "bad_request", ""},
		{"malformed form", formMediaType, "username=%zz", http.StatusBadRequest, "bad_request", ""},
		{"malformed content type", "application/json; charset", `{}`, http.StatusBadRequest, "bad_request", ""},
		{"unsupported content type", "text/plain", "alice@example.com alice-password", http.StatusUnsupportedMediaType, "unsupported_media_type", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			wantError(t, s.post(t, "/api/v1/auth/login", tt.contentType, tt.body), tt.status, tt.code, tt.field)
		})
	}
}

// TestAuthLoginInvalidEmail checks that the service's problem with the
// email is reported under the name the client gave it.
func TestAuthLoginInvalidEmail(t *testing.T) {
	tests := []struct{ name, contentType, body, field string }{
		{"json", "application/json", `{"email":"a\u0000b","password":"alice-password"}`, "email"},
		{"form", formMediaType, "username=a%00b&password=alice-password", "username"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			s.users.err = apperr.Invalid(map[string]string{"email": "must not contain a NUL character"})
			res := s.post(t, "/api/v1/auth/login", tt.contentType, tt.body)
			wantError(t, res, http.StatusUnprocessableEntity, "validation", tt.field)
			if details, _ := res.body["details"].(map[string]any); len(details) != 1 {
				t.Errorf("details = %v, want only %s", details, tt.field)
			}
		})
	}
}

func TestAuthLoginRefused(t *testing.T) {
	s := newServer(t)
	res := s.post(t, "/api/v1/auth/login", "application/json", `{"email":"alice@example.com","password":"wrong-password"}`)
	wantError(t, res, http.StatusUnauthorized, "unauthorized", "")
	wantChallenge(t, res)
	if res.body["error"] != "incorrect email or password" {
		t.Errorf("error = %v, want the service's %q", res.body["error"], "incorrect email or password")
	}
}

// wantChallenge checks that a 401 carries the Bearer challenge RFC 9110
// requires on every 401.
func wantChallenge(t *testing.T, res response) {
	t.Helper()
	if got := res.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
		t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", got)
	}
}

func TestAuthRefresh(t *testing.T) {
	s := newServer(t)
	access, refresh := wantTokens(t, s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/refresh", `{"refresh_token":"`+aliceRefreshToken+`"}`))
	wantUser(t, s.doAs(t, access, http.MethodGet, "/api/v1/users/me", ""), alice)
	if next, _ := wantTokens(t, s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/refresh", `{"refresh_token":"`+refresh+`"}`)); next == access {
		t.Errorf("second refresh returned the same access token %q, want a new one", next)
	}

	res := s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/refresh", `{"refresh_token":"forged"}`)
	wantError(t, res, http.StatusUnauthorized, "unauthorized", "")
	wantChallenge(t, res)
	wantError(t, s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/refresh", `{"refresh_token":""}`), http.StatusUnprocessableEntity, "validation", "refresh_token")
}

func TestAuthMe(t *testing.T) {
	s := newServer(t)
	wantUser(t, s.do(t, http.MethodGet, "/api/v1/users/me", ""), alice)
	res := s.doAs(t, rootToken, http.MethodGet, "/api/v1/users/me", "")
	wantUser(t, res, root)
	if res.body["is_superuser"] != true {
		t.Errorf("is_superuser = %v, want true for root", res.body["is_superuser"])
	}
}

func TestAuthUpdateMe(t *testing.T) {
	tests := []struct {
		name, body string
		want       model.UserChange
		fullName   any // full_name in the response
	}{
		{"full_name", `{"full_name":"Alice Liddell"}`, model.UserChange{FullName: ptr("Alice Liddell")}, "Alice Liddell"},
		{"full_name cleared", `{"full_name":null}`, model.UserChange{FullName: ptr("")}, nil},
		{"email", `{"email":"liddell@example.com"}`, model.UserChange{Email: ptr("liddell@example.com")}, nil},
		{"password", `{"password":"new-password","current_password":"alice-password"}`,
			model.UserChange{Password: ptr("new-password"), CurrentPassword: ptr("alice-password")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			res := s.do(t, http.MethodPatch, "/api/v1/users/me", tt.body)
			if res.status != http.StatusOK || res.body["id"] != alice.ID.String() || res.body["full_name"] != tt.fullName {
				t.Errorf("PATCH = %d %v, want 200, alice's id and full_name %v", res.status, res.body, tt.fullName)
			}
			if got := s.users.changes; !reflect.DeepEqual(got, []model.UserChange{tt.want}) {
				t.Errorf("the service got %s, want %s", describe(got...), describe(tt.want))
			}
		})
	}
}

func TestAuthUpdateMeInvalid(t *testing.T) {
	tests := []struct {
		name, body, field string
	}{
		{"email null", `{"email":null}`, "email"},
		{"email invalid", `{"email":"alice"}`, "email"},
		{"password too short", `{"password":"short","current_password":"alice-password"}`, "password"},
		{"password null", `{"password":null}`, "password"},
		// Users cannot make themselves superusers or reactivate themselves.
		{"is_superuser", `{"is_superuser":true}`, "is_superuser"},
		{"is_active", `{"is_active":true}`, "is_active"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			wantError(t, s.do(t, http.MethodPatch, "/api/v1/users/me", tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
			if len(s.users.changes) > 0 {
				t.Errorf("the service got %s, want nothing", describe(s.users.changes...))
			}
		})
	}
}

// describe spells out account changes for a failure message: the values
// their fields point to, nil for absent ones.
func describe(cs ...model.UserChange) string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("{Email:%s FullName:%s Password:%s CurrentPassword:%s IsActive:%s IsSuperuser:%s}",
			deref(c.Email), deref(c.FullName), deref(c.Password), deref(c.CurrentPassword), deref(c.IsActive), deref(c.IsSuperuser)))
	}
	return "[" + strings.Join(out, " ") + "]"
}

func deref[T any](p *T) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%#v", *p)
}

func TestAuthManageUsers(t *testing.T) {
	s := newServer(t)
	wantError(t, s.do(t, http.MethodGet, "/api/v1/users", ""), http.StatusForbidden, "forbidden", "")
	res := s.doAs(t, rootToken, http.MethodGet, "/api/v1/users?limit=2&count=true", "")
	next, _ := res.body["next_cursor"].(string)
	if items, _ := res.body["items"].([]any); res.status != http.StatusOK || len(items) != 2 || res.body["total"] != 3.0 || next == "" {
		t.Errorf("GET /users?limit=2 as root = %d %v, want 200 two of 3 users and a next_cursor", res.status, res.body)
	}
	res = s.doAs(t, rootToken, http.MethodGet, "/api/v1/users?limit=2&cursor="+next, "")
	if items, _ := res.body["items"].([]any); res.status != http.StatusOK || len(items) != 1 || res.body["next_cursor"] != nil {
		t.Errorf("GET /users, second page = %d %v, want 200, the third user and no next_cursor", res.status, res.body)
	}
	for _, sort := range strings.Split("created_at,-created_at,updated_at,-updated_at,email,-email", ",") {
		key, desc := strings.CutPrefix(sort, "-")
		if res := s.doAs(t, rootToken, http.MethodGet, "/api/v1/users?sort="+sort, ""); res.status != http.StatusOK || s.users.query.Sort != (model.UserSort{Key: model.UserSortKey(key), Desc: desc}) {
			t.Errorf("GET /users?sort=%s = %d, sort %+v", sort, res.status, s.users.query.Sort)
		}
	}
	if res := s.doAs(t, rootToken, http.MethodGet, "/api/v1/users?"+url.Values{"email": {"a@example.com"}}.Encode(), ""); res.status != http.StatusOK || len(s.users.query.Filter.Email) != 1 {
		t.Errorf("GET /users?email= %d, filter %+v; want 200 and one condition", res.status, s.users.query.Filter)
	}
	if res := s.doAs(t, rootToken, http.MethodGet, "/api/v1/users?"+url.Values{"is_active": {"true"}}.Encode(), ""); res.status != http.StatusOK || len(s.users.query.Filter.IsActive) != 1 {
		t.Errorf("GET /users?is_active= %d, filter %+v; want 200 and one condition", res.status, s.users.query.Filter)
	}
	if res := s.doAs(t, rootToken, http.MethodGet, "/api/v1/users?"+url.Values{"is_superuser": {"true"}}.Encode(), ""); res.status != http.StatusOK || len(s.users.query.Filter.IsSuperuser) != 1 {
		t.Errorf("GET /users?is_superuser= %d, filter %+v; want 200 and one condition", res.status, s.users.query.Filter)
	}
	for q, field := range map[string]string{
		"sort=password_hash": "sort", "limit=0": "limit", "cursor=x": "cursor", "sort=-created_at&cursor=" + next: "cursor",
		url.Values{"is_active": {"yes"}}.Encode():    "is_active",
		url.Values{"is_superuser": {"yes"}}.Encode(): "is_superuser",
	} {
		wantError(t, s.doAs(t, rootToken, http.MethodGet, "/api/v1/users?"+q, ""), http.StatusUnprocessableEntity, "validation", field)
	}

	bobPath := "/api/v1/users/" + bob.ID.String()
	wantUser(t, s.do(t, http.MethodGet, "/api/v1/users/"+alice.ID.String(), ""), alice)
	wantError(t, s.do(t, http.MethodGet, bobPath, ""), http.StatusForbidden, "forbidden", "")
	wantUser(t, s.doAs(t, rootToken, http.MethodGet, bobPath, ""), bob)
	wantError(t, s.doAs(t, rootToken, http.MethodGet, "/api/v1/users/"+uuid.NewString(), ""), http.StatusNotFound, "not_found", "")
	for _, id := range otherIDForms(bob.ID) {
		wantError(t, s.doAs(t, rootToken, http.MethodGet, "/api/v1/users/"+id, ""), http.StatusNotFound, "not_found", "")
	}

	wantError(t, s.do(t, http.MethodPatch, bobPath, `{"is_superuser":true}`), http.StatusForbidden, "forbidden", "")
	res = s.doAs(t, rootToken, http.MethodPatch, bobPath, `{"is_superuser":true}`)
	if res.status != http.StatusOK || res.body["is_superuser"] != true {
		t.Errorf("PATCH is_superuser as root = %d %v, want 200 and is_superuser true", res.status, res.body)
	}
	wantError(t, s.doAs(t, rootToken, http.MethodPatch, bobPath, `{"is_active":null}`), http.StatusUnprocessableEntity, "validation", "is_active")
}

func TestAuthInactiveUser(t *testing.T) {
	s := newServer(t)
	res := s.doAs(t, rootToken, http.MethodPatch, "/api/v1/users/"+bob.ID.String(), `{"is_active":false}`)
	if res.status != http.StatusOK || res.body["is_active"] != false {
		t.Fatalf("PATCH is_active false as root = %d %v, want 200 and is_active false", res.status, res.body)
	}
	res = s.doAs(t, bobToken, http.MethodGet, "/api/v1/users/me", "")
	wantError(t, res, http.StatusUnauthorized, "unauthorized", "")
	if res.body["error"] != "user is inactive" {
		t.Errorf("error = %v, want %q", res.body["error"], "user is inactive")
	}
	if got := res.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
		t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", got)
	}
}

// TestAuthRequired sends requests without a usable access token to every
// route that needs one.
func TestAuthRequired(t *testing.T) {
	paths := []string{"/api/v1/users/me", "/api/v1/users/me/sessions"}
	tests := []struct {
		name, authorization string
	}{
		{"no header", ""},
		{"basic scheme", "Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ="},
		{"valid token under another scheme", "Token " + aliceToken},
		{"bearer without token", "Bearer"},
		{"bearer with empty token", "Bearer "},
		{"unknown token", "Bearer forged-token"},
		{"token without scheme", aliceToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			for _, path := range paths {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				if tt.authorization != "" {
					req.Header.Set("Authorization", tt.authorization)
				}
				res := s.serve(t, req)
				if res.status != http.StatusUnauthorized || res.body["code"] != "unauthorized" {
					t.Errorf("GET %s = %d %v, want 401 unauthorized", path, res.status, res.body)
				}
				if got := res.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
					t.Errorf("GET %s: WWW-Authenticate = %q, want a Bearer challenge", path, got)
				}
			}
		})
	}

	// The scheme is case-insensitive (RFC 9110): the same routes admit a
	// valid token however it is spelled.
	s := newServer(t)
	for _, path := range paths {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "bearer "+aliceToken)
		if res := s.serve(t, req); res.status != http.StatusOK {
			t.Errorf("GET %s with %q = %d %v, want 200", path, "bearer "+aliceToken, res.status, res.body)
		}
	}
}

func TestAuthServiceDown(t *testing.T) {
	s := newServer(t)
	s.users.err = errors.New("database is down: disk I/O error")
	res := s.do(t, http.MethodGet, "/api/v1/users/me", "")
	wantError(t, res, http.StatusInternalServerError, "internal", "")
	if strings.Contains(res.body["error"].(string), "disk") {
		t.Errorf("error = %q, leaks the cause", res.body["error"])
	}
	if got := res.header.Get("WWW-Authenticate"); got != "" {
		t.Errorf("WWW-Authenticate = %q, want none: the token was not refused", got)
	}
	if !strings.Contains(s.log.String(), "disk I/O error") {
		t.Errorf("log does not record the cause:\n%s", s.log)
	}
}

// TestAuthTryLater checks that the refusals of the rate limits and of the
// bound on password hashing reach the client as 429 and 503 with a
// Retry-After in whole seconds, rounded up, on every operation that can
// give them.
func TestAuthTryLater(t *testing.T) {
	const (
		register = `{"email":"carol@example.com","password":"carol-password"}`
		login    = `{"email":"alice@example.com","password":"alice-password"}`
		refresh  = `{"refresh_token":"` + aliceRefreshToken + `"}`
		reset    = `{"email":"alice@example.com"}`
		confirm  = `{"token":"` + resetToken + `","password":"new-password"}`
	)
	tests := []struct {
		name, path, body string
		kind             apperr.Kind
		status           int
	}{
		{"register rate limited", "/api/v1/auth/register", register, apperr.RateLimited, http.StatusTooManyRequests},
		{"login rate limited", "/api/v1/auth/login", login, apperr.RateLimited, http.StatusTooManyRequests},
		{"refresh rate limited", "/api/v1/auth/refresh", refresh, apperr.RateLimited, http.StatusTooManyRequests},
		{"register hashing busy", "/api/v1/auth/register", register, apperr.Unavailable, http.StatusServiceUnavailable},
		{"login hashing busy", "/api/v1/auth/login", login, apperr.Unavailable, http.StatusServiceUnavailable},
		{"password reset rate limited", "/api/v1/auth/password-reset", reset, apperr.RateLimited, http.StatusTooManyRequests},
		{"confirm rate limited", "/api/v1/auth/password-reset/confirm", confirm, apperr.RateLimited, http.StatusTooManyRequests},
		{"confirm hashing busy", "/api/v1/auth/password-reset/confirm", confirm, apperr.Unavailable, http.StatusServiceUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			s.users.err = apperr.TryLater(tt.kind, "try again later", 1500*time.Millisecond, nil)
			res := s.doAs(t, noToken, http.MethodPost, tt.path, tt.body)
			wantError(t, res, tt.status, string(tt.kind), "")
			if got := res.header.Get("Retry-After"); got != "2" {
				t.Errorf("Retry-After = %q, want %q", got, "2")
			}
		})
	}
}

// TestAuthClientAddress checks which address the services are told the
// client has: the peer's, unless the peer is a trusted proxy, whose
// X-Forwarded-For is then read from the right up to the first address that
// is not a trusted proxy's.
func TestAuthClientAddress(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	tests := []struct {
		name, peer string
		forwarded  []string
		want       string
	}{
		{"no proxy", "192.0.2.1:4000", nil, "192.0.2.1"},
		{"untrusted peer", "192.0.2.1:4000", []string{"198.51.100.7"}, "192.0.2.1"},
		{"trusted proxy", "10.0.0.2:4000", []string{"198.51.100.7"}, "198.51.100.7"},
		{"trusted proxy without header", "10.0.0.2:4000", nil, "10.0.0.2"},
		{"spoofed hop left of the client", "10.0.0.2:4000", []string{"203.0.113.9, 198.51.100.7"}, "198.51.100.7"},
		{"chain of trusted proxies", "10.0.0.2:4000", []string{"198.51.100.7, 10.0.0.3", "10.0.0.4"}, "198.51.100.7"},
		{"malformed hop", "10.0.0.2:4000", []string{"198.51.100.7, bogus"}, "10.0.0.2"},
		{"IPv6 proxy", "[fd00::1]:4000", []string{"2001:db8::7"}, "2001:db8::7"},
		{"IPv4-mapped peer", "[::ffff:192.0.2.1]:4000", []string{"198.51.100.7"}, "192.0.2.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			users := newFakeUsers()
			h := handler.New(handler.Deps{Logger: slog.New(slog.DiscardHandler), Users: users, TrustedProxies: trusted})
			for _, path := range []string{"/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/auth/refresh"} {
				req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(`{"email":"alice@example.com","password":"alice-password"}`))
				if path == "/api/v1/auth/refresh" {
					req = httptest.NewRequest(http.MethodPost, path, strings.NewReader(`{"refresh_token":"`+aliceRefreshToken+`"}`))
				}
				req.Header.Set("Content-Type", "application/json")
				req.RemoteAddr = tt.peer
				for _, v := range tt.forwarded {
					req.Header.Add("X-Forwarded-For", v)
				}
				h.ServeHTTP(httptest.NewRecorder(), req)
			}
			want := netip.MustParseAddr(tt.want)
			if len(users.clients) != 3 {
				t.Fatalf("services were told %d client addresses, want 3", len(users.clients))
			}
			for _, got := range users.clients {
				if got != want {
					t.Errorf("client = %s, want %s", got, want)
				}
			}
		})
	}
}

func TestAuthLogout(t *testing.T) {
	s := newServer(t)
	req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", strings.NewReader(`{"email":"alice@example.com","password":"alice-password"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "curl/8.0")
	access, refresh := wantTokens(t, s.serve(t, req))
	if !slices.Equal(s.users.agents, []string{"curl/8.0"}) {
		t.Errorf("Login was told the user agents %q, want the request's", s.users.agents)
	}
	if res := s.doAs(t, access, http.MethodPost, "/api/v1/auth/logout", ""); res.status != http.StatusNoContent {
		t.Fatalf("logout = %d %v, want 204", res.status, res.body)
	}
	wantError(t, s.doAs(t, access, http.MethodGet, "/api/v1/users/me", ""), http.StatusUnauthorized, "unauthorized", "")
	wantError(t, s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/refresh", `{"refresh_token":"`+refresh+`"}`), http.StatusUnauthorized, "unauthorized", "")
	// Alice's other session lives on.
	wantUser(t, s.do(t, http.MethodGet, "/api/v1/users/me", ""), alice)
	wantError(t, s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/logout", ""), http.StatusUnauthorized, "unauthorized", "")
}

func TestAuthSessions(t *testing.T) {
	s := newServer(t)
	other := uuid.MustParse("0196f1a0-0000-7000-8000-00000000a002")
	s.users.sessions[other] = fixtureSession(other, alice.ID)

	res := s.do(t, http.MethodGet, "/api/v1/users/me/sessions", "")
	items, _ := res.body["items"].([]any)
	if res.status != http.StatusOK || len(items) != 2 {
		t.Fatalf("GET /users/me/sessions = %d %v, want 200 and alice's two sessions", res.status, res.body)
	}
	for _, item := range items {
		s, _ := item.(map[string]any)
		if want := s["id"] == aliceSession.String(); s["current"] != want || s["user_agent"] != "test-agent/1.0" || s["ip"] != "192.0.2.1" {
			t.Errorf("session %v, want current = %t and its client", s, want)
		}
	}

	for _, id := range []string{bobSession.String(), uuid.NewString(), "not-a-uuid"} {
		wantError(t, s.do(t, http.MethodDelete, "/api/v1/users/me/sessions/"+id, ""), http.StatusNotFound, "not_found", "")
	}
	if res := s.do(t, http.MethodDelete, "/api/v1/users/me/sessions/"+other.String(), ""); res.status != http.StatusNoContent {
		t.Errorf("DELETE own session = %d %v, want 204", res.status, res.body)
	}
	if _, ok := s.users.sessions[other]; ok {
		t.Error("the session is still live after DELETE")
	}
	if res := s.do(t, http.MethodDelete, "/api/v1/users/me/sessions", ""); res.status != http.StatusNoContent {
		t.Errorf("DELETE all sessions = %d %v, want 204", res.status, res.body)
	}
	wantError(t, s.do(t, http.MethodGet, "/api/v1/users/me", ""), http.StatusUnauthorized, "unauthorized", "")
	wantUser(t, s.doAs(t, bobToken, http.MethodGet, "/api/v1/users/me", ""), bob)
}

func TestAuthPasswordReset(t *testing.T) {
	s := newServer(t)
	known := s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/password-reset", `{"email":"alice@example.com"}`)
	unknown := s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/password-reset", `{"email":"nobody@example.com"}`)
	if known.status != http.StatusAccepted || unknown.status != http.StatusAccepted || !reflect.DeepEqual(known.body, unknown.body) {
		t.Errorf("password reset = %d %v for an account, %d %v for none; want 202 and the same body", known.status, known.body, unknown.status, unknown.body)
	}
	if want := []string{"alice@example.com", "nobody@example.com"}; !slices.Equal(s.users.resetEmails, want) {
		t.Errorf("resets asked for %q, want %q", s.users.resetEmails, want)
	}
	wantError(t, s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/password-reset", `{"email":"not an email"}`), http.StatusUnprocessableEntity, "validation", "email")

	confirm := func(token, password string) response {
		return s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/password-reset/confirm", `{"token":"`+token+`","password":"`+password+`"}`)
	}
	wantError(t, confirm(resetToken, "short"), http.StatusUnprocessableEntity, "validation", "password")
	if res := confirm(resetToken, "alice-new-password"); res.status != http.StatusNoContent {
		t.Fatalf("confirm = %d %v, want 204", res.status, res.body)
	}
	wantError(t, s.do(t, http.MethodGet, "/api/v1/users/me", ""), http.StatusUnauthorized, "unauthorized", "")
	wantError(t, confirm(resetToken, "alice-newer-password"), http.StatusBadRequest, "invalid_token", "")

	// Without a mail server, password resets are unavailable.
	s.users.err = apperr.New(apperr.Unavailable, "password reset is not available")
	wantError(t, s.doAs(t, noToken, http.MethodPost, "/api/v1/auth/password-reset", `{"email":"alice@example.com"}`), http.StatusServiceUnavailable, "unavailable", "")
}

func TestAuthPublicRoutes(t *testing.T) {
	tests := []struct {
		method, path, body string
		status             int
	}{
		{http.MethodGet, "/api/v1/health", "", http.StatusOK},
		{http.MethodGet, "/api/v1/health/ready", "", http.StatusOK},
		{http.MethodGet, "/openapi.json", "", http.StatusOK},
		{http.MethodPost, "/api/v1/auth/register", `{"email":"carol@example.com","password":"carol-password"}`, http.StatusCreated},
		{http.MethodPost, "/api/v1/auth/login", `{"email":"alice@example.com","password":"alice-password"}`, http.StatusOK},
		{http.MethodPost, "/api/v1/auth/refresh", `{"refresh_token":"` + aliceRefreshToken + `"}`, http.StatusOK},
		{http.MethodPost, "/api/v1/auth/password-reset", `{"email":"alice@example.com"}`, http.StatusAccepted},
		{http.MethodPost, "/api/v1/auth/password-reset/confirm", `{"token":"` + resetToken + `","password":"new-password"}`, http.StatusNoContent},
	}
	s := newServer(t)
	for _, tt := range tests {
		if res := s.doAs(t, noToken, tt.method, tt.path, tt.body); res.status != tt.status {
			t.Errorf("%s %s without a token = %d %v, want %d", tt.method, tt.path, res.status, res.body, tt.status)
		}
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/docs", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("GET /docs without a token = %d, want 200", rec.Code)
	}
}

func TestAuthOpenAPI(t *testing.T) {
	s := newServer(t)
	doc := s.doAs(t, noToken, http.MethodGet, "/openapi.json", "").body
	scheme := lookup(doc, "components", "securitySchemes", "bearer")
	if lookup(scheme, "type") != "http" || lookup(scheme, "scheme") != "bearer" {
		t.Errorf("securitySchemes.bearer = %v, want an http bearer scheme", scheme)
	}

	bearer := []any{map[string]any{"bearer": []any{}}}
	private := [][2]string{
		{"/api/v1/users/me", "get"},
		{"/api/v1/users", "get"},
	}
	for _, op := range private {
		if got := lookup(doc, "paths", op[0], op[1], "security"); !reflect.DeepEqual(got, bearer) {
			t.Errorf("%s %s: security = %v, want %v", op[1], op[0], got, bearer)
		}
	}
	public := [][2]string{
		{"/api/v1/health", "get"},
		{"/api/v1/auth/register", "post"},
		{"/api/v1/auth/login", "post"},
		{"/api/v1/auth/refresh", "post"},
	}
	for _, op := range public {
		if lookup(doc, "paths", op[0], op[1]) == nil {
			t.Errorf("%s %s is not documented", op[1], op[0])
		}
		if got := lookup(doc, "paths", op[0], op[1], "security"); got != nil {
			t.Errorf("%s %s: security = %v, want none", op[1], op[0], got)
		}
	}

	for _, mediaType := range []string{"application/json", formMediaType} {
		if lookup(doc, "paths", "/api/v1/auth/login", "post", "requestBody", "content", mediaType, "schema") == nil {
			t.Errorf("post /api/v1/auth/login documents no %s body", mediaType)
		}
	}
}

// lookup follows keys through nested JSON objects and returns what it
// finds there, or nil.
func lookup(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}
