package security

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
)

// cheapParams keep the tests fast; only TestPasswordsDefaultParams pays for
// DefaultPasswordParams.
var cheapParams = argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// testLimit lets the tests hash at once.
var testLimit = HashLimit{Concurrency: 2, Wait: time.Second}

func newTestPasswords(t *testing.T) *Passwords {
	t.Helper()
	p, err := NewPasswords(cheapParams, testLimit)
	if err != nil {
		t.Fatalf("NewPasswords(%+v): %v", cheapParams, err)
	}
	return p
}

func TestPasswordsVerify(t *testing.T) {
	p := newTestPasswords(t)
	const password = "correct horse battery staple"
	hash, err := p.Hash(t.Context(), password)
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	if hash == password {
		t.Fatalf("Hash(%q) = the password itself", password)
	}

	tests := []struct {
		name    string
		attempt string
		want    bool
	}{
		{name: "right password", attempt: password, want: true},
		{name: "wrong password", attempt: "correct horse battery stapler", want: false},
		{name: "different case", attempt: strings.ToUpper(password), want: false},
		{name: "empty password", attempt: "", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := p.Verify(t.Context(), tt.attempt, hash)
			if err != nil {
				t.Fatalf("Verify(%q): %v", tt.attempt, err)
			}
			if got != tt.want {
				t.Errorf("Verify(%q) = %v, want %v", tt.attempt, got, tt.want)
			}
		})
	}
}

func TestPasswordsHashIsSalted(t *testing.T) {
	p := newTestPasswords(t)
	first, err := p.Hash(t.Context(), "secret")
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	second, err := p.Hash(t.Context(), "secret")
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	if first == second {
		t.Errorf("two hashes of one password are equal: %q", first)
	}
}

func TestPasswordsDefaultParams(t *testing.T) {
	p, err := NewPasswords(DefaultPasswordParams, testLimit)
	if err != nil {
		t.Fatalf("NewPasswords(DefaultPasswordParams): %v", err)
	}
	hash, err := p.Hash(t.Context(), "secret")
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	if want := "$argon2id$v=19$m=19456,t=2,p=1$"; !strings.HasPrefix(hash, want) {
		t.Errorf("Hash = %q, want prefix %q", hash, want)
	}
	params, salt, key, err := argon2id.DecodeHash(hash)
	if err != nil {
		t.Fatalf("DecodeHash(%q): %v", hash, err)
	}
	if *params != DefaultPasswordParams {
		t.Errorf("hash params = %+v, want %+v", *params, DefaultPasswordParams)
	}
	if len(salt) != 16 || len(key) != 32 {
		t.Errorf("salt and key lengths = %d, %d, want 16, 32", len(salt), len(key))
	}
}

