package security

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

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

// ErrBusy is returned when no hashing slot frees up within the wait of
// the HashLimit: the server is hashing as many passwords as it may.
var ErrBusy = errors.New("security: password hashing is busy")

// HashLimit bounds the memory and CPU that password hashing takes: each
// argon2id hash or verification holds DefaultPasswordParams.Memory for its
// duration, so without a bound every concurrent login adds 19 MiB.
type HashLimit struct {
	// Concurrency is the most hashes and verifications run at a time.
	Concurrency int
	// Wait is how long a hash waits for a slot before it fails with
	// ErrBusy.
	Wait time.Duration
}

// Passwords hashes and verifies passwords with argon2id, at most
// HashLimit.Concurrency at a time. Create one with NewPasswords; it is safe
// for concurrent use.
type Passwords struct {
	params argon2id.Params
	dummy  string        // hash of a random password, for VerifyDummy
	slots  chan struct{} // holds a value per hash in progress
	wait   time.Duration
}

// NewPasswords returns a Passwords that hashes with params within limit.
// Every parameter and the concurrency must be positive.
func NewPasswords(params argon2id.Params, limit HashLimit) (*Passwords, error) {
	if err := checkParams(params); err != nil {
		return nil, fmt.Errorf("security: password params: %w", err)
	}
	if limit.Concurrency <= 0 || limit.Wait < 0 {
		return nil, fmt.Errorf("security: hash limit %+v: concurrency must be positive and wait not negative", limit)
	}
	dummy, err := argon2id.CreateHash(rand.Text(), &params)
	if err != nil {
		return nil, fmt.Errorf("security: hash dummy password: %w", err)
	}
	return &Passwords{
		params: params,
		dummy:  dummy,
		slots:  make(chan struct{}, limit.Concurrency),
		wait:   limit.Wait,
	}, nil
}

// acquire takes a hashing slot, waiting for one at most p.wait. The caller
// must call release once done.
func (p *Passwords) acquire(ctx context.Context) error {
	select {
	case p.slots <- struct{}{}:
		return nil
	default:
	}
	timer := time.NewTimer(p.wait)
	defer timer.Stop()
	select {
	case p.slots <- struct{}{}:
		return nil
	case <-timer.C:
		return ErrBusy
	case <-ctx.Done():
		return fmt.Errorf("security: wait for a hashing slot: %w", ctx.Err())
	}
}

func (p *Passwords) release() { <-p.slots }

// Hash returns the argon2id hash of password in the standard encoded form,
// which carries the salt and the parameters it was made with. It fails with
// ErrBusy when no hashing slot frees up in time.
func (p *Passwords) Hash(ctx context.Context, password string) (string, error) {
	if err := p.acquire(ctx); err != nil {
		return "", err
	}
	defer p.release()
	hash, err := argon2id.CreateHash(password, &p.params)
	if err != nil {
		return "", fmt.Errorf("security: hash password: %w", err)
	}
	return hash, nil
}

// Verify reports whether password matches hash. A mismatch is (false, nil);
// a malformed hash is an error. The hash is checked with the parameters
// encoded in it, so hashes made with older parameters still verify. It
// fails with ErrBusy when no hashing slot frees up in time.
func (p *Passwords) Verify(ctx context.Context, password, hash string) (bool, error) {
	params, _, _, err := argon2id.DecodeHash(hash)
	if err != nil {
		return false, fmt.Errorf("security: decode password hash: %w", err)
	}
	// argon2 panics on zero iterations or parallelism, and an empty key
	// would match every password, so such a hash is refused as malformed.
	if err := checkParams(*params); err != nil {
		return false, fmt.Errorf("security: decode password hash: %w", err)
	}
	if err := p.acquire(ctx); err != nil {
		return false, err
	}
	defer p.release()
	match, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil {
		return false, fmt.Errorf("security: verify password: %w", err)
	}
	return match, nil
}

// VerifyDummy spends the same work as Verify against a hash that matches
// nothing. Call it when the account does not exist, so an unknown email and
// a wrong password take about the same time. Its only error is that of
// taking a hashing slot, such as ErrBusy.
func (p *Passwords) VerifyDummy(ctx context.Context, password string) error {
	_, err := p.Verify(ctx, password, p.dummy)
	return err
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
