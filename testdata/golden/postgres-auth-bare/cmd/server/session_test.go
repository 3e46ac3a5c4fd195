package main

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The tests of sessions and password resets run the server against the
// real database (TEST_DATABASE_URL where the project needs one) and send
// mail through a real SMTP server.

// testMail returns the SMTP URL and the HTTP API URL of the mail server
// the tests send through: a Mailpit, whose API reads the mail back. It
// skips the test when TEST_SMTP_URL or TEST_MAIL_API_URL is not set.
func testMail(t *testing.T) (smtpURL, api string) {
	t.Helper()
	smtpURL, api = os.Getenv("TEST_SMTP_URL"), os.Getenv("TEST_MAIL_API_URL")
	if smtpURL == "" || api == "" {
		t.Skip("TEST_SMTP_URL and TEST_MAIL_API_URL are not set; set them to a Mailpit's SMTP URL (smtp://host:port?starttls=off) and HTTP URL to test password resets through a real SMTP server")
	}
	return smtpURL, api
}

// randomEmail returns an address no other test uses, so that the mail
// server's mailbox, which tests share, tells their mail apart.
func randomEmail(name string) string {
	return name + "-" + strings.ToLower(rand.Text()) + "@example.com"
}

// mailTo returns the text of every mail the server at api holds for to.
func mailTo(t *testing.T, api, to string) []string {
	t.Helper()
	var found struct {
		Messages []struct{ ID string }
	}
	getJSON(t, api+"/api/v1/search?query="+url.QueryEscape("to:"+to), &found)
	var texts []string
	for _, m := range found.Messages {
		var msg struct{ Text string }
		getJSON(t, api+"/api/v1/message/"+m.ID, &msg)
		texts = append(texts, msg.Text)
	}
	return texts
}

