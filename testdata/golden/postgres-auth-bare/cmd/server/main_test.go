package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
)

// syncBuffer is a bytes.Buffer safe for the server and the test to share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// listening finds the address the server listens on in its log, text
// (development) or JSON (production).
var listening = regexp.MustCompile(`(?:msg=listening addr=|"msg":"listening","addr":")([^\s"]+)`)

// testSecret signs the tokens of the servers under test, so tokens survive
// a restart.
const testSecret = "test-secret-test-secret-test-secret"

// testDatabase returns the URL of a fresh schema in the database at
// TEST_DATABASE_URL, dropped when the test ends. It skips the test when
// TEST_DATABASE_URL is not set.
func testDatabase(t testing.TB) string {
	t.Helper()
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		t.Skip("TEST_DATABASE_URL is not set; set it to a PostgreSQL URL to run the server against a real database")
	}
	schema := "test_" + strings.ToLower(rand.Text())
	exec := func(ctx context.Context, sql string) {
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatalf("TEST_DATABASE_URL: %v", err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec(t.Context(), "CREATE SCHEMA "+schema)
	t.Cleanup(func() { exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE") })
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}

// start runs the server on a free port, with its metrics on another, and
// returns its base URL and a function that stops it and returns run's
// error. extra adds to
// the environment.
func start(t testing.TB, dbURL string, extra map[string]string) (string, func() error) {
	t.Helper()
	env := map[string]string{"HTTP_ADDR": "127.0.0.1:0", "METRICS_ADDR": "127.0.0.1:0", "DATABASE_URL": dbURL, "JWT_SECRET": testSecret}
	for k, v := range extra {
		env[k] = v
	}
	base, _, stop := startEnv(t, env)
	return base, stop
}

// startEnv runs the server with exactly env on a free port and returns its
// base URL, what it logs and a function that stops it and returns run's
// error.
func startEnv(t testing.TB, env map[string]string) (string, *syncBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, func(k string) string { return env[k] }, out) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			return "http://" + m[1], out, func() error { cancel(); return <-done }
		}
		select {
		case err := <-done:
			t.Fatalf("run returned early: %v\n%s", err, out)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not start:\n%s", out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// client calls a running server with an access token, which may be empty,
// and checks every response against the server's OpenAPI document.
type client struct {
	t        *testing.T
	base     string
	token    string
	contract validator.Validator
}

// newClient returns a client of the server at base, which serves its
// OpenAPI document.
func newClient(t *testing.T, base string) client {
	t.Helper()
	res, err := http.Get(base + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		t.Fatalf("read the OpenAPI document: %v", err)
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		t.Fatalf("load the OpenAPI document: %v", errs)
	}
	return client{t: t, base: base, contract: v}
}

// as returns the client acting with token.
func (c client) as(token string) client {
	c.token = token
	return c
}

// do sends a request and returns the status and the decoded JSON body.
func (c client) do(method, path, contentType, body string) (int, map[string]any) {
	c.t.Helper()
	status, _, out := c.send(method, path, contentType, body)
	return status, out
}

// send is do that returns the response's header too.
func (c client) send(method, path, contentType, body string) (int, http.Header, map[string]any) {
	c.t.Helper()
	req, err := http.NewRequestWithContext(c.t.Context(), method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	res.Body = io.NopCloser(bytes.NewReader(raw))
	if _, errs := c.contract.ValidateHttpResponse(req, res); len(errs) > 0 {
		c.t.Errorf("%s %s: %d %s breaks the OpenAPI document: %v", method, path, res.StatusCode, raw, errs)
	}
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			c.t.Fatalf("%s %s: body is not a JSON object: %v: %s", method, path, err, raw)
		}
	}
	return res.StatusCode, res.Header, out
}

// json sends a JSON body.
func (c client) json(method, path, body string) (int, map[string]any) {
	c.t.Helper()
	return c.do(method, path, "application/json", body)
}

// want fails the test unless a request answers status.
func (c client) want(status int, method, path, body string) map[string]any {
	c.t.Helper()
	got, res := c.json(method, path, body)
	if got != status {
		c.t.Fatalf("%s %s = %d %v, want %d", method, path, got, res, status)
	}
	return res
}

// wantInvalid fails the test unless a request answers 422 with details
// naming field.
func (c client) wantInvalid(field, method, path, contentType, body string) {
	c.t.Helper()
	status, res := c.do(method, path, contentType, body)
	details, _ := res["details"].(map[string]any)
	if status != http.StatusUnprocessableEntity || details[field] == nil {
		c.t.Errorf("%s %s = %d %v, want 422 naming %s", method, path, status, res, field)
	}
}

// register creates an account and returns its id.
func (c client) register(email, password string) string {
	c.t.Helper()
	res := c.want(http.StatusCreated, http.MethodPost, "/api/v1/auth/register",
		fmt.Sprintf(`{"email": %q, "password": %q}`, email, password))
	id, _ := res["id"].(string)
	return id
}

// login logs in with the OAuth2 password form and returns the tokens.
func (c client) login(email, password string) (access, refresh string) {
	c.t.Helper()
	form := url.Values{"username": {email}, "password": {password}}.Encode()
	status, res := c.do(http.MethodPost, "/api/v1/auth/login", "application/x-www-form-urlencoded", form)
	if status != http.StatusOK {
		c.t.Fatalf("login as %s = %d %v, want 200", email, status, res)
	}
	access, _ = res["access_token"].(string)
	refresh, _ = res["refresh_token"].(string)
	return access, refresh
}

// unsignedToken is a well-formed access token for subject with alg "none".
func unsignedToken(subject string) string {
	enc := base64.RawURLEncoding.EncodeToString
	now := time.Now().Unix()
	return enc([]byte(`{"alg":"none","typ":"JWT"}`)) + "." +
		enc(fmt.Appendf(nil, `{"iss":"bare","aud":["bare"],"sub":%q,"typ":"access","iat":%d,"exp":%d}`, subject, now, now+3600)) + "."
}

func TestAuthEndToEnd(t *testing.T) {
	dbURL := testDatabase(t)
	superuser := map[string]string{"FIRST_SUPERUSER_EMAIL": "root@example.com", "FIRST_SUPERUSER_PASSWORD": "root-password"}
	base, stop := start(t, dbURL, superuser)
	c := newClient(t, base)

	aliceID := c.register("Alice@Example.com", "alice-password")
	c.register("bob@example.com", "bob-password")
	c.want(http.StatusConflict, http.MethodPost, "/api/v1/auth/register", `{"email": "ALICE@example.com", "password": "another-password"}`)
	c.want(http.StatusUnprocessableEntity, http.MethodPost, "/api/v1/auth/register", `{"email": "alice2@example.com", "password": "short"}`)

	// Unknown email and wrong password look the same.
	_, unknown := c.json(http.MethodPost, "/api/v1/auth/login", `{"email": "nobody@example.com", "password": "whatever-it-is"}`)
	wrong := c.want(http.StatusUnauthorized, http.MethodPost, "/api/v1/auth/login", `{"email": "alice@example.com", "password": "not-the-password"}`)
	if unknown["error"] != wrong["error"] {
		t.Errorf("unknown email says %q, wrong password %q; want the same message", unknown["error"], wrong["error"])
	}

	alice, aliceRefresh := c.login("alice@example.com", "alice-password")
	bob, _ := c.login("BOB@example.com", "bob-password")
	root, _ := c.login("root@example.com", "root-password")

	me := c.as(alice).want(http.StatusOK, http.MethodGet, "/api/v1/users/me", "")
	if me["id"] != aliceID || me["email"] != "alice@example.com" || me["is_superuser"] != false {
		t.Errorf("GET /users/me as alice = %v, want alice, stored in lower case", me)
	}
	for _, key := range []string{"password", "password_hash"} {
		if _, ok := me[key]; ok {
			t.Errorf("GET /users/me carries %q", key)
		}
	}

	// Tokens are checked: no token, a forged one, a refresh token as an
	// access token and an access token as a refresh token are refused.
	c.want(http.StatusUnauthorized, http.MethodGet, "/api/v1/users/me", "")
	c.as(unsignedToken(aliceID)).want(http.StatusUnauthorized, http.MethodGet, "/api/v1/users/me", "")
	c.as(aliceRefresh).want(http.StatusUnauthorized, http.MethodGet, "/api/v1/users/me", "")
	c.want(http.StatusUnauthorized, http.MethodPost, "/api/v1/auth/refresh", fmt.Sprintf(`{"refresh_token": %q}`, alice))
	pair := c.want(http.StatusOK, http.MethodPost, "/api/v1/auth/refresh", fmt.Sprintf(`{"refresh_token": %q}`, aliceRefresh))
	if token, _ := pair["access_token"].(string); token == "" || pair["token_type"] != "bearer" {
		t.Errorf("refresh = %v, want a new bearer pair", pair)
	}

	// Only superusers list users.
	c.as(alice).want(http.StatusForbidden, http.MethodGet, "/api/v1/users", "")
	page := c.as(root).want(http.StatusOK, http.MethodGet, "/api/v1/users?count=true", "")
	if page["total"] != float64(3) {
		t.Errorf("GET /users as root: total = %v, want 3", page["total"])
	}

	// A password change needs the current password and replaces the old one.
	c.as(alice).want(http.StatusUnprocessableEntity, http.MethodPatch, "/api/v1/users/me", `{"password": "alice-new-password"}`)
	c.as(alice).want(http.StatusOK, http.MethodPatch, "/api/v1/users/me", `{"password": "alice-new-password", "current_password": "alice-password"}`)
	c.want(http.StatusUnauthorized, http.MethodPost, "/api/v1/auth/login", `{"email": "alice@example.com", "password": "alice-password"}`)
	c.login("alice@example.com", "alice-new-password")

	if err := stop(); err != nil {
		t.Fatalf("run after cancel = %v, want nil", err)
	}

	// After a restart tokens still work and the first superuser is not
	// created twice.
	base, stop = start(t, dbURL, superuser)
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("run after cancel = %v, want nil", err)
		}
	}()
	c.base = base
	c.as(alice).want(http.StatusOK, http.MethodGet, "/api/v1/users/me", "")
	if page := c.as(root).want(http.StatusOK, http.MethodGet, "/api/v1/users?count=true", ""); page["total"] != float64(3) {
		t.Errorf("users after a restart = %v, want 3", page["total"])
	}

	// A deactivated user can neither use a token nor log in: the server
	// has just served bob from its user cache, and the change drops him
	// from it at once, as a change of the superuser flag does.
	bobID := c.as(bob).want(http.StatusOK, http.MethodGet, "/api/v1/users/me", "")["id"].(string)
	c.as(root).want(http.StatusOK, http.MethodPatch, "/api/v1/users/"+bobID, `{"is_active": false}`)
	c.as(bob).want(http.StatusUnauthorized, http.MethodGet, "/api/v1/users/me", "")
	c.want(http.StatusUnauthorized, http.MethodPost, "/api/v1/auth/login", `{"email": "bob@example.com", "password": "bob-password"}`)
	c.as(alice).want(http.StatusForbidden, http.MethodGet, "/api/v1/users", "")
	c.as(root).want(http.StatusOK, http.MethodPatch, "/api/v1/users/"+aliceID, `{"is_superuser": true}`)
	c.as(alice).want(http.StatusOK, http.MethodGet, "/api/v1/users", "")
}