func TestPasswordsVerifyMalformedHash(t *testing.T) {
	p := newTestPasswords(t)
	const (
		salt = "c29tZXNhbHRzb21lc2FsdA"                      // 16 bytes
		key  = "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U" // 32 bytes
	)
	// The well-formed hash the cases below break one part of.
	wellFormed := "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key
	if got, err := p.Verify(t.Context(), "secret", wellFormed); got || err != nil {
		t.Fatalf("Verify(%q) = %v, %v, want false, nil", wellFormed, got, err)
	}

	tests := []struct {
		name string
		hash string
	}{
		{name: "empty", hash: ""},
		{name: "plain text", hash: "secret"},
		{name: "too few fields", hash: "$argon2id$v=19$m=64,t=1,p=1$" + salt},
		{name: "other variant", hash: "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key},
		{name: "other version", hash: "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key},
		{name: "garbled params", hash: "$argon2id$v=19$m=x,t=1,p=1$" + salt + "$" + key},
		{name: "salt not base64", hash: "$argon2id$v=19$m=64,t=1,p=1$!!!$" + key},
		{name: "key not base64", hash: "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$!!!"},
		{name: "zero iterations", hash: "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key},
		{name: "zero parallelism", hash: "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key},
		{name: "empty salt", hash: "$argon2id$v=19$m=64,t=1,p=1$$" + key},
		{name: "empty key", hash: "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := p.Verify(t.Context(), "secret", tt.hash)
			if err == nil {
				t.Fatalf("Verify(%q) = %v, nil, want an error", tt.hash, got)
			}
			if got {
				t.Errorf("Verify(%q) = true, %v, want false", tt.hash, err)
			}
		})
	}
}

func TestNewPasswordsRejectsZeroParams(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*argon2id.Params)
	}{
		{name: "memory", modify: func(p *argon2id.Params) { p.Memory = 0 }},
		{name: "iterations", modify: func(p *argon2id.Params) { p.Iterations = 0 }},
		{name: "parallelism", modify: func(p *argon2id.Params) { p.Parallelism = 0 }},
		{name: "salt length", modify: func(p *argon2id.Params) { p.SaltLength = 0 }},
		{name: "key length", modify: func(p *argon2id.Params) { p.KeyLength = 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := cheapParams
			tt.modify(&params)
			p, err := NewPasswords(params, testLimit)
			if err == nil {
				t.Fatalf("NewPasswords(%+v) = %v, nil, want an error", params, p)
			}
			if !strings.Contains(err.Error(), tt.name) {
				t.Errorf("NewPasswords(%+v) error = %q, want it to mention %q", params, err, tt.name)
			}
		})
	}
}

func TestPasswordsVerifyDummy(t *testing.T) {
	p := newTestPasswords(t)
	params, _, _, err := argon2id.DecodeHash(p.dummy)
	if err != nil {
		t.Fatalf("DecodeHash(dummy %q): %v", p.dummy, err)
	}
	if *params != cheapParams {
		t.Errorf("dummy hash params = %+v, want %+v", *params, cheapParams)
	}
	for _, password := range []string{"", "secret"} {
		if got, err := p.Verify(t.Context(), password, p.dummy); got || err != nil {
			t.Errorf("Verify(%q, dummy) = %v, %v, want false, nil", password, got, err)
		}
		if err := p.VerifyDummy(t.Context(), password); err != nil {
			t.Errorf("VerifyDummy(%q): %v", password, err)
		}
	}
}

func TestNewPasswordsBadLimit(t *testing.T) {
	for _, limit := range []HashLimit{{Concurrency: 0, Wait: time.Second}, {Concurrency: 1, Wait: -time.Second}} {
		if p, err := NewPasswords(cheapParams, limit); err == nil {
			t.Errorf("NewPasswords(%+v) = %v, nil, want an error", limit, p)
		}
	}
}

// TestPasswordsBusy fills every hashing slot and checks that hashing and
// verifying then wait for one, fail with ErrBusy when none frees up in
// time, and go ahead once one does.
func TestPasswordsBusy(t *testing.T) {
	const wait = 20 * time.Millisecond
	p, err := NewPasswords(cheapParams, HashLimit{Concurrency: 2, Wait: wait})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := p.Hash(t.Context(), "secret")
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	for range cap(p.slots) {
		if err := p.acquire(t.Context()); err != nil {
			t.Fatalf("acquire: %v", err)
		}
	}
	start := time.Now()
	if _, err := p.Hash(t.Context(), "secret"); !errors.Is(err, ErrBusy) {
		t.Errorf("Hash with every slot taken: %v, want ErrBusy", err)
	}
	if waited := time.Since(start); waited < wait {
		t.Errorf("Hash gave up after %s, want it to wait %s", waited, wait)
	}
	if _, err := p.Verify(t.Context(), "secret", hash); !errors.Is(err, ErrBusy) {
		t.Errorf("Verify with every slot taken: %v, want ErrBusy", err)
	}
	if err := p.VerifyDummy(t.Context(), "secret"); !errors.Is(err, ErrBusy) {
		t.Errorf("VerifyDummy with every slot taken: %v, want ErrBusy", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := p.Hash(ctx, "secret"); !errors.Is(err, context.Canceled) {
		t.Errorf("Hash with a done context: %v, want context.Canceled", err)
	}

	p.release()
	if ok, err := p.Verify(t.Context(), "secret", hash); err != nil || !ok {
		t.Errorf("Verify with a free slot = %v, %v, want true, nil", ok, err)
	}
}
