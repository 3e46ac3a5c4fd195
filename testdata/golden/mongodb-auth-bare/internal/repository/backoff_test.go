package repository

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBackoffDelay(t *testing.T) {
	b := backoff{first: 2 * time.Millisecond, max: 100 * time.Millisecond}
	// The bound doubles from first with each retry until it reaches max.
	bounds := []time.Duration{2, 4, 8, 16, 32, 64, 100, 100, 100, 100}
	for n, bound := range bounds {
		bound *= time.Millisecond
		for range 100 {
			if d := b.delay(n); d < bound/2 || d > bound {
				t.Fatalf("delay(%d) = %v, want between %v and %v", n, d, bound/2, bound)
			}
		}
	}
}

func TestBackoffWaitStopsOnCancel(t *testing.T) {
	b := backoff{first: time.Hour, max: time.Hour}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- b.wait(ctx, 0) }()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("wait = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("wait went on after its context was cancelled")
	}
}

func TestBackoffWaitPauses(t *testing.T) {
	b := backoff{first: 20 * time.Millisecond, max: 20 * time.Millisecond}
	start := time.Now()
	if err := b.wait(t.Context(), 0); err != nil {
		t.Fatalf("wait = %v, want nil", err)
	}
	if waited := time.Since(start); waited < 10*time.Millisecond {
		t.Errorf("wait returned after %v, want at least 10ms", waited)
	}
}
