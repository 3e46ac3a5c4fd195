package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"example.com/feed/internal/apperr"
	"example.com/feed/internal/model"
	"example.com/feed/internal/security"
)

// SessionRepository stores the sessions logins start.
type SessionRepository interface {
	Create(ctx context.Context, s model.Session) error
	// Get returns the session with the given id, expired or not.
	Get(ctx context.Context, id uuid.UUID) (model.Session, error)
	// List returns the sessions of the user that expire after now, the
	// newest first.
	List(ctx context.Context, userID uuid.UUID, now time.Time) ([]model.Session, error)
	// Rotate replaces the refresh digest of the session from old to next
	// and sets when it was used and when it expires, in one atomic step
	// that does nothing unless the digest is still old. It reports whether
	// it replaced it: of two rotations from the same digest, one at most
	// does.
	Rotate(ctx context.Context, id uuid.UUID, old, next string, usedAt, expiresAt time.Time) (bool, error)
	// Delete ends the session with the given id of the user. It fails
	// with apperr.NotFound when the user has no such session.
	Delete(ctx context.Context, userID, id uuid.UUID) error
	// DeleteByUser ends every session of the user except keep; uuid.Nil
	// keeps none.
	DeleteByUser(ctx context.Context, userID, keep uuid.UUID) error
	// DeleteExpired removes the sessions that expired at or before now.
	DeleteExpired(ctx context.Context, now time.Time) error
}

// PasswordResetRepository stores the password resets mailed to users.
type PasswordResetRepository interface {
	Create(ctx context.Context, r model.PasswordReset) error
	// Take removes the reset with the given token digest and returns it,
	// expired or not. It fails with apperr.NotFound when there is none: of
	// two takes of one reset, one at most succeeds.
	Take(ctx context.Context, tokenHash string) (model.PasswordReset, error)
	// DeleteByUser removes every reset of the user.
	DeleteByUser(ctx context.Context, userID uuid.UUID) error
	// DeleteExpired removes the resets that expired at or before now.
	DeleteExpired(ctx context.Context, now time.Time) error
}

// Mailer sends mail.
type Mailer interface {
	Send(ctx context.Context, m model.Mail) error
}

// startSession starts a session of u on the client at ip with the given
// user agent and issues its first token pair.
func (s *User) startSession(ctx context.Context, u model.User, ip netip.Addr, userAgent string) (security.Pair, error) {
	id, err := newID()
	if err != nil {
		return security.Pair{}, err
	}
	pair, err := s.tokens.Issue(u.ID.String(), id.String())
	if err != nil {
		return security.Pair{}, err
	}
	now := s.now()
	err = s.sessions.Create(ctx, model.Session{
		ID:          id,
		UserID:      u.ID,
		RefreshHash: security.HashToken(pair.Refresh),
		UserAgent:   storableAgent(userAgent),
		IP:          ip.String(),
		CreatedAt:   now,
		LastUsedAt:  now,
		ExpiresAt:   pair.RefreshExpires.UTC().Truncate(precision),
	})
	if err != nil {
		return security.Pair{}, fmt.Errorf("start session: %w", err)
	}
	return pair, nil
}

// storableAgent returns a user agent as a session keeps it: valid UTF-8
// without NUL characters, which not every database stores, and at most
// model.MaxUserAgentLen bytes, cut between characters.
func storableAgent(userAgent string) string {
	userAgent = strings.ToValidUTF8(strings.ReplaceAll(userAgent, "\x00", ""), "")
	if len(userAgent) > model.MaxUserAgentLen {
		userAgent = strings.ToValidUTF8(userAgent[:model.MaxUserAgentLen], "")
	}
	return userAgent
}

