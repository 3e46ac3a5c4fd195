package repository

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/bare/internal/service"
)

var _ service.AttemptCounter = (*Attempts)(nil)

// Attempts counts attempts in the rate_limits table, so every instance of
// the server shares the counts. Windows are timed by the database's clock,
// which all instances agree on.
type Attempts struct {
	primary *pgxpool.Pool
	swept   atomic.Int64 // unix time ended windows were last deleted
}

// sweepEvery is how often an instance deletes the windows that have ended,
// so the table holds the keys in use rather than every key ever seen.
const sweepEvery = time.Minute

// NewAttempts returns a counter that writes to primary: counts read from a
// replica could lag behind.
func NewAttempts(primary *pgxpool.Pool) *Attempts {
	a := &Attempts{primary: primary}
	a.swept.Store(time.Now().Unix())
	return a
}

// hitSQL counts an attempt in one statement: it starts a window for a new
// key or one whose window has ended, and adds to the running one
// otherwise. It returns the count and the microseconds left.
const hitSQL = `INSERT INTO rate_limits AS r (key, hits, window_end)
VALUES ($1, 1, now() + $2 * interval '1 microsecond')
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN r.window_end > now() THEN r.hits + 1 ELSE 1 END,
    window_end = CASE WHEN r.window_end > now() THEN r.window_end ELSE excluded.window_end END
RETURNING r.hits, (extract(epoch FROM r.window_end - now()) * 1000000)::bigint`

// Hit counts one attempt under key in its running window, starting one of
// the given length when none runs.
func (a *Attempts) Hit(ctx context.Context, key string, window time.Duration) (int, time.Duration, error) {
	if err := a.sweep(ctx); err != nil {
		return 0, 0, err
	}
	var (
		count int
		left  int64
	)
	if err := a.primary.QueryRow(ctx, hitSQL, key, window.Microseconds()).Scan(&count, &left); err != nil {
		return 0, 0, fmt.Errorf("count attempt: %w", err)
	}
	return count, time.Duration(left) * time.Microsecond, nil
}

// sweep deletes the windows that have ended, at most once per sweepEvery
// per instance.
func (a *Attempts) sweep(ctx context.Context) error {
	now, last := time.Now().Unix(), a.swept.Load()
	if now-last < int64(sweepEvery/time.Second) || !a.swept.CompareAndSwap(last, now) {
		return nil
	}
	if _, err := a.primary.Exec(ctx, `DELETE FROM rate_limits WHERE window_end <= now()`); err != nil {
		return fmt.Errorf("delete ended rate limit windows: %w", err)
	}
	return nil
}
