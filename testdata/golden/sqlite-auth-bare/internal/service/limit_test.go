package service_test

import (
	"errors"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"example.com/bare/internal/apperr"
	"example.com/bare/internal/security"
	"example.com/bare/internal/service"
)

// wantRateLimited fails the test unless err is a RateLimited error that
// says when to try again.
func wantRateLimited(t *testing.T, what string, err error) {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != apperr.RateLimited || ae.RetryAfter <= 0 {
		t.Fatalf("%s: %v, want a RateLimited error with a RetryAfter", what, err)
	}
}

// limited returns generous limits with change applied.
func limited(change func(*service.Limits)) service.Limits {
	l := generous
	change(&l)
	return l
}

func TestLoginRateLimits(t *testing.T) {
	two := service.Limit{Max: 2, Window: time.Minute}
	other := netip.MustParseAddr("198.51.100.7")

	t.Run("per account", func(t *testing.T) {
		e := setupUsersWith(t, cheapPasswordParams, testHashLimit, limited(func(l *service.Limits) { l.LoginPerAccount = two }))
		e.register(t, "alice@example.com", alicePassword)
		e.login(t, "alice@example.com", alicePassword)
		if _, err := e.svc.Login(t.Context(), testClient, testAgent, "ALICE@example.com", bobPassword); !errors.Is(err, apperr.Unauthorized) {
			t.Fatalf("second attempt: %v, want Unauthorized", err)
		}
		// The account is counted whatever the address and the case.
		_, err := e.svc.Login(t.Context(), other, testAgent, "Alice@Example.com", alicePassword)
		wantRateLimited(t, "third attempt, from another address", err)
		// Other accounts are not.
		if _, err := e.svc.Login(t.Context(), testClient, testAgent, "bob@example.com", bobPassword); !errors.Is(err, apperr.Unauthorized) {
			t.Errorf("another account: %v, want Unauthorized", err)
		}
	})

	t.Run("per client", func(t *testing.T) {
		e := setupUsersWith(t, cheapPasswordParams, testHashLimit, limited(func(l *service.Limits) { l.LoginPerIP = two }))
		e.register(t, "alice@example.com", alicePassword)
		for _, email := range []string{"carol@example.com", "dave@example.com"} {
			if _, err := e.svc.Login(t.Context(), testClient, testAgent, email, alicePassword); !errors.Is(err, apperr.Unauthorized) {
				t.Fatalf("Login(%s): %v, want Unauthorized", email, err)
			}
		}
		_, err := e.svc.Login(t.Context(), testClient, testAgent, "alice@example.com", alicePassword)
		wantRateLimited(t, "third attempt from one address, even with the right password", err)
		if _, err := e.svc.Login(t.Context(), other, testAgent, "alice@example.com", alicePassword); err != nil {
			t.Errorf("Login from another address: %v", err)
		}
	})

	t.Run("an IPv6 client is its /64", func(t *testing.T) {
		e := setupUsersWith(t, cheapPasswordParams, testHashLimit, limited(func(l *service.Limits) { l.LoginPerIP = two }))
		for _, ip := range []string{"2001:db8:1:2::1", "2001:db8:1:2::2"} {
			if _, err := e.svc.Login(t.Context(), netip.MustParseAddr(ip), testAgent, "carol@example.com", alicePassword); !errors.Is(err, apperr.Unauthorized) {
				t.Fatalf("Login from %s: %v, want Unauthorized", ip, err)
			}
		}
		_, err := e.svc.Login(t.Context(), netip.MustParseAddr("2001:db8:1:2:ffff::9"), testAgent, "carol@example.com", alicePassword)
		wantRateLimited(t, "third attempt from one /64", err)
		if _, err := e.svc.Login(t.Context(), netip.MustParseAddr("2001:db8:1:3::1"), testAgent, "carol@example.com", alicePassword); !errors.Is(err, apperr.Unauthorized) {
			t.Errorf("Login from another /64: %v, want Unauthorized", err)
		}
	})
}

func TestRegisterRateLimits(t *testing.T) {
	two := service.Limit{Max: 2, Window: time.Minute}
	e := setupUsersWith(t, cheapPasswordParams, testHashLimit, limited(func(l *service.Limits) {
		l.RegisterPerIP = two
		l.RegisterPerAccount = two
	}))
	e.register(t, "alice@example.com", alicePassword)
	// An email no account can have is refused before anything is counted.
	if _, err := e.svc.Register(t.Context(), testClient, "not an email", alicePassword, nil); !errors.Is(err, apperr.Validation) {
		t.Fatalf("Register(bad email): %v, want Validation", err)
	}
	e.register(t, "bob@example.com", bobPassword)
	_, err := e.svc.Register(t.Context(), testClient, "carol@example.com", alicePassword, nil)
	wantRateLimited(t, "third registration from one address", err)

	other := netip.MustParseAddr("198.51.100.7")
	if _, err := e.svc.Register(t.Context(), other, "alice@example.com", alicePassword, nil); !errors.Is(err, apperr.AlreadyExists) {
		t.Fatalf("second registration of alice: %v, want AlreadyExists", err)
	}
	_, err = e.svc.Register(t.Context(), other, "ALICE@example.com", alicePassword, nil)
	wantRateLimited(t, "third registration of one email", err)
}

