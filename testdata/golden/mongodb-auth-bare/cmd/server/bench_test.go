package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// The benchmarks time the hot path of the API, a GET by id with an access
// token, through the whole server: HTTP, middleware, the token and the
// user cache, the service and the real store, with the client in the same
// process. Run them with
//
//	go test -run '^$' -bench . -benchmem ./cmd/server
//
// and add -cpuprofile cpu.out to see where the time goes. Plain go test does
// not run them.

// benchClient calls a server started for a benchmark, as a user of its own.
type benchClient struct {
	b      *testing.B
	base   string
	client *http.Client
	token  string
}

// newBenchClient starts the server on a fresh database and returns a client
// of it that has registered and logged in.
func newBenchClient(b *testing.B) benchClient {
	b.Helper()
	base, stop := start(b, testDatabase(b), nil)
	b.Cleanup(func() {
		if err := stop(); err != nil {
			b.Errorf("run after cancel = %v, want nil", err)
		}
	})
	c := benchClient{b: b, base: base, client: &http.Client{}}
	const user = `{"email": "bench@example.com", "password": "bench-password"}`
	c.call(http.MethodPost, "/api/v1/auth/register", user, http.StatusCreated)
	c.token, _ = c.call(http.MethodPost, "/api/v1/auth/login", user, http.StatusOK)["access_token"].(string)
	return c
}

// request returns a request of the client, carrying its token.
func (c benchClient) request(method, path, body string) *http.Request {
	c.b.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	return req
}

// call sends a request, checks its status and returns the decoded body.
func (c benchClient) call(method, path, body string, status int) map[string]any {
	c.b.Helper()
	res, err := c.client.Do(c.request(method, path, body))
	if err != nil {
		c.b.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != status {
		c.b.Fatalf("%s %s = %d %v (%v), want %d", method, path, res.StatusCode, out, err, status)
	}
	return out
}

// benchGet times GET path, which must answer 200.
func (c benchClient) benchGet(path string) {
	c.b.Helper()
	req := c.request(http.MethodGet, path, "")
	c.b.ReportAllocs()
	for c.b.Loop() {
		res, err := c.client.Do(req)
		if err != nil {
			c.b.Fatal(err)
		}
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			c.b.Fatalf("GET %s = %d (%v), want 200", path, res.StatusCode, err)
		}
	}
}

func BenchmarkGetMe(b *testing.B) {
	newBenchClient(b).benchGet("/api/v1/users/me")
}
