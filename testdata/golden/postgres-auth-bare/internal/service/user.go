package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"time"

	"github.com/google/uuid"

	"example.com/bare/internal/apperr"
	"example.com/bare/internal/model"
	"example.com/bare/internal/security"
)

// UserRepository stores accounts.
type UserRepository interface {
	Create(ctx context.Context, u model.User) error
	// Get returns the user with the given id. It may be served from a
	// cache that lags behind the changes other processes make by a few
	// seconds (USER_CACHE_TTL).
	Get(ctx context.Context, id uuid.UUID) (model.User, error)
	// GetFresh is Get as the store holds the user now, never from a
	// cache: a check of the current password reads it.
	GetFresh(ctx context.Context, id uuid.UUID) (model.User, error)
	// GetByEmail finds a user by email without regard to case.
	GetByEmail(ctx context.Context, email string) (model.User, error)
	// List returns the page of users q selects: the same as q.Page over
	// every user. q is valid, its email filters in lower case.
	List(ctx context.Context, q model.UserList) (model.Page[model.User], error)
	// Update loads the user, lets fn change it and saves the result
	// atomically: no other write to the user lands in between. fn may run
	// again when the repository retries, so it must only change what it is
	// given. An error from fn aborts the update and is returned as is.
	Update(ctx context.Context, id uuid.UUID, fn func(*model.User) error) (model.User, error)
}

// User implements registration, login, sessions and their tokens,
// password resets and the management of accounts.
type User struct {
	repo       UserRepository
	sessions   SessionRepository
	resets     PasswordResetRepository
	passwords  *security.Passwords
	tokens     *security.Tokens
	limiter    *RateLimiter
	mailer     Mailer
	reset      ResetConfig
	logger     *slog.Logger
	background *background
	now        func() time.Time
}

// UserDeps are what the user service works with. Every field but Mailer
// is required.
type UserDeps struct {
	Users     UserRepository
	Sessions  SessionRepository
	Resets    PasswordResetRepository
	Passwords *security.Passwords
	Tokens    *security.Tokens
	// Limiter bounds the attempts to register, log in, refresh tokens and
	// reset passwords.
	Limiter *RateLimiter
	// Mailer sends the password reset mails; without one, password resets
	// are Unavailable.
	Mailer Mailer
	Reset  ResetConfig
	// Logger receives what goes wrong in the background, such as a mail
	// that could not be sent.
	Logger *slog.Logger
}

// ResetConfig configures password resets.
type ResetConfig struct {
	// TTL is how long a reset link works.
	TTL time.Duration
	// PublicURL is the base URL of the links in mail.
	PublicURL string
}

// NewUser returns the user service. Call Close before the program ends, so
// that mail being sent in the background is sent.
func NewUser(d UserDeps) *User {
	return &User{
		repo:       d.Users,
		sessions:   d.Sessions,
		resets:     d.Resets,
		passwords:  d.Passwords,
		tokens:     d.Tokens,
		limiter:    d.Limiter,
		mailer:     d.Mailer,
		reset:      d.Reset,
		logger:     d.Logger,
		background: newBackground(),
		now:        now,
	}
}

// busyRetryAfter is how long a client is told to wait when every password
// hashing slot is taken: hashes take tens of milliseconds, so slots free up
// quickly.
const busyRetryAfter = time.Second

// passwordErr translates security.ErrBusy into an Unavailable error that
// tells the client to retry; other errors pass unchanged.
func passwordErr(err error) error {
	if errors.Is(err, security.ErrBusy) {
		return apperr.TryLater(apperr.Unavailable, "too many passwords being checked; try again shortly", busyRetryAfter, err)
	}
	return err
}