func TestRefreshRateLimits(t *testing.T) {
	e := setupUsersWith(t, cheapPasswordParams, testHashLimit, limited(func(l *service.Limits) {
		l.RefreshPerAccount = service.Limit{Max: 2, Window: time.Minute}
	}))
	e.register(t, "alice@example.com", alicePassword)
	e.register(t, "bob@example.com", bobPassword)
	alice, bob := e.login(t, "alice@example.com", alicePassword), e.login(t, "bob@example.com", bobPassword)
	other := netip.MustParseAddr("198.51.100.7")
	for _, ip := range []netip.Addr{testClient, other} {
		next, err := e.svc.Refresh(t.Context(), ip, alice.Refresh)
		if err != nil {
			t.Fatalf("Refresh from %s: %v", ip, err)
		}
		alice = next
	}
	_, err := e.svc.Refresh(t.Context(), testClient, alice.Refresh)
	wantRateLimited(t, "third refresh of one user", err)
	if _, err := e.svc.Refresh(t.Context(), testClient, bob.Refresh); err != nil {
		t.Errorf("Refresh of another user: %v", err)
	}

	e = setupUsersWith(t, cheapPasswordParams, testHashLimit, limited(func(l *service.Limits) {
		l.RefreshPerIP = service.Limit{Max: 1, Window: time.Minute}
	}))
	if _, err := e.svc.Refresh(t.Context(), testClient, "forged"); !errors.Is(err, apperr.Unauthorized) {
		t.Fatalf("Refresh(forged): %v, want Unauthorized", err)
	}
	_, err = e.svc.Refresh(t.Context(), testClient, "forged")
	wantRateLimited(t, "second refresh from one address", err)
}

func TestNewRateLimiterRefusesZeroLimits(t *testing.T) {
	for _, l := range []service.Limit{{Max: 0, Window: time.Minute}, {Max: 1, Window: 0}} {
		if _, err := service.NewRateLimiter(&fakeAttempts{}, limited(func(ls *service.Limits) { ls.RefreshPerAccount = l })); err == nil {
			t.Errorf("NewRateLimiter with %+v: nil error, want one", l)
		}
	}
}

func TestPasswordResetRateLimits(t *testing.T) {
	two := service.Limit{Max: 2, Window: time.Minute}
	other := netip.MustParseAddr("198.51.100.7")

	t.Run("per account, known or not", func(t *testing.T) {
		e := setupUsersWith(t, cheapPasswordParams, testHashLimit, limited(func(l *service.Limits) { l.PasswordResetPerAccount = two }))
		e.register(t, "alice@example.com", alicePassword)
		for _, email := range []string{"alice@example.com", "carol@example.com"} {
			for range 2 {
				if err := e.svc.RequestPasswordReset(t.Context(), testClient, email); err != nil {
					t.Fatalf("RequestPasswordReset(%s): %v", email, err)
				}
			}
			wantRateLimited(t, "third reset of "+email+", from another address", e.svc.RequestPasswordReset(t.Context(), other, email))
		}
	})

	t.Run("per client, requests and tokens", func(t *testing.T) {
		e := setupUsersWith(t, cheapPasswordParams, testHashLimit, limited(func(l *service.Limits) { l.PasswordResetPerIP = two }))
		for _, email := range []string{"carol@example.com", "dave@example.com"} {
			if err := e.svc.RequestPasswordReset(t.Context(), testClient, email); err != nil {
				t.Fatalf("RequestPasswordReset(%s): %v", email, err)
			}
		}
		wantRateLimited(t, "third reset of the client", e.svc.RequestPasswordReset(t.Context(), testClient, "erin@example.com"))
		for range 2 {
			if err := e.svc.ResetPassword(t.Context(), other, "GUESSED", "a new password"); !errors.Is(err, apperr.InvalidToken) {
				t.Fatalf("ResetPassword(guess): %v, want InvalidToken", err)
			}
		}
		wantRateLimited(t, "third guess of a token", e.svc.ResetPassword(t.Context(), other, "GUESSED", "a new password"))
	})
}

// TestPasswordHashingBusy checks that a login that finds every hashing
// slot taken for the whole wait is Unavailable, with a RetryAfter. One
// slot, a wait of a millisecond and hashes that take far longer make
// concurrent logins find it taken.
func TestPasswordHashingBusy(t *testing.T) {
	slow := argon2id.Params{Memory: 4 * 1024, Iterations: 16, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	e := setupUsersWith(t, slow, security.HashLimit{Concurrency: 1, Wait: time.Millisecond}, generous)
	e.register(t, "alice@example.com", alicePassword)

	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	begin := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-begin
			_, errs[i] = e.svc.Login(t.Context(), testClient, testAgent, "alice@example.com", alicePassword)
		})
	}
	close(begin)
	wg.Wait()
	busy := 0
	for _, err := range errs {
		var ae *apperr.Error
		switch {
		case err == nil:
		case errors.As(err, &ae) && ae.Kind == apperr.Unavailable && ae.RetryAfter > 0:
			busy++
		default:
			t.Errorf("Login: %v, want success or Unavailable with a RetryAfter", err)
		}
	}
	if busy == 0 {
		t.Errorf("%d concurrent logins with one hashing slot: none Unavailable", n)
	}
}
