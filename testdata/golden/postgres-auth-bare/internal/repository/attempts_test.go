package repository_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"example.com/bare/internal/repository"
)

// newAttempts returns two counters on one database, as two instances of
// the server have.
func newAttempts(t *testing.T) (a, b *repository.Attempts) {
	primary, _ := newDB(t)
	return repository.NewAttempts(primary), repository.NewAttempts(primary)
}

func TestAttemptsCount(t *testing.T) {
	a, b := newAttempts(t)
	const window = time.Minute
	for i, c := range []*repository.Attempts{a, b, a} {
		count, left, err := c.Hit(t.Context(), "login:account:alice@example.com", window)
		if err != nil {
			t.Fatalf("Hit: %v", err)
		}
		if count != i+1 || left <= 0 || left > window {
			t.Errorf("Hit %d = %d, %s; want %d and at most %s left", i+1, count, left, i+1, window)
		}
	}
	if count, _, err := b.Hit(t.Context(), "login:account:bob@example.com", window); err != nil || count != 1 {
		t.Errorf("Hit of another key = %d, %v; want 1", count, err)
	}
}

func TestAttemptsWindowEnds(t *testing.T) {
	a, b := newAttempts(t)
	const window = 200 * time.Millisecond
	for _, c := range []*repository.Attempts{a, b} {
		if _, _, err := c.Hit(t.Context(), "refresh:ip:192.0.2.1", window); err != nil {
			t.Fatalf("Hit: %v", err)
		}
	}
	time.Sleep(window + 100*time.Millisecond)
	count, left, err := b.Hit(t.Context(), "refresh:ip:192.0.2.1", time.Minute)
	if err != nil || count != 1 || left <= window {
		t.Errorf("Hit after the window ended = %d, %s, %v; want 1 in a new window of a minute", count, left, err)
	}
}

// TestAttemptsConcurrent checks that concurrent attempts are each counted
// once: an attacker's parallel requests must not share a count.
func TestAttemptsConcurrent(t *testing.T) {
	a, b := newAttempts(t)
	const n = 20
	counts := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		c := a
		if i%2 == 1 {
			c = b
		}
		wg.Go(func() {
			counts[i], _, errs[i] = c.Hit(t.Context(), "register:ip:192.0.2.1", time.Minute)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("Hit: %v", err)
		}
	}
	slices.Sort(counts)
	for i, c := range counts {
		if c != i+1 {
			t.Fatalf("counts = %v, want 1 to %d, each once", counts, n)
		}
	}
}
