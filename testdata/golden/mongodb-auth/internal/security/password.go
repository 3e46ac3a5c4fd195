package security

import (
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/alexedwards/argon2id"
)

// DefaultPasswordParams are the argon2id parameters recommended as a minimum
// by the OWASP Password Storage Cheat Sheet: 19 MiB of memory, 2 iterations
// and 1 degree of parallelism, with a 16-byte salt and a 32-byte key.
var DefaultPasswordParams = argon2id.Params{
	Memory:      19 * 1024,
	Iterations:  2,
	Parallelism: 1,
	SaltLength:  16,
	KeyLength:   32,
}

// Passwords hashes and verifies passwords with argon2id.
// Create one with NewPasswords; it is safe for concurrent use.
type Passwords struct {
	params argon2id.Params
	dummy  string // hash of a random password, for VerifyDummy
}

// NewPasswords returns a Passwords that hashes with params. Every parameter
// must be non-zero.
func NewPasswords(params argon2id.Params) (*Passwords, error) {
	if err := checkParams(params); err != nil {
		return nil, fmt.Errorf("security: password params: %w", err)
	}
	dummy, err := argon2id.CreateHash(rand.Text(), &params)
	if err != nil {
		return nil, fmt.Errorf("security: hash dummy password: %w", err)
	}
	return &Passwords{params: params, dummy: dummy}, nil
}

// Hash returns the argon2id hash of password in the standard encoded form,
// which carries the salt and the parameters it was made with.
func (p *Passwords) Hash(password string) (string, error) {
	hash, err := argon2id.CreateHash(password, &p.params)
	if err != nil {
		return "", fmt.Errorf("security: hash password: %w", err)
	}
	return hash, nil
}

// Verify reports whether password matches hash. A mismatch is (false, nil);
// a malformed hash is an error. The hash is checked with the parameters
// encoded in it, so hashes made with older parameters still verify.
func (p *Passwords) Verify(password, hash string) (bool, error) {
	params, _, _, err := argon2id.DecodeHash(hash)
	if err != nil {
		return false, fmt.Errorf("security: decode password hash: %w", err)
	}
	// argon2 panics on zero iterations or parallelism, and an empty key
	// would match every password, so such a hash is refused as malformed.
	if err := checkParams(*params); err != nil {
		return false, fmt.Errorf("security: decode password hash: %w", err)
	}
	match, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil {
		return false, fmt.Errorf("security: verify password: %w", err)
	}
	return match, nil
}

// VerifyDummy spends the same work as Verify against a hash that matches
// nothing. Call it when the account does not exist, so an unknown email and
// a wrong password take about the same time.
func (p *Passwords) VerifyDummy(password string) {
	_, _ = p.Verify(password, p.dummy)
}

// checkParams reports the first parameter of params that is zero.
func checkParams(params argon2id.Params) error {
	switch {
	case params.Memory == 0:
		return errors.New("memory must be positive")
	case params.Iterations == 0:
		return errors.New("iterations must be positive")
	case params.Parallelism == 0:
		return errors.New("parallelism must be positive")
	case params.SaltLength == 0:
		return errors.New("salt length must be positive")
	case params.KeyLength == 0:
		return errors.New("key length must be positive")
	}
	return nil
}