// waitMail waits for the first mail to to and returns its text.
func waitMail(t *testing.T, api, to string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if texts := mailTo(t, api, to); len(texts) > 0 {
			return texts[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no mail to %s within 10s", to)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// getJSON decodes the JSON body of a GET of url into v.
func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", url, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// resetLink finds the token of the reset link in a mail.
var resetLink = regexp.MustCompile(`https://shop\.example\.com/reset-password\?token=([A-Z2-7]+)`)

// refreshBody is the body of a refresh with token.
func refreshBody(token string) string {
	return fmt.Sprintf(`{"refresh_token": %q}`, token)
}

func TestSessionsEndToEnd(t *testing.T) {
	superuser := map[string]string{"FIRST_SUPERUSER_EMAIL": "root@example.com", "FIRST_SUPERUSER_PASSWORD": "root-password"}
	base, stop := start(t, testDatabase(t), superuser)
	defer stopClean(t, stop)
	c := newClient(t, base)
	const refresh, me, sessions = "/api/v1/auth/refresh", "/api/v1/users/me", "/api/v1/users/me/sessions"
	c.register("alice@example.com", "alice-password")
	bobID := c.register("bob@example.com", "bob-password")

	// Rotation: a refresh uses its token up and hands out the next one.
	_, first := c.login("alice@example.com", "alice-password")
	pair := c.want(http.StatusOK, http.MethodPost, refresh, refreshBody(first))
	access, second := pair["access_token"].(string), pair["refresh_token"].(string)
	if second == first {
		t.Fatalf("refresh returned the refresh token it was given")
	}
	c.as(access).want(http.StatusOK, http.MethodGet, me, "")
	// Reuse of the used token ends the session: the tokens of the
	// legitimate refresh stop working too.
	c.want(http.StatusUnauthorized, http.MethodPost, refresh, refreshBody(first))
	c.as(access).want(http.StatusUnauthorized, http.MethodGet, me, "")
	c.want(http.StatusUnauthorized, http.MethodPost, refresh, refreshBody(second))

	// Concurrent refreshes with one token: exactly one wins.
	_, token := c.login("alice@example.com", "alice-password")
	const n = 6
	statuses := make([]int, n)
	var wg sync.WaitGroup
	begin := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-begin
			res, err := http.Post(base+refresh, "application/json", strings.NewReader(refreshBody(token)))
			if err != nil {
				t.Errorf("refresh: %v", err)
				return
			}
			res.Body.Close()
			statuses[i] = res.StatusCode
		})
	}
	close(begin)
	wg.Wait()
	if ok := slices.Index(statuses, http.StatusOK); ok < 0 || slices.Index(statuses[ok+1:], http.StatusOK) >= 0 ||
		len(slices.DeleteFunc(slices.Clone(statuses), func(s int) bool { return s == http.StatusOK || s == http.StatusUnauthorized })) > 0 {
		t.Errorf("%d concurrent refreshes with one token answered %v, want one 200 and 401s", n, statuses)
	}

	// Logout ends the session: its access and refresh tokens are refused.
	access, token = c.login("alice@example.com", "alice-password")
	c.as(access).want(http.StatusNoContent, http.MethodPost, "/api/v1/auth/logout", "")
	c.as(access).want(http.StatusUnauthorized, http.MethodGet, me, "")
	c.want(http.StatusUnauthorized, http.MethodPost, refresh, refreshBody(token))

	// The list shows the live sessions; one can be ended, then all.
	one, _ := c.login("alice@example.com", "alice-password")
	two, twoRefresh := c.login("alice@example.com", "alice-password")
	list := c.as(one).want(http.StatusOK, http.MethodGet, sessions, "")
	items, _ := list["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("GET /users/me/sessions = %v, want alice's two live sessions", list)
	}
	var twoID string
	for _, item := range items {
		s := item.(map[string]any)
		if s["ip"] != "127.0.0.1" || s["user_agent"] != "Go-http-client/1.1" {
			t.Errorf("session %v, want the client's address and user agent", s)
		}
		if s["current"] == false {
			twoID, _ = s["id"].(string)
		}
	}
	if twoID == "" {
		t.Fatalf("GET /users/me/sessions = %v, want one current session and one other", list)
	}
	c.as(root(t, c)).want(http.StatusNotFound, http.MethodDelete, sessions+"/"+twoID, "")
	c.as(one).want(http.StatusNoContent, http.MethodDelete, sessions+"/"+twoID, "")
	c.as(two).want(http.StatusUnauthorized, http.MethodGet, me, "")
	c.want(http.StatusUnauthorized, http.MethodPost, refresh, refreshBody(twoRefresh))
	c.as(one).want(http.StatusNotFound, http.MethodDelete, sessions+"/"+twoID, "")
	c.as(one).want(http.StatusOK, http.MethodGet, me, "")
	three, _ := c.login("alice@example.com", "alice-password")
	c.as(one).want(http.StatusNoContent, http.MethodDelete, sessions, "")
	c.as(one).want(http.StatusUnauthorized, http.MethodGet, me, "")
	c.as(three).want(http.StatusUnauthorized, http.MethodGet, me, "")

	// A password change ends the other sessions, not the current one.
	current, _ := c.login("alice@example.com", "alice-password")
	other, otherRefresh := c.login("alice@example.com", "alice-password")
	c.as(current).want(http.StatusOK, http.MethodPatch, me, `{"password": "alice-new-password", "current_password": "alice-password"}`)
	c.as(current).want(http.StatusOK, http.MethodGet, me, "")
	c.as(other).want(http.StatusUnauthorized, http.MethodGet, me, "")
	c.want(http.StatusUnauthorized, http.MethodPost, refresh, refreshBody(otherRefresh))

	// Deactivation ends every session: after reactivation, the old tokens
	// stay refused.
	bob, bobRefresh := c.login("bob@example.com", "bob-password")
	c.as(bob).want(http.StatusOK, http.MethodGet, me, "")
	admin := root(t, c)
	c.as(admin).want(http.StatusOK, http.MethodPatch, "/api/v1/users/"+bobID, `{"is_active": false}`)
	c.as(admin).want(http.StatusOK, http.MethodPatch, "/api/v1/users/"+bobID, `{"is_active": true}`)
	c.as(bob).want(http.StatusUnauthorized, http.MethodGet, me, "")
	c.want(http.StatusUnauthorized, http.MethodPost, refresh, refreshBody(bobRefresh))
	c.login("bob@example.com", "bob-password")
}

// root logs in as the first superuser and returns the access token.
func root(t *testing.T, c client) string {
	t.Helper()
	access, _ := c.login("root@example.com", "root-password")
	return access
}