// rotate uses up the refresh token of session id, which claims says was
// issued to u, and issues the next pair. A refresh token used up already
// means that two clients hold it, one of them perhaps a thief: the session
// ends, and neither client can refresh again.
func (s *User) rotate(ctx context.Context, u model.User, id uuid.UUID, refreshToken string) (security.Pair, error) {
	pair, err := s.tokens.Issue(u.ID.String(), id.String())
	if err != nil {
		return security.Pair{}, err
	}
	rotated, err := s.sessions.Rotate(ctx, id, security.HashToken(refreshToken), security.HashToken(pair.Refresh),
		s.now(), pair.RefreshExpires.UTC().Truncate(precision))
	if err != nil {
		return security.Pair{}, fmt.Errorf("refresh: %w", err)
	}
	if rotated {
		return pair, nil
	}
	session, err := s.sessions.Get(ctx, id)
	switch {
	case errors.Is(err, apperr.NotFound):
		return security.Pair{}, sessionEnded()
	case err != nil:
		return security.Pair{}, fmt.Errorf("refresh: %w", err)
	case session.UserID != u.ID:
		return security.Pair{}, sessionEnded()
	}
	if err := s.sessions.Delete(ctx, u.ID, id); err != nil && !errors.Is(err, apperr.NotFound) {
		return security.Pair{}, fmt.Errorf("end reused session: %w", err)
	}
	s.logger.WarnContext(ctx, "refresh token reused; session ended", "user", u.ID, "session", id)
	return security.Pair{}, apperr.New(apperr.Unauthorized, "refresh token already used; the session has ended")
}

// sessionEnded is the answer to a token of a session that has ended.
func sessionEnded() error {
	return apperr.New(apperr.Unauthorized, "session has ended")
}

// Logout ends the session of actor.
func (s *User) Logout(ctx context.Context, actor model.Actor) error {
	err := s.sessions.Delete(ctx, actor.UserID, actor.Session)
	if errors.Is(err, apperr.NotFound) {
		return sessionEnded()
	}
	return err
}

// Sessions returns the live sessions of actor, the newest first.
func (s *User) Sessions(ctx context.Context, actor model.Actor) ([]model.Session, error) {
	return s.sessions.List(ctx, actor.UserID, s.now())
}

// EndSession ends one session of actor's. Another user's session is not
// found.
func (s *User) EndSession(ctx context.Context, actor model.Actor, id uuid.UUID) error {
	return s.sessions.Delete(ctx, actor.UserID, id)
}

// EndSessions ends every session of actor's, the current one included.
func (s *User) EndSessions(ctx context.Context, actor model.Actor) error {
	return s.sessions.DeleteByUser(ctx, actor.UserID, uuid.Nil)
}

// RequestPasswordReset mails a single-use link to set a new password to
// the active account with the given email, if there is one, asked for by
// a client at ip. The answer is the same whether or not there is, and so
// is the work done before answering: the mail is written and sent after
// the caller has its answer, so its time does not tell. It fails with
// Unavailable when the service has no mailer, and with RateLimited when ip
// or the email asked too often lately.
func (s *User) RequestPasswordReset(ctx context.Context, ip netip.Addr, email string) error {
	if s.mailer == nil {
		return apperr.New(apperr.Unavailable, "password reset is not available: the server has no mail server configured")
	}
	email = normalizeEmail(email)
	if err := validate(model.UserChange{Email: &email}); err != nil {
		return err
	}
	l := s.limiter.limits
	if err := s.limiter.allow(ctx, "password-reset", ip, l.PasswordResetPerIP, email, l.PasswordResetPerAccount); err != nil {
		return err
	}
	u, err := s.repo.GetByEmail(ctx, email)
	switch {
	case errors.Is(err, apperr.NotFound):
		return nil
	case err != nil:
		return fmt.Errorf("password reset: %w", err)
	case !u.IsActive:
		return nil
	}
	s.background.run(s.logger, "mail password reset", func(ctx context.Context) error {
		return s.mailReset(ctx, u)
	})
	return nil
}

