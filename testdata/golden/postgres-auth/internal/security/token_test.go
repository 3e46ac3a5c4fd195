package security

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var testConfig = TokenConfig{
	Secret:     []byte("test-secret-that-is-32-bytes-long"),
	Issuer:     "test-issuer",
	Audience:   "test-audience",
	AccessTTL:  15 * time.Minute,
	RefreshTTL: 7 * 24 * time.Hour,
}

// testNow is the fixed clock every token test starts at.
var testNow = time.Date(2026, time.January, 2, 3, 4, 5, 0, time.UTC)

// newTestTokens returns Tokens for testConfig whose clock reads testNow.
func newTestTokens(t *testing.T) *Tokens {
	t.Helper()
	tokens, err := NewTokens(testConfig)
	if err != nil {
		t.Fatalf("NewTokens: %v", err)
	}
	tokens.now = func() time.Time { return testNow }
	return tokens
}

// validClaims returns the claims Issue would put in a token of type typ.
func validClaims(typ TokenType) claims {
	return claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    testConfig.Issuer,
			Subject:   "user-1",
			Audience:  jwt.ClaimStrings{testConfig.Audience},
			ExpiresAt: jwt.NewNumericDate(testNow.Add(testConfig.AccessTTL)),
			IssuedAt:  jwt.NewNumericDate(testNow),
			ID:        "test-id",
		},
		Type:    typ,
		Session: "session-1",
	}
}

// sign returns c signed with method and key.
func sign(t *testing.T, method jwt.SigningMethod, key any, c jwt.Claims) string {
	t.Helper()
	token, err := jwt.NewWithClaims(method, c).SignedString(key)
	if err != nil {
		t.Fatalf("sign with %s: %v", method.Alg(), err)
	}
	return token
}

// signHS256 returns c signed the way Issue signs, so a test can change one
// claim and nothing else.
func signHS256(t *testing.T, modify func(*claims)) string {
	t.Helper()
	c := validClaims(AccessToken)
	modify(&c)
	return sign(t, jwt.SigningMethodHS256, testConfig.Secret, c)
}

func TestTokensIssueAndVerify(t *testing.T) {
	tokens := newTestTokens(t)
	pair, err := tokens.Issue("user-1", "session-1")
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	if pair.ExpiresIn != testConfig.AccessTTL {
		t.Errorf("ExpiresIn = %v, want %v", pair.ExpiresIn, testConfig.AccessTTL)
	}

	tests := []struct {
		name    string
		token   string
		want    TokenType
		advance time.Duration
	}{
		{name: "access", token: pair.Access, want: AccessToken},
		{name: "refresh", token: pair.Refresh, want: RefreshToken},
		{name: "access just before expiry", token: pair.Access, want: AccessToken, advance: testConfig.AccessTTL - time.Second},
		{name: "refresh just before expiry", token: pair.Refresh, want: RefreshToken, advance: testConfig.RefreshTTL - time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tokens.now = func() time.Time { return testNow.Add(tt.advance) }
			got, err := tokens.Verify(tt.token, tt.want)
			if err != nil {
				t.Fatalf("Verify(%s token): %v", tt.want, err)
			}
			if want := (Claims{Subject: "user-1", Session: "session-1"}); got != want {
				t.Errorf("Verify(%s token) = %+v, want %+v", tt.want, got, want)
			}
		})
	}
}

func TestTokensIssueIsUnique(t *testing.T) {
	tokens := newTestTokens(t)
	first, err := tokens.Issue("user-1", "session-1")
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	second, err := tokens.Issue("user-1", "session-1")
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	if first.Access == second.Access || first.Refresh == second.Refresh {
		t.Errorf("two pairs issued at the same instant share a token: %+v and %+v", first, second)
	}
}

func TestTokensIssueRejectsEmptySubjectOrSession(t *testing.T) {
	tokens := newTestTokens(t)
	if pair, err := tokens.Issue("", "session-1"); err == nil {
		t.Errorf("Issue(\"\", session) = %+v, nil, want an error", pair)
	}
	if pair, err := tokens.Issue("user-1", ""); err == nil {
		t.Errorf("Issue(user, \"\") = %+v, nil, want an error", pair)
	}
}

func TestHashToken(t *testing.T) {
	a, b := NewSecretToken(), NewSecretToken()
	if a == b || len(a) < 50 {
		t.Errorf("NewSecretToken() = %q, %q; want two different tokens of 256 bits", a, b)
	}
	digest := HashToken(a)
	if HashToken(a) != digest || digest == HashToken(b) || digest == a {
		t.Errorf("HashToken is not a digest that tells %q from %q", a, b)
	}
}