// TestAuthRateLimits checks that logins beyond the limits are refused with
// 429 and a Retry-After, per account and per client, and that two
// servers on one database share the counts, as replicas do.
func TestAuthRateLimits(t *testing.T) {
	dbURL := testDatabase(t)
	limits := map[string]string{"RATE_LIMIT_LOGIN_PER_ACCOUNT": "3/1m", "RATE_LIMIT_LOGIN_PER_IP": "5/1m"}
	base, stop := start(t, dbURL, limits)
	defer stopClean(t, stop)
	servers := []client{newClient(t, base)}
	other, stopOther := start(t, dbURL, limits)
	defer stopClean(t, stopOther)
	servers = append(servers, newClient(t, other))
	attempt := 0
	login := func(email string) (int, http.Header) {
		c := servers[attempt%len(servers)]
		attempt++
		status, header, _ := c.send(http.MethodPost, "/api/v1/auth/login", "application/json",
			fmt.Sprintf(`{"email": %q, "password": "wrong-password"}`, email))
		return status, header
	}
	wantRefused := func(what string, status int, header http.Header) {
		t.Helper()
		if status != http.StatusTooManyRequests {
			t.Fatalf("%s = %d, want 429", what, status)
		}
		if s, err := strconv.Atoi(header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
			t.Errorf("%s: Retry-After = %q, want 1 to 60 seconds", what, header.Get("Retry-After"))
		}
	}

	// Three attempts for one account, spread over the servers, use its limit.
	for range 3 {
		if status, _ := login("alice@example.com"); status != http.StatusUnauthorized {
			t.Fatalf("attempt %d for alice = %d, want 401", attempt, status)
		}
	}
	status, header := login("alice@example.com")
	wantRefused("fourth attempt for alice", status, header)
	// The client made four attempts; its fifth is for another account.
	if status, _ := login("bob@example.com"); status != http.StatusUnauthorized {
		t.Fatalf("first attempt for bob = %d, want 401", status)
	}
	status, header = login("carol@example.com")
	wantRefused("sixth attempt of the client", status, header)
}