// mailReset stores a new password reset of u and mails its token.
func (s *User) mailReset(ctx context.Context, u model.User) error {
	token := security.NewSecretToken()
	now := s.now()
	err := s.resets.Create(ctx, model.PasswordReset{
		TokenHash: security.HashToken(token),
		UserID:    u.ID,
		CreatedAt: now,
		ExpiresAt: now.Add(s.reset.TTL),
	})
	if err != nil {
		return err
	}
	link := strings.TrimSuffix(s.reset.PublicURL, "/") + "/reset-password?token=" + token
	return s.mailer.Send(ctx, model.Mail{
		To:      u.Email,
		Subject: "Reset your password",
		Text: "Someone, hopefully you, asked to reset the password of your account.\n\n" +
			"To choose a new password, open this link within " + s.reset.TTL.String() + ":\n\n" +
			link + "\n\n" +
			"The link works once. If you did not ask for it, ignore this mail: your password stays as it is.\n",
	})
}

// ResetPassword sets a new password with the token of a password reset,
// asked for by a client at ip, and ends every session of the account. The
// token works once: a used, expired or unknown token is an InvalidToken
// error, as is the token of an account deactivated since.
func (s *User) ResetPassword(ctx context.Context, ip netip.Addr, token, password string) error {
	if err := validate(model.UserChange{Password: &password}); err != nil {
		return err
	}
	if err := s.limiter.hit(ctx, "password-reset-confirm:ip:"+clientKey(ip), s.limiter.limits.PasswordResetPerIP); err != nil {
		return err
	}
	invalid := apperr.New(apperr.InvalidToken, "the password reset token is unknown, used or expired")
	r, err := s.resets.Take(ctx, security.HashToken(token))
	switch {
	case errors.Is(err, apperr.NotFound):
		return invalid
	case err != nil:
		return fmt.Errorf("reset password: %w", err)
	case !s.now().Before(r.ExpiresAt):
		return invalid
	}
	hash, err := s.passwords.Hash(ctx, password)
	if err != nil {
		return passwordErr(err)
	}
	_, err = s.repo.Update(ctx, r.UserID, func(u *model.User) error {
		if !u.IsActive {
			return invalid
		}
		u.PasswordHash = hash
		u.UpdatedAt = s.now()
		return nil
	})
	switch {
	case errors.Is(err, apperr.NotFound):
		return invalid
	case err != nil:
		return err
	}
	if err := s.resets.DeleteByUser(ctx, r.UserID); err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	if err := s.sessions.DeleteByUser(ctx, r.UserID, uuid.Nil); err != nil {
		return fmt.Errorf("reset password: end sessions: %w", err)
	}
	return nil
}

// Sweep removes the sessions and password resets that have expired.
func (s *User) Sweep(ctx context.Context) error {
	now := s.now()
	return errors.Join(s.sessions.DeleteExpired(ctx, now), s.resets.DeleteExpired(ctx, now))
}

// Close waits for the work started in the background, such as mail being
// sent, to finish, or for ctx to be done.
func (s *User) Close(ctx context.Context) error {
	return s.background.wait(ctx)
}

// background runs work after the request that asked for it has been
// answered, at most maxBackground jobs at a time; a job that finds every
// slot taken is dropped and logged, so a flood of requests cannot pile up
// goroutines.
type background struct {
	slots chan struct{}
	wg    sync.WaitGroup
}

// maxBackground bounds the jobs in progress; backgroundTimeout bounds
// each of them.
const (
	maxBackground     = 64
	backgroundTimeout = time.Minute
)

func newBackground() *background {
	return &background{slots: make(chan struct{}, maxBackground)}
}

// run starts job, what it does named by what, unless every slot is taken.
// Its error goes to logger.
func (b *background) run(logger *slog.Logger, what string, job func(context.Context) error) {
	select {
	case b.slots <- struct{}{}:
	default:
		logger.Error(what+": too much work in the background; dropped", "limit", maxBackground)
		return
	}
	b.wg.Go(func() {
		defer func() { <-b.slots }()
		ctx, cancel := context.WithTimeout(context.Background(), backgroundTimeout)
		defer cancel()
		if err := job(ctx); err != nil {
			logger.Error(what, "error", err)
		}
	})
}

// wait waits for every job to finish, or for ctx to be done.
func (b *background) wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		b.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("background work still running: %w", ctx.Err())
	}
}
