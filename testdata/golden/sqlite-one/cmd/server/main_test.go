package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
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

// testDatabase returns the path of a fresh database file.
func testDatabase(t testing.TB) string {
	return filepath.Join(t.TempDir(), "one.db")
}

// start runs the server on a free port, with its metrics on another, and
// returns its base URL and a function that stops it and returns run's
// error.
func start(t testing.TB, dbURL string) (string, func() error) {
	t.Helper()
	env := map[string]string{"HTTP_ADDR": "127.0.0.1:0", "METRICS_ADDR": "127.0.0.1:0", "DATABASE_URL": dbURL}
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

// TestRunRefusesNUL checks against the real database that text holding a
// NUL character, which PostgreSQL cannot store, is refused as invalid with
// the field named, never a server error, whatever the database.
func TestRunRefusesNUL(t *testing.T) {
	base, stop := start(t, testDatabase(t))
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("run after cancel = %v, want nil", err)
		}
	}()
	res, err := http.Post(base+"/api/v1/artists", "application/json", strings.NewReader(`{"name":"a\u0000b"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		Details map[string]string `json:"details"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusUnprocessableEntity || body.Details["name"] == "" {
		t.Errorf("POST /api/v1/artists with a NUL in name = %d %v, want 422 naming it", res.StatusCode, body.Details)
	}
}

func TestRunServesAndKeepsDataAcrossRestarts(t *testing.T) {
	dbURL := testDatabase(t)
	base, stop := start(t, dbURL)
	res, err := http.Post(base+"/api/v1/artists", "application/json", strings.NewReader(`{"name":"name 1"}`))
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		ID string `json:"id"`
	}
	err = json.NewDecoder(res.Body).Decode(&created)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || err != nil {
		t.Fatalf("POST /api/v1/artists = %d (%v), want 201 with an id", res.StatusCode, err)
	}
	if err := stop(); err != nil {
		t.Fatalf("run after cancel = %v, want nil", err)
	}

	base, stop = start(t, dbURL)
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("run after cancel = %v, want nil", err)
		}
	}()
	res, err = http.Get(base + "/api/v1/artists/" + created.ID)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET of the artist created before the restart = %d, want 200", res.StatusCode)
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	env := map[string]string{"APP_ENV": "staging"}
	err := run(t.Context(), func(k string) string { return env[k] }, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "APP_ENV") {
		t.Errorf("run(APP_ENV=staging) = %v, want an error naming APP_ENV", err)
	}
}