// TestAuthHashingBounded checks that logins that find every password
// hashing slot taken are refused with 503 and a Retry-After: one slot and a
// wait of a millisecond make concurrent logins find it taken.
func TestAuthHashingBounded(t *testing.T) {
	base, stop := start(t, testDatabase(t), map[string]string{"PASSWORD_HASH_CONCURRENCY": "1", "PASSWORD_HASH_WAIT": "1ms"})
	defer stopClean(t, stop)
	const n = 16
	type answer struct {
		status     int
		retryAfter string
		err        error
	}
	answers := make([]answer, n)
	var wg sync.WaitGroup
	begin := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-begin
			body := fmt.Sprintf(`{"email": "user%d@example.com", "password": "wrong-password"}`, i)
			res, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(body))
			if err != nil {
				answers[i].err = err
				return
			}
			defer res.Body.Close()
			answers[i] = answer{status: res.StatusCode, retryAfter: res.Header.Get("Retry-After")}
		})
	}
	close(begin)
	wg.Wait()
	busy := 0
	for _, a := range answers {
		switch {
		case a.err != nil:
			t.Errorf("login: %v", a.err)
		case a.status == http.StatusUnauthorized:
		case a.status == http.StatusServiceUnavailable && a.retryAfter == "1":
			busy++
		default:
			t.Errorf("login = %d with Retry-After %q, want 401, or 503 with Retry-After 1", a.status, a.retryAfter)
		}
	}
	if busy == 0 {
		t.Errorf("%d concurrent logins with one hashing slot: no 503", n)
	}
}