// Register creates an active account that is not a superuser for a client
// at ip. It fails with a validation error naming every field that breaks a
// rule, and with a RateLimited error when ip or the email made too many
// attempts lately.
func (s *User) Register(ctx context.Context, ip netip.Addr, email, password string, fullName *string) (model.User, error) {
	email = normalizeEmail(email)
	if err := validate(model.UserChange{Email: &email}); err != nil {
		// No account can have this email: create names every bad field,
		// and nothing is counted.
		return s.create(ctx, email, password, fullName, false)
	}
	l := s.limiter.limits
	if err := s.limiter.allow(ctx, "register", ip, l.RegisterPerIP, email, l.RegisterPerAccount); err != nil {
		return model.User{}, err
	}
	return s.create(ctx, email, password, fullName, false)
}

func (s *User) create(ctx context.Context, email, password string, fullName *string, superuser bool) (model.User, error) {
	email = normalizeEmail(email)
	if fullName != nil && *fullName == "" {
		fullName = nil // an empty name is no name, as in an update
	}
	// Check every field before hashing: it is slow on purpose.
	if err := validate(model.UserChange{Email: &email, FullName: fullName, Password: &password}); err != nil {
		return model.User{}, err
	}
	hash, err := s.passwords.Hash(ctx, password)
	if err != nil {
		return model.User{}, passwordErr(err)
	}
	id, err := newID()
	if err != nil {
		return model.User{}, err
	}
	u := model.User{
		ID:           id,
		Email:        email,
		FullName:     fullName,
		PasswordHash: hash,
		IsActive:     true,
		IsSuperuser:  superuser,
	}
	u.CreatedAt = s.now()
	u.UpdatedAt = u.CreatedAt
	if err := validate(u); err != nil {
		return model.User{}, err
	}
	if err := s.repo.Create(ctx, u); err != nil {
		return model.User{}, err
	}
	return u, nil
}

// badCredentials is the one answer to a failed login: an unknown email and
// a wrong password must not be told apart.
func badCredentials() error {
	return apperr.New(apperr.Unauthorized, "incorrect email or password")
}

// Login checks an email and password of a client at ip, which sent the
// given user agent, starts a session and issues its first token pair. An
// unknown email costs the same password verification as a known
// one. An email no account can have (malformed, too long, holding a NUL
// character) is a validation error naming the email: it never reaches the
// database. When ip or the email made too many attempts lately, Login
// fails with a RateLimited error before it checks anything.
func (s *User) Login(ctx context.Context, ip netip.Addr, userAgent, email, password string) (security.Pair, error) {
	email = normalizeEmail(email)
	if err := validate(model.UserChange{Email: &email}); err != nil {
		return security.Pair{}, err
	}
	l := s.limiter.limits
	if err := s.limiter.allow(ctx, "login", ip, l.LoginPerIP, email, l.LoginPerAccount); err != nil {
		return security.Pair{}, err
	}
	u, err := s.repo.GetByEmail(ctx, email)
	if errors.Is(err, apperr.NotFound) {
		if err := s.passwords.VerifyDummy(ctx, password); err != nil {
			return security.Pair{}, passwordErr(err)
		}
		return security.Pair{}, badCredentials()
	}
	if err != nil {
		return security.Pair{}, err
	}
	ok, err := s.passwords.Verify(ctx, password, u.PasswordHash)
	if err != nil {
		return security.Pair{}, fmt.Errorf("login: %w", passwordErr(err))
	}
	if !ok {
		return security.Pair{}, badCredentials()
	}
	if !u.IsActive {
		return security.Pair{}, apperr.New(apperr.Unauthorized, "user is inactive")
	}
	return s.startSession(ctx, u, ip, userAgent)
}

// Refresh exchanges a refresh token of a client at ip for a new token
// pair, using the token up. Presenting a used refresh token again ends
// its session. It fails with a RateLimited error when ip, or the user of
// a valid token, made too many attempts lately.
func (s *User) Refresh(ctx context.Context, ip netip.Addr, refreshToken string) (security.Pair, error) {
	l := s.limiter.limits
	if err := s.limiter.hit(ctx, "refresh:ip:"+clientKey(ip), l.RefreshPerIP); err != nil {
		return security.Pair{}, err
	}
	u, session, err := s.fromToken(ctx, refreshToken, security.RefreshToken)
	if err != nil {
		return security.Pair{}, err
	}
	if err := s.limiter.hit(ctx, "refresh:account:"+u.ID.String(), l.RefreshPerAccount); err != nil {
		return security.Pair{}, err
	}
	return s.rotate(ctx, u, session, refreshToken)
}

