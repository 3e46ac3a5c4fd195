// Package security issues and verifies JSON Web Tokens and hashes passwords.
package security

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// TokenType tells an access token from a refresh token. It is carried in
// the private "typ" claim, so one kind cannot be used in place of the other.
type TokenType string

// The token types Issue produces and Verify accepts.
const (
	AccessToken  TokenType = "access"
	RefreshToken TokenType = "refresh"
)

// ErrInvalidToken is wrapped by every error Verify returns.
var ErrInvalidToken = errors.New("invalid token")

// signingMethod is the only algorithm tokens are signed and verified with.
var signingMethod = jwt.SigningMethodHS256

// TokenConfig configures Tokens. Every field is required.
type TokenConfig struct {
	// Secret is the HMAC key that signs and verifies tokens.
	Secret []byte
	// Issuer is written to and required in the "iss" claim.
	Issuer string
	// Audience is written to and required in the "aud" claim.
	Audience string
	// AccessTTL is how long an access token is valid.
	AccessTTL time.Duration
	// RefreshTTL is how long a refresh token is valid.
	RefreshTTL time.Duration
}

// Tokens issues and verifies signed tokens.
// Create one with NewTokens; it is safe for concurrent use.
type Tokens struct {
	cfg TokenConfig
	now func() time.Time
	// parser and key verify tokens; both are made once, as verifying is
	// on the path of every authenticated request.
	parser *jwt.Parser
	key    jwt.Keyfunc
	// verified remembers the access tokens already verified.
	verified verifiedTokens
}

// NewTokens returns a Tokens for cfg. It fails if the secret, issuer or
// audience is empty, or if a lifetime is not positive.
func NewTokens(cfg TokenConfig) (*Tokens, error) {
	switch {
	case len(cfg.Secret) == 0:
		return nil, errors.New("security: token secret is empty")
	case cfg.Issuer == "":
		return nil, errors.New("security: token issuer is empty")
	case cfg.Audience == "":
		return nil, errors.New("security: token audience is empty")
	case cfg.AccessTTL <= 0:
		return nil, fmt.Errorf("security: access token lifetime %v is not positive", cfg.AccessTTL)
	case cfg.RefreshTTL <= 0:
		return nil, fmt.Errorf("security: refresh token lifetime %v is not positive", cfg.RefreshTTL)
	}
	// Copy the secret so the caller cannot change the key afterwards.
	cfg.Secret = bytes.Clone(cfg.Secret)
	t := &Tokens{cfg: cfg, now: time.Now}
	t.parser = jwt.NewParser(
		jwt.WithValidMethods([]string{signingMethod.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithTimeFunc(func() time.Time { return t.now() }),
	)
	// The parser has already refused every algorithm but HS256.
	var key any = cfg.Secret
	t.key = func(*jwt.Token) (any, error) { return key, nil }
	return t, nil
}

// Pair is what a login or a refresh returns.
type Pair struct {
	// Access is the short-lived token that authorizes requests.
	Access string
	// Refresh is the long-lived token that obtains a new Pair.
	Refresh string
	// ExpiresIn is the lifetime of Access.
	ExpiresIn time.Duration
}

// claims are the claims of every token: the registered ones plus its type.
type claims struct {
	jwt.RegisteredClaims
	Type TokenType `json:"typ"`
}

// Issue returns a new access token and refresh token for subject, which
// must not be empty.
func (t *Tokens) Issue(subject string) (Pair, error) {
	if subject == "" {
		return Pair{}, errors.New("security: token subject is empty")
	}
	now := t.now()
	access, err := t.sign(subject, AccessToken, now, t.cfg.AccessTTL)
	if err != nil {
		return Pair{}, err
	}
	refresh, err := t.sign(subject, RefreshToken, now, t.cfg.RefreshTTL)
	if err != nil {
		return Pair{}, err
	}
	return Pair{Access: access, Refresh: refresh, ExpiresIn: t.cfg.AccessTTL}, nil
}

// sign returns a token of type typ for subject, issued at now and valid
// for ttl.
func (t *Tokens) sign(subject string, typ TokenType, now time.Time, ttl time.Duration) (string, error) {
	c := claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.cfg.Issuer,
			Subject:   subject,
			Audience:  jwt.ClaimStrings{t.cfg.Audience},
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        uuid.NewString(),
		},
		Type: typ,
	}
	token, err := jwt.NewWithClaims(signingMethod, c).SignedString(t.cfg.Secret)
	if err != nil {
		return "", fmt.Errorf("security: sign %s token: %w", typ, err)
	}
	return token, nil
}

// Verify checks token and returns its subject. want is the type the caller
// accepts. The token must be signed with HS256 and the configured secret,
// name the configured issuer and audience, carry an expiry that has not
// passed and an issue time that has, and have a non-empty subject. An
// access token is checked in full the first time only: until it expires,
// Verify remembers it.
func (t *Tokens) Verify(token string, want TokenType) (string, error) {
	if want != AccessToken && want != RefreshToken {
		return "", fmt.Errorf("%w: unknown token type %q requested", ErrInvalidToken, want)
	}
	if want == AccessToken {
		if subject, ok := t.verified.get(token, t.now()); ok {
			return subject, nil
		}
	}
	var c claims
	_, err := t.parser.ParseWithClaims(token, &c, t.key)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	if c.Subject == "" {
		return "", fmt.Errorf("%w: subject is empty", ErrInvalidToken)
	}
	if c.Type != want {
		return "", fmt.Errorf("%w: got %q token, want %q", ErrInvalidToken, c.Type, want)
	}
	if want == AccessToken {
		t.verified.put(token, c.Subject, c.ExpiresAt.Time)
	}
	return c.Subject, nil
}