// stopClean stops a server and fails the test unless it stopped cleanly.
func stopClean(t *testing.T, stop func() error) {
	t.Helper()
	if err := stop(); err != nil {
		t.Errorf("run: %v", err)
	}
}

// TestReadYourWrites points DATABASE_READ_URL at a database that has the
// schema but never receives a write, a replica as far behind as one can
// be: a client still reads back everything it wrote at once, and only the
// lists come from the replica, where they find nothing.
func TestReadYourWrites(t *testing.T) {
	primary, replica := testDatabase(t), testDatabase(t)
	// A server on the replica's database gives it the schema and no rows.
	_, stop := start(t, replica, nil)
	stopClean(t, stop)
	base, stop := start(t, primary, map[string]string{
		"DATABASE_READ_URL":        replica,
		"FIRST_SUPERUSER_EMAIL":    "root@example.com",
		"FIRST_SUPERUSER_PASSWORD": "root-password",
	})
	defer stopClean(t, stop)
	c := newClient(t, base)

	id := c.register("ada@example.com", "ada-password")
	ada, _ := c.login("ada@example.com", "ada-password")
	if me := c.as(ada).want(http.StatusOK, http.MethodGet, "/api/v1/users/me", ""); me["id"] != id {
		t.Errorf("GET /users/me = %v, want the user just registered, %s", me, id)
	}
	root, _ := c.login("root@example.com", "root-password")
	c.as(root).want(http.StatusOK, http.MethodGet, "/api/v1/users/"+id, "")
	if page := c.as(root).want(http.StatusOK, http.MethodGet, "/api/v1/users?count=true", ""); page["total"] != float64(0) {
		t.Errorf("GET /users: total = %v, want the replica's 0", page["total"])
	}
}

