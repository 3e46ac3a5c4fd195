package mail_test

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"example.com/feed/internal/mail"
	"example.com/feed/internal/model"
)

func TestNewSMTPRefuses(t *testing.T) {
	for _, tt := range []struct{ url, from string }{
		{"http://mail.example.com", "app@example.com"},
		{"smtp://", "app@example.com"},
		{"smtp://mail.example.com:0", "app@example.com"},
		{"smtp://mail.example.com:smtp", "app@example.com"},
		{"smtp://mail.example.com?starttls=maybe", "app@example.com"},
		{"smtp://mail.example.com", "not an address"},
	} {
		if _, err := mail.NewSMTP(tt.url, tt.from); err == nil {
			t.Errorf("NewSMTP(%q, %q) succeeded, want an error", tt.url, tt.from)
		}
	}
	_, err := mail.NewSMTP("smtp://user:hunter2@mail.example.com:bad", "app@example.com")
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("NewSMTP(bad URL with a password) = %v, want an error that does not repeat the password", err)
	}
	for _, u := range []string{"smtp://mail.example.com", "smtps://user:pass@mail.example.com:465", "smtp://localhost:1025?starttls=off"} {
		if _, err := mail.NewSMTP(u, "App <app@example.com>"); err != nil {
			t.Errorf("NewSMTP(%q): %v", u, err)
		}
	}
}

func TestLogWritesTheMail(t *testing.T) {
	var buf bytes.Buffer
	m := model.Mail{To: "ada@example.com", Subject: "Hello", Text: "the link: https://example.com/x"}
	if err := (mail.Log{Logger: slog.New(slog.NewTextHandler(&buf, nil))}).Send(t.Context(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	for _, want := range []string{m.To, m.Subject, "https://example.com/x"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log %q lacks %q", buf.String(), want)
		}
	}
}

// TestSMTPSends sends a mail through the SMTP server at TEST_SMTP_URL and
// reads it back through the HTTP API of that server (a Mailpit) at
// TEST_MAIL_API_URL.
func TestSMTPSends(t *testing.T) {
	smtpURL, api := os.Getenv("TEST_SMTP_URL"), os.Getenv("TEST_MAIL_API_URL")
	if smtpURL == "" || api == "" {
		t.Skip("TEST_SMTP_URL and TEST_MAIL_API_URL are not set; set them to a Mailpit's SMTP URL (smtp://host:port?starttls=off) and HTTP URL to send mail to a real server")
	}
	sender, err := mail.NewSMTP(smtpURL, "feed <no-reply@example.com>")
	if err != nil {
		t.Fatalf("NewSMTP: %v", err)
	}
	to := strings.ToLower(rand.Text()) + "@example.com"
	want := model.Mail{To: to, Subject: "Hello from the test", Text: "Line one.\nA link: https://example.com/reset?token=ABC\n"}
	if err := sender.Send(t.Context(), want); err != nil {
		t.Fatalf("Send: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var found struct {
			Messages []struct {
				ID      string
				Subject string
			}
		}
		getJSON(t, api+"/api/v1/search?query="+url.QueryEscape("to:"+to), &found)
		if len(found.Messages) == 1 {
			if found.Messages[0].Subject != want.Subject {
				t.Errorf("subject = %q, want %q", found.Messages[0].Subject, want.Subject)
			}
			var msg struct{ Text string }
			getJSON(t, api+"/api/v1/message/"+found.Messages[0].ID, &msg)
			if !strings.Contains(strings.ReplaceAll(msg.Text, "\r\n", "\n"), want.Text) {
				t.Errorf("text = %q, want %q", msg.Text, want.Text)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d mails to %s arrived, want 1", len(found.Messages), to)
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
