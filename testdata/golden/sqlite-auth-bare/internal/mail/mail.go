// Package mail sends the mail of the services: through an SMTP server, or,
// in development without one, into the log.
package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"example.com/bare/internal/model"
	"example.com/bare/internal/service"
)

var (
	_ service.Mailer = (*SMTP)(nil)
	_ service.Mailer = Log{}
)

// sendTimeout bounds connecting to the server and each command.
const sendTimeout = 15 * time.Second

// SMTP sends mail through an SMTP server. It is safe for concurrent use:
// every mail goes over a connection of its own.
type SMTP struct {
	host string
	opts []gomail.Option
	from string
}

// NewSMTP returns a sender through the SMTP server rawURL names, with from
// as the sender address:
//
//   - smtp://user:password@host:port speaks plain SMTP and upgrades the
//     connection with STARTTLS, which the server must offer (port 587 when
//     none is given); add ?starttls=off for a local server without TLS;
//   - smtps://user:password@host:port speaks SMTP over TLS from the start
//     (port 465 when none is given).
//
// The user and password, when given, log in with SMTP AUTH.
func NewSMTP(rawURL, from string) (*SMTP, error) {
	host, opts, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if err := gomail.NewMsg().From(from); err != nil {
		return nil, fmt.Errorf("MAIL_FROM %q: %w", from, err)
	}
	return &SMTP{host: host, opts: opts, from: from}, nil
}

// parseURL returns the host of an SMTP server URL and the client options
// it asks for.
func parseURL(rawURL string) (string, []gomail.Option, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", nil, errors.New("SMTP_URL is not a URL") // url's error would repeat the password
	}
	opts := []gomail.Option{gomail.WithTimeout(sendTimeout)}
	port := 587
	switch u.Scheme {
	case "smtp":
		switch v := u.Query().Get("starttls"); v {
		case "", "on":
			opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		case "off":
			opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		default:
			return "", nil, fmt.Errorf("SMTP_URL: starttls=%q is not on or off", v)
		}
	case "smtps":
		port = 465
		opts = append(opts, gomail.WithSSL())
	default:
		return "", nil, fmt.Errorf("SMTP_URL: scheme %q is not smtp or smtps", u.Scheme)
	}
	if u.Hostname() == "" {
		return "", nil, errors.New("SMTP_URL names no host")
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port < 1 || port > 65535 {
			return "", nil, fmt.Errorf("SMTP_URL: port %q is not a port number", p)
		}
	}
	opts = append(opts, gomail.WithPort(port))
	if user := u.User.Username(); user != "" {
		password, _ := u.User.Password()
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(user),
			gomail.WithPassword(password))
	}
	return u.Hostname(), opts, nil
}

// Send sends m.
func (s *SMTP) Send(ctx context.Context, m model.Mail) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("mail from %q: %w", s.from, err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("mail to %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	client, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("mail client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("send mail to %s: %w", m.To, err)
	}
	return nil
}

// Log writes mail to a log instead of sending it: the mail of a
// development server without an SMTP server, links and all.
type Log struct {
	Logger *slog.Logger
}

// Send logs m.
func (l Log) Send(ctx context.Context, m model.Mail) error {
	l.Logger.InfoContext(ctx, "mail (not sent: SMTP_URL is not set)", "to", m.To, "subject", m.Subject, "text", m.Text)
	return nil
}