// Authenticate returns the actor of an access token: the active user it
// was issued to, in a session that has not ended. Users and sessions are
// read through the repositories' caches, if any, so an authenticated
// request need not reach the database.
func (s *User) Authenticate(ctx context.Context, accessToken string) (model.Actor, error) {
	u, id, err := s.fromToken(ctx, accessToken, security.AccessToken)
	if err != nil {
		return model.Actor{}, err
	}
	session, err := s.sessions.Get(ctx, id)
	switch {
	case errors.Is(err, apperr.NotFound):
		return model.Actor{}, sessionEnded()
	case err != nil:
		return model.Actor{}, err
	case session.UserID != u.ID || !s.now().Before(session.ExpiresAt):
		return model.Actor{}, sessionEnded()
	}
	return model.Actor{UserID: u.ID, Superuser: u.IsSuperuser, Session: id}, nil
}

// fromToken verifies a token of type typ and returns the active user it
// was issued to and the id of its session.
func (s *User) fromToken(ctx context.Context, token string, typ security.TokenType) (model.User, uuid.UUID, error) {
	invalid := func(err error) error {
		return apperr.Wrap(apperr.Unauthorized, "invalid or expired token", err)
	}
	claims, err := s.tokens.Verify(token, typ)
	if err != nil {
		return model.User{}, uuid.Nil, invalid(err)
	}
	id, err := uuid.Parse(claims.Subject)
	if err != nil {
		return model.User{}, uuid.Nil, invalid(err)
	}
	session, err := uuid.Parse(claims.Session)
	if err != nil {
		return model.User{}, uuid.Nil, invalid(err)
	}
	u, err := s.repo.Get(ctx, id)
	if errors.Is(err, apperr.NotFound) {
		return model.User{}, uuid.Nil, invalid(err)
	}
	if err != nil {
		return model.User{}, uuid.Nil, err
	}
	if !u.IsActive {
		return model.User{}, uuid.Nil, apperr.New(apperr.Unauthorized, "user is inactive")
	}
	return u, session, nil
}

// Get returns the user with the given id. Users may read their own account;
// superusers may read any.
func (s *User) Get(ctx context.Context, actor model.Actor, id uuid.UUID) (model.User, error) {
	if !actor.Superuser && id != actor.UserID {
		return model.User{}, forbidden()
	}
	return s.repo.Get(ctx, id)
}

// List returns the page of users q selects. Only superusers may list
// users. It fails with a validation error naming the parameters of q at
// fault (an unknown sort key, a limit out of bounds, a cursor issued for
// another list). Emails are compared in lower case, as they are stored.
func (s *User) List(ctx context.Context, actor model.Actor, q model.UserList) (model.Page[model.User], error) {
	if !actor.Superuser {
		return model.Page[model.User]{}, forbidden()
	}
	if err := validate(q); err != nil {
		return model.Page[model.User]{}, err
	}
	emails := make([]model.Cond[string], len(q.Filter.Email))
	for i, c := range q.Filter.Email {
		emails[i] = model.Cond[string]{Op: c.Op, Value: normalizeEmail(c.Value)}
	}
	q.Filter.Email = emails
	return s.repo.List(ctx, q)
}

