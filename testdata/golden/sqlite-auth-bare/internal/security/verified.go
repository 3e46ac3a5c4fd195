package security

import (
	"sync"
	"time"
)

// maxVerified is the most tokens a verifiedTokens remembers. At a few
// hundred bytes a token, it bounds the memory to a few MiB.
const maxVerified = 8192

// verifiedTokens remembers the access tokens that passed verification, until
// they expire, so a client that sends the same token with every request pays
// for checking its signature and claims once. A token is signed and cannot
// change, so its text is a safe key. Only what the token itself says is
// remembered: whether its user is still active and its session live is
// checked on every request by the caller of Verify.
type verifiedTokens struct {
	mu     sync.RWMutex
	tokens map[string]verifiedToken
}

// verifiedToken is what a verified access token says.
type verifiedToken struct {
	claims  Claims
	expires time.Time
}

// get returns the claims of token if it was verified and has not expired
// at now.
func (v *verifiedTokens) get(token string, now time.Time) (Claims, bool) {
	v.mu.RLock()
	t, ok := v.tokens[token]
	v.mu.RUnlock()
	if !ok || !now.Before(t.expires) {
		return Claims{}, false
	}
	return t.claims, true
}

// put remembers that token was verified with claims and expires at
// expires. When full, it forgets every token first: they are verified again
// on their next use.
func (v *verifiedTokens) put(token string, claims Claims, expires time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.tokens == nil || len(v.tokens) >= maxVerified {
		v.tokens = make(map[string]verifiedToken)
	}
	v.tokens[token] = verifiedToken{claims: claims, expires: expires}
}