func TestTokensVerifyRejects(t *testing.T) {
	tokens := newTestTokens(t)
	pair, err := tokens.Issue("user-1", "session-1")
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	// tampered is pair.Access with its payload swapped for another
	// subject's, keeping the original signature.
	parts := strings.Split(pair.Access, ".")
	other := strings.Split(signHS256(t, func(c *claims) { c.Subject = "admin" }), ".")
	tampered := parts[0] + "." + other[1] + "." + parts[2]
	// confused carries an HS256 signature made with the secret but claims
	// to be RS256.
	rs256 := jwt.NewWithClaims(jwt.SigningMethodRS256, validClaims(AccessToken))
	unsigned, err := rs256.SigningString()
	if err != nil {
		t.Fatalf("SigningString: %v", err)
	}
	signature, err := jwt.SigningMethodHS256.Sign(unsigned, testConfig.Secret)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	confused := unsigned + "." + rs256.EncodeSegment(signature)

	tests := []struct {
		name    string
		token   string
		want    TokenType
		advance time.Duration
	}{
		{name: "access as refresh", token: pair.Access, want: RefreshToken},
		{name: "refresh as access", token: pair.Refresh, want: AccessToken},
		{name: "unknown wanted type", token: pair.Access, want: "admin"},
		{name: "access expired", token: pair.Access, want: AccessToken, advance: testConfig.AccessTTL},
		{name: "refresh expired", token: pair.Refresh, want: RefreshToken, advance: testConfig.RefreshTTL},
		{name: "issued in the future", token: pair.Access, want: AccessToken, advance: -time.Second},
		{
			name:  "alg none",
			token: sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, validClaims(AccessToken)),
			want:  AccessToken,
		},
		{
			name:  "HS384 with the secret",
			token: sign(t, jwt.SigningMethodHS384, testConfig.Secret, validClaims(AccessToken)),
			want:  AccessToken,
		},
		{
			name:  "HS512 with the secret",
			token: sign(t, jwt.SigningMethodHS512, testConfig.Secret, validClaims(AccessToken)),
			want:  AccessToken,
		},
		{name: "RS256 header on an HMAC signature", token: confused, want: AccessToken},
		{
			name:  "another secret",
			token: sign(t, jwt.SigningMethodHS256, []byte("another-secret-that-is-32-bytes!"), validClaims(AccessToken)),
			want:  AccessToken,
		},
		{name: "tampered payload", token: tampered, want: AccessToken},
		{name: "no exp", token: signHS256(t, func(c *claims) { c.ExpiresAt = nil }), want: AccessToken},
		{
			name:  "iat in the future",
			token: signHS256(t, func(c *claims) { c.IssuedAt = jwt.NewNumericDate(testNow.Add(time.Minute)) }),
			want:  AccessToken,
		},
		{
			name:  "nbf in the future",
			token: signHS256(t, func(c *claims) { c.NotBefore = jwt.NewNumericDate(testNow.Add(time.Minute)) }),
			want:  AccessToken,
		},
		{name: "wrong issuer", token: signHS256(t, func(c *claims) { c.Issuer = "someone-else" }), want: AccessToken},
		{name: "no issuer", token: signHS256(t, func(c *claims) { c.Issuer = "" }), want: AccessToken},
		{
			name:  "wrong audience",
			token: signHS256(t, func(c *claims) { c.Audience = jwt.ClaimStrings{"someone-else"} }),
			want:  AccessToken,
		},
		{name: "no audience", token: signHS256(t, func(c *claims) { c.Audience = nil }), want: AccessToken},
		{name: "empty subject", token: signHS256(t, func(c *claims) { c.Subject = "" }), want: AccessToken},
		{name: "no session", token: signHS256(t, func(c *claims) { c.Session = "" }), want: AccessToken},
		{name: "empty typ", token: signHS256(t, func(c *claims) { c.Type = "" }), want: AccessToken},
		{name: "unknown typ", token: signHS256(t, func(c *claims) { c.Type = "admin" }), want: AccessToken},
		{
			name:  "no typ",
			token: sign(t, jwt.SigningMethodHS256, testConfig.Secret, validClaims(AccessToken).RegisteredClaims),
			want:  AccessToken,
		},
		{name: "empty string", token: "", want: AccessToken},
		{name: "one segment", token: "abc", want: AccessToken},
		{name: "three garbage segments", token: "a.b.c", want: AccessToken},
		{name: "four segments", token: pair.Access + ".x", want: AccessToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tokens.now = func() time.Time { return testNow.Add(tt.advance) }
			got, err := tokens.Verify(tt.token, tt.want)
			if !errors.Is(err, ErrInvalidToken) {
				t.Errorf("Verify(%q, %q) = %+v, %v, want an error wrapping ErrInvalidToken", tt.token, tt.want, got, err)
			}
		})
	}
}

func TestNewTokensRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*TokenConfig)
	}{
		{name: "nil secret", modify: func(c *TokenConfig) { c.Secret = nil }},
		{name: "empty secret", modify: func(c *TokenConfig) { c.Secret = []byte{} }},
		{name: "empty issuer", modify: func(c *TokenConfig) { c.Issuer = "" }},
		{name: "empty audience", modify: func(c *TokenConfig) { c.Audience = "" }},
		{name: "zero access lifetime", modify: func(c *TokenConfig) { c.AccessTTL = 0 }},
		{name: "negative access lifetime", modify: func(c *TokenConfig) { c.AccessTTL = -time.Minute }},
		{name: "zero refresh lifetime", modify: func(c *TokenConfig) { c.RefreshTTL = 0 }},
		{name: "negative refresh lifetime", modify: func(c *TokenConfig) { c.RefreshTTL = -time.Minute }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig
			tt.modify(&cfg)
			if tokens, err := NewTokens(cfg); err == nil {
				t.Errorf("NewTokens(%+v) = %v, nil, want an error", cfg, tokens)
			}
		})
	}
}

func TestNewTokensCopiesSecret(t *testing.T) {
	cfg := testConfig
	cfg.Secret = []byte("a-secret-the-caller-will-overwrite")
	tokens, err := NewTokens(cfg)
	if err != nil {
		t.Fatalf("NewTokens: %v", err)
	}
	pair, err := tokens.Issue("user-1", "session-1")
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	clear(cfg.Secret)
	if _, err := tokens.Verify(pair.Access, AccessToken); err != nil {
		t.Errorf("Verify after the caller cleared its secret: %v", err)
	}
}

func FuzzTokensVerify(f *testing.F) {
	tokens, err := NewTokens(testConfig)
	if err != nil {
		f.Fatalf("NewTokens: %v", err)
	}
	tokens.now = func() time.Time { return testNow }
	pair, err := tokens.Issue("user-1", "session-1")
	if err != nil {
		f.Fatalf("Issue: %v", err)
	}
	for _, seed := range []string{"", "abc", "a.b.c", "..", pair.Access, pair.Refresh} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		for _, want := range []TokenType{AccessToken, RefreshToken} {
			got, err := tokens.Verify(token, want)
			if err != nil && !errors.Is(err, ErrInvalidToken) {
				t.Errorf("Verify(%q, %q) error = %v, want one wrapping ErrInvalidToken", token, want, err)
			}
			if err == nil && (got.Subject == "" || got.Session == "") {
				t.Errorf("Verify(%q, %q) = %+v, nil, want a subject and session or an error", token, want, got)
			}
		}
	})
}

func TestTokensVerifyRemembersAccessTokens(t *testing.T) {
	tokens := newTestTokens(t)
	pair, err := tokens.Issue("user-1", "session-1")
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	if _, err := tokens.Verify(pair.Access, AccessToken); err != nil {
		t.Fatalf("Verify(access token): %v", err)
	}
	if _, err := tokens.Verify(pair.Refresh, RefreshToken); err != nil {
		t.Fatalf("Verify(refresh token): %v", err)
	}
	// From here on no token can be checked in full: only a remembered
	// one still verifies.
	tokens.key = func(*jwt.Token) (any, error) { return nil, errors.New("key withheld") }

	want := Claims{Subject: "user-1", Session: "session-1"}
	if got, err := tokens.Verify(pair.Access, AccessToken); err != nil || got != want {
		t.Errorf("Verify(access token) again = %+v, %v; want it remembered as %+v", got, err, want)
	}
	if _, err := tokens.Verify(pair.Refresh, RefreshToken); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("Verify(refresh token) again = %v, want ErrInvalidToken: refresh tokens are checked in full every time", err)
	}
	if _, err := tokens.Verify(pair.Access, RefreshToken); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("Verify(access token as refresh) = %v, want ErrInvalidToken", err)
	}
	tokens.now = func() time.Time { return testNow.Add(testConfig.AccessTTL) }
	if _, err := tokens.Verify(pair.Access, AccessToken); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("Verify(remembered access token) at its expiry = %v, want ErrInvalidToken", err)
	}
}

func TestVerifiedTokensIsBounded(t *testing.T) {
	var v verifiedTokens
	expires := testNow.Add(time.Hour)
	for i := range maxVerified + 1 {
		v.put(fmt.Sprint("token-", i), Claims{Subject: "user-1", Session: "session-1"}, expires)
	}
	if n := len(v.tokens); n > maxVerified {
		t.Errorf("verifiedTokens holds %d tokens, want at most %d", n, maxVerified)
	}
	if _, ok := v.get(fmt.Sprint("token-", maxVerified), testNow); !ok {
		t.Error("the token put last is not remembered")
	}
}