// TestRunRefusesNUL checks against the real database that text holding a
// NUL character, which PostgreSQL cannot store, is refused as invalid with
// the field named, never a server error, whatever the database.
func TestRunRefusesNUL(t *testing.T) {
	base, stop := start(t, testDatabase(t), nil)
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("run after cancel = %v, want nil", err)
		}
	}()
	c := newClient(t, base)
	const register, login = "/api/v1/auth/register", "/api/v1/auth/login"
	c.wantInvalid("email", http.MethodPost, register, "application/json", `{"email": "a\u0000b@example.com", "password": "ada-password"}`)
	c.wantInvalid("full_name", http.MethodPost, register, "application/json", `{"email": "ada@example.com", "password": "ada-password", "full_name": "a\u0000b"}`)
	c.register("ada@example.com", "ada-password")
	c.wantInvalid("email", http.MethodPost, login, "application/json", `{"email": "a\u0000b", "password": "ada-password"}`)
	c.wantInvalid("username", http.MethodPost, login, "application/x-www-form-urlencoded", "username=a%00b&password=ada-password")
	c.want(http.StatusUnauthorized, http.MethodPost, login, `{"email": "bob@example.com", "password": "ada-password"}`)
	token, _ := c.login("ada@example.com", "ada-password")
	c.as(token).wantInvalid("full_name", http.MethodPatch, "/api/v1/users/me", "application/json", `{"full_name": "a\u0000b"}`)
}

func TestRunServesAndStops(t *testing.T) {
	base, stop := start(t, testDatabase(t), nil)
	res, err := http.Get(base + "/api/v1/health/ready")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET /api/v1/health/ready = %d, want 200", res.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatalf("run after cancel = %v, want nil", err)
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	env := map[string]string{"APP_ENV": "staging"}
	err := run(t.Context(), func(k string) string { return env[k] }, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "APP_ENV") {
		t.Errorf("run(APP_ENV=staging) = %v, want an error naming APP_ENV", err)
	}
}

func TestRunFailsFastWithoutDatabase(t *testing.T) {
	env := map[string]string{
		"DATABASE_URL":     "postgres://app:hunter2-secret@127.0.0.1:1/app?sslmode=disable",
		"DATABASE_TIMEOUT": "2s",
	}
	err := run(t.Context(), func(k string) string { return env[k] }, &bytes.Buffer{})
	if err == nil {
		t.Fatal("run with no database server succeeded, want an error")
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || strings.Contains(msg, "hunter2") || !strings.Contains(msg, "127.0.0.1:1/app") {
		t.Errorf("run error = %q, want one line naming the server and not the password", msg)
	}
}
