package repository

import (
	"context"
	"maps"
	"sync"
	"time"

	"example.com/shop/internal/service"
)

var _ service.AttemptCounter = (*Attempts)(nil)

// Attempts counts attempts in the memory of the process. A SQLite database
// is served by one process, so its counts are all there is.
type Attempts struct {
	mu      sync.Mutex
	windows map[string]attemptWindow
	swept   time.Time // when ended windows were last dropped
}

// attemptWindow is the running window of a key.
type attemptWindow struct {
	count int
	end   time.Time
}

// sweepEvery is how often Hit drops the windows that have ended, so memory
// follows the keys in use rather than every key ever seen.
const sweepEvery = time.Minute

// NewAttempts returns an empty counter.
func NewAttempts() *Attempts {
	return &Attempts{windows: map[string]attemptWindow{}, swept: time.Now()}
}

// Hit counts one attempt under key in its running window, starting one of
// the given length when none runs.
func (a *Attempts) Hit(_ context.Context, key string, window time.Duration) (int, time.Duration, error) {
	now := time.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	if now.Sub(a.swept) >= sweepEvery {
		maps.DeleteFunc(a.windows, func(_ string, w attemptWindow) bool { return !now.Before(w.end) })
		a.swept = now
	}
	w, ok := a.windows[key]
	if !ok || !now.Before(w.end) {
		w = attemptWindow{end: now.Add(window)}
	}
	w.count++
	a.windows[key] = w
	return w.count, w.end.Sub(now), nil
}
