package service

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"example.com/bare/internal/apperr"
)

// AttemptCounter counts attempts per key in fixed windows. Where the
// counts live decides who shares them: counters in the database are shared
// by every instance of the server.
type AttemptCounter interface {
	// Hit counts one attempt under key. When key has no window running, it
	// starts one of the given length. It returns the attempts counted in
	// the running window, this one included, and the time left in it.
	Hit(ctx context.Context, key string, window time.Duration) (count int, left time.Duration, err error)
}

// Limit allows Max attempts per Window.
type Limit struct {
	Max    int
	Window time.Duration
}

// Limits are the rate limits of the attempts to log in, register, refresh
// tokens and reset passwords, per client IP and per account (the email,
// or the user of a refresh token). PasswordResetPerIP also bounds the
// attempts to use a reset token.
type Limits struct {
	LoginPerIP, LoginPerAccount                 Limit
	RegisterPerIP, RegisterPerAccount           Limit
	RefreshPerIP, RefreshPerAccount             Limit
	PasswordResetPerIP, PasswordResetPerAccount Limit
}

// RateLimiter refuses attempts over their Limits. Create one with
// NewRateLimiter.
type RateLimiter struct {
	counter AttemptCounter
	limits  Limits
}

// NewRateLimiter returns a RateLimiter that counts attempts with counter.
// Every limit must allow at least one attempt per positive window.
func NewRateLimiter(counter AttemptCounter, limits Limits) (*RateLimiter, error) {
	for _, l := range []Limit{
		limits.LoginPerIP, limits.LoginPerAccount,
		limits.RegisterPerIP, limits.RegisterPerAccount,
		limits.RefreshPerIP, limits.RefreshPerAccount,
		limits.PasswordResetPerIP, limits.PasswordResetPerAccount,
	} {
		if l.Max <= 0 || l.Window <= 0 {
			return nil, fmt.Errorf("rate limit %d per %s: both must be positive", l.Max, l.Window)
		}
	}
	return &RateLimiter{counter: counter, limits: limits}, nil
}

// allow counts an attempt of action by the client ip and then, unless the
// client is over its limit already, by the account. Over either limit, it
// returns a RateLimited error saying when to try again.
func (r *RateLimiter) allow(ctx context.Context, action string, ip netip.Addr, perIP Limit, account string, perAccount Limit) error {
	if err := r.hit(ctx, action+":ip:"+clientKey(ip), perIP); err != nil {
		return err
	}
	return r.hit(ctx, action+":account:"+account, perAccount)
}

func (r *RateLimiter) hit(ctx context.Context, key string, limit Limit) error {
	count, left, err := r.counter.Hit(ctx, key, limit.Window)
	if err != nil {
		return fmt.Errorf("rate limit: %w", err)
	}
	if count > limit.Max {
		return apperr.TryLater(apperr.RateLimited, "too many attempts; try again later", left, nil)
	}
	return nil
}

// clientKey names the client of ip for counting: the address itself, or
// for IPv6 its /64 network, which one client is given whole.
func clientKey(ip netip.Addr) string {
	ip = ip.Unmap()
	if ip.Is6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return ip.String()
}