// UpdateMe changes the account of actor. A new password must come with the
// current one, and ends every other session of the account; is_active and
// is_superuser are not the user's to change.
func (s *User) UpdateMe(ctx context.Context, actor model.Actor, change model.UserChange) (model.User, error) {
	if change.IsActive != nil || change.IsSuperuser != nil {
		return model.User{}, forbidden()
	}
	if change.Password != nil {
		if change.CurrentPassword == nil {
			return model.User{}, apperr.Invalid(map[string]string{"current_password": "required to change the password"})
		}
		// The password as stored now: a cached user may still hold the
		// one a change elsewhere has just replaced.
		user, err := s.repo.GetFresh(ctx, actor.UserID)
		if err != nil {
			return model.User{}, fmt.Errorf("update user: %w", err)
		}
		ok, err := s.passwords.Verify(ctx, *change.CurrentPassword, user.PasswordHash)
		if err != nil {
			return model.User{}, fmt.Errorf("update user: %w", passwordErr(err))
		}
		if !ok {
			return model.User{}, apperr.Invalid(map[string]string{"current_password": "does not match"})
		}
	}
	u, err := s.update(ctx, actor.UserID, change)
	if err != nil || change.Password == nil {
		return u, err
	}
	if err := s.sessions.DeleteByUser(ctx, actor.UserID, actor.Session); err != nil {
		return model.User{}, fmt.Errorf("end other sessions: %w", err)
	}
	return u, nil
}

// Update changes any account. Only superusers may. Setting a password or
// deactivating the account ends all of its sessions.
func (s *User) Update(ctx context.Context, actor model.Actor, id uuid.UUID, change model.UserChange) (model.User, error) {
	if !actor.Superuser {
		return model.User{}, forbidden()
	}
	u, err := s.update(ctx, id, change)
	if err != nil || (change.Password == nil && (change.IsActive == nil || *change.IsActive)) {
		return u, err
	}
	if err := s.sessions.DeleteByUser(ctx, id, uuid.Nil); err != nil {
		return model.User{}, fmt.Errorf("end sessions: %w", err)
	}
	return u, nil
}

// update applies change to the user with the given id. The change is
// checked before the password is hashed, and the changed account as a whole
// before it is stored.
func (s *User) update(ctx context.Context, id uuid.UUID, change model.UserChange) (model.User, error) {
	var email, hash string
	if change.Email != nil {
		email = normalizeEmail(*change.Email)
		change.Email = &email
	}
	if err := validate(change); err != nil {
		return model.User{}, err
	}
	if change.Password != nil {
		// Hash before the update: it is slow on purpose.
		var err error
		if hash, err = s.passwords.Hash(ctx, *change.Password); err != nil {
			return model.User{}, passwordErr(err)
		}
	}
	return s.repo.Update(ctx, id, func(u *model.User) error {
		if change.Email != nil {
			u.Email = email
		}
		if change.FullName != nil {
			u.FullName = nil
			if *change.FullName != "" {
				name := *change.FullName
				u.FullName = &name
			}
		}
		if hash != "" {
			u.PasswordHash = hash
		}
		if change.IsActive != nil {
			u.IsActive = *change.IsActive
		}
		if change.IsSuperuser != nil {
			u.IsSuperuser = *change.IsSuperuser
		}
		u.UpdatedAt = s.now()
		return validate(u)
	})
}

// EnsureSuperuser creates an active superuser with the given email and
// password unless a user with that email exists. It returns the user with
// that email and whether it was created; an existing user is left as it is.
func (s *User) EnsureSuperuser(ctx context.Context, email, password string) (model.User, bool, error) {
	email = normalizeEmail(email)
	if err := validate(model.UserChange{Email: &email, Password: &password}); err != nil {
		return model.User{}, false, fmt.Errorf("first superuser: %w", err)
	}
	u, err := s.repo.GetByEmail(ctx, email)
	if err == nil {
		return u, false, nil
	}
	if !errors.Is(err, apperr.NotFound) {
		return model.User{}, false, fmt.Errorf("first superuser: %w", err)
	}
	u, err = s.create(ctx, email, password, nil, true)
	if errors.Is(err, apperr.AlreadyExists) {
		// Another instance created it in the meantime.
		u, err = s.repo.GetByEmail(ctx, email)
		return u, false, err
	}
	if err != nil {
		return model.User{}, false, fmt.Errorf("first superuser: %w", err)
	}
	return u, true, nil
}

func forbidden() error {
	return apperr.New(apperr.Forbidden, "only a superuser may do this")
}

// normalizeEmail returns an email in the form accounts are stored and looked
// up in: trimmed and in lower case. Whether it is an email at all is for
// the model's rules to say.
func normalizeEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}