func TestPasswordResetEndToEnd(t *testing.T) {
	smtpURL, api := testMail(t)
	dbURL := testDatabase(t)
	mailEnv := map[string]string{"SMTP_URL": smtpURL, "PUBLIC_URL": "https://shop.example.com"}
	base, stop := start(t, dbURL, mailEnv)
	defer func() { stopClean(t, stop) }() // the server running at the end
	c := newClient(t, base)
	const reset, confirm = "/api/v1/auth/password-reset", "/api/v1/auth/password-reset/confirm"

	alice := randomEmail("alice")
	c.register(alice, "alice-password")
	before, _ := c.login(alice, "alice-password")

	// An email no account has: the same answer, and no mail.
	nobody := randomEmail("nobody")
	unknown := c.want(http.StatusAccepted, http.MethodPost, reset, fmt.Sprintf(`{"email": %q}`, nobody))
	known := c.want(http.StatusAccepted, http.MethodPost, reset, fmt.Sprintf(`{"email": %q}`, strings.ToUpper(alice)))
	if fmt.Sprint(known) != fmt.Sprint(unknown) {
		t.Errorf("password reset answers %v for an account and %v for none, want the same", known, unknown)
	}
	text := waitMail(t, api, alice)
	m := resetLink.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("mail %q has no reset link under PUBLIC_URL", text)
	}
	// Both requests were handled alike; the one for nobody sent nothing.
	if texts := mailTo(t, api, nobody); len(texts) != 0 {
		t.Errorf("mail to an email no account has: %q", texts)
	}

	c.wantInvalid("password", http.MethodPost, confirm, "application/json", fmt.Sprintf(`{"token": %q, "password": "short"}`, m[1]))
	c.want(http.StatusNoContent, http.MethodPost, confirm, fmt.Sprintf(`{"token": %q, "password": "alice-reset-password"}`, m[1]))
	c.as(before).want(http.StatusUnauthorized, http.MethodGet, "/api/v1/users/me", "")
	c.want(http.StatusUnauthorized, http.MethodPost, "/api/v1/auth/login", fmt.Sprintf(`{"email": %q, "password": "alice-password"}`, alice))
	c.login(alice, "alice-reset-password")
	// The token works once.
	used := c.want(http.StatusBadRequest, http.MethodPost, confirm, fmt.Sprintf(`{"token": %q, "password": "alice-other-password"}`, m[1]))
	if used["code"] != "invalid_token" {
		t.Errorf("used token = %v, want code invalid_token", used)
	}
	c.want(http.StatusBadRequest, http.MethodPost, confirm, `{"token": "NOSUCHTOKEN", "password": "alice-other-password"}`)
	if err := stop(); err != nil {
		t.Fatalf("run: %v", err)
	}

	// An expired token is refused.
	mailEnv["PASSWORD_RESET_TTL"] = "1ms"
	base, stop = start(t, dbURL, mailEnv)
	c.base = base
	c.want(http.StatusAccepted, http.MethodPost, reset, fmt.Sprintf(`{"email": %q}`, alice))
	if m = resetLink.FindStringSubmatch(waitMail(t, api, alice)); m == nil {
		t.Fatal("the second mail has no reset link")
	}
	expired := c.want(http.StatusBadRequest, http.MethodPost, confirm, fmt.Sprintf(`{"token": %q, "password": "alice-other-password"}`, m[1]))
	if expired["code"] != "invalid_token" {
		t.Errorf("expired token = %v, want code invalid_token", expired)
	}
}

// TestPasswordResetWithoutSMTP checks that production without an SMTP
// server answers password resets 503.
func TestPasswordResetWithoutSMTP(t *testing.T) {
	base, stop := start(t, testDatabase(t), map[string]string{"APP_ENV": "production"})
	defer stopClean(t, stop)
	c := newClient(t, base)
	res := c.want(http.StatusServiceUnavailable, http.MethodPost, "/api/v1/auth/password-reset", `{"email": "alice@example.com"}`)
	if res["code"] != "unavailable" {
		t.Errorf("password reset without SMTP_URL = %v, want code unavailable", res)
	}
}

// TestPasswordResetTiming checks that a reset for an account takes as long
// as one for an email no account has, so its timing does not tell which
// emails have accounts. The SMTP server here accepts connections and never
// answers: a server that sent the mail before answering would take
// seconds for the account.
func TestPasswordResetTiming(t *testing.T) {
	stall, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			conn, err := stall.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		stall.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, conn := range conns {
			conn.Close()
		}
	})
	base, stop := start(t, testDatabase(t), map[string]string{
		"SMTP_URL":                              "smtp://" + stall.Addr().String() + "?starttls=off",
		"SHUTDOWN_TIMEOUT":                      "1s",
		"RATE_LIMIT_PASSWORD_RESET_PER_IP":      "1000/1h",
		"RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT": "1000/1h",
	})
	defer func() { _ = stop() }() // mail stuck on the stalled server is given up
	c := newClient(t, base)
	alice := randomEmail("alice")
	c.register(alice, "alice-password")

	client := &http.Client{Timeout: 2 * time.Second}
	timed := func(email string) time.Duration {
		t.Helper()
		begin := time.Now()
		res, err := client.Post(base+"/api/v1/auth/password-reset", "application/json", strings.NewReader(fmt.Sprintf(`{"email": %q}`, email)))
		if err != nil {
			t.Fatalf("password reset of %s: %v", email, err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusAccepted {
			t.Fatalf("password reset of %s = %d, want 202", email, res.StatusCode)
		}
		return time.Since(begin)
	}
	const rounds = 15
	var known, unknown []time.Duration
	for range rounds {
		known = append(known, timed(alice))
		unknown = append(unknown, timed(randomEmail("nobody")))
	}
	median := func(d []time.Duration) time.Duration {
		slices.Sort(d)
		return d[len(d)/2]
	}
	const margin = 25 * time.Millisecond
	if k, u := median(known), median(unknown); k-u > margin || u-k > margin {
		t.Errorf("median time of a password reset: %s for an account, %s for none; want them within %s", k, u, margin)
	}
}
