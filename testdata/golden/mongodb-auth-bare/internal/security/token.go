// Package security issues and verifies JSON Web Tokens and hashes passwords.
package security

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
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
	// RefreshExpires is when Refresh expires.
	RefreshExpires time.Time
}

// Claims are what a verified token says.
type Claims struct {
	// Subject is the id of the user the token was issued to.
	Subject string
	// Session is the id of the session the token belongs to.
	Session string
}

// claims are the claims of every token: the registered ones plus its type
// and session.
type claims struct {
	jwt.RegisteredClaims
	Type    TokenType `json:"typ"`
	Session string    `json:"sid"`
}

// Issue returns a new access token and refresh token for subject in
// session; neither may be empty.
func (t *Tokens) Issue(subject, session string) (Pair, error) {
	if subject == "" || session == "" {
		return Pair{}, errors.New("security: token subject or session is empty")
	}
	now := t.now()
	access, err := t.sign(subject, session, AccessToken, now, t.cfg.AccessTTL)
	if err != nil {
		return Pair{}, err
	}
	refresh, err := t.sign(subject, session, RefreshToken, now, t.cfg.RefreshTTL)
	if err != nil {
		return Pair{}, err
	}
	return Pair{
		Access:         access,
		Refresh:        refresh,
		ExpiresIn:      t.cfg.AccessTTL,
		RefreshExpires: now.Add(t.cfg.RefreshTTL),
	}, nil
}

// sign returns a token of type typ for subject in session, issued at now
// and valid for ttl.
func (t *Tokens) sign(subject, session string, typ TokenType, now time.Time, ttl time.Duration) (string, error) {
	c := claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.cfg.Issuer,
			Subject:   subject,
			Audience:  jwt.ClaimStrings{t.cfg.Audience},
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        uuid.NewString(),
		},
		Type:    typ,
		Session: session,
	}
	token, err := jwt.NewWithClaims(signingMethod, c).SignedString(t.cfg.Secret)
	if err != nil {
		return "", fmt.Errorf("security: sign %s token: %w", typ, err)
	}
	return token, nil
}

// Verify checks token and returns its claims. want is the type the caller
// accepts. The token must be signed with HS256 and the configured secret,
// name the configured issuer and audience, carry an expiry that has not
// passed and an issue time that has, and have a non-empty subject and
// session. An access token is checked in full the first time only: until
// it expires, Verify remembers it.
func (t *Tokens) Verify(token string, want TokenType) (Claims, error) {
	if want != AccessToken && want != RefreshToken {
		return Claims{}, fmt.Errorf("%w: unknown token type %q requested", ErrInvalidToken, want)
	}
	if want == AccessToken {
		if claims, ok := t.verified.get(token, t.now()); ok {
			return claims, nil
		}
	}
	var c claims
	_, err := t.parser.ParseWithClaims(token, &c, t.key)
	if err != nil {
		return Claims{}, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	if c.Subject == "" || c.Session == "" {
		return Claims{}, fmt.Errorf("%w: subject or session is empty", ErrInvalidToken)
	}
	if c.Type != want {
		return Claims{}, fmt.Errorf("%w: got %q token, want %q", ErrInvalidToken, c.Type, want)
	}
	claims := Claims{Subject: c.Subject, Session: c.Session}
	if want == AccessToken {
		t.verified.put(token, claims, c.ExpiresAt.Time)
	}
	return claims, nil
}

// HashToken returns the digest under which a token is stored: SHA-256 in
// hex. Tokens are long and random, so a fast hash is enough; the store
// never holds a token that would work if it leaked.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewSecretToken returns a random token of 256 bits in base32 text, for a
// password reset link.
func NewSecretToken() string {
	return rand.Text() + rand.Text()
}
