package handler

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

const requestIDHeader = "X-Request-ID"

// requestKey is the context key of the requestInfo of a request.
type requestKey struct{}

// requestInfo is what the middleware passes on about a request: its id and
// the service's logger. The request's logger is made from them only when a
// line is logged, so a request that logs nothing but its access line costs
// no logger of its own.
type requestInfo struct {
	id     string
	logger *slog.Logger
}

// loggerFrom returns the logger of the request of ctx, carrying its id, or
// a logger that discards everything.
func loggerFrom(ctx context.Context) *slog.Logger {
	if info, ok := ctx.Value(requestKey{}).(*requestInfo); ok && info.logger != nil {
		return info.logger.With("request_id", info.id)
	}
	return slog.New(slog.DiscardHandler)
}

// requestID gives every request an id: the client's X-Request-ID when it is
// reasonable, a new one otherwise. It is echoed in the response and stored
// in the context of the request passed on; the incoming request is left as
// it is. A new id is a prefix drawn at random once per process and a
// counter: unique across processes and restarts, without drawing random
// bytes for every request.
func requestID() func(http.Handler) http.Handler {
	prefix := rand.Text()[:12] + "-"
	var n atomic.Uint64
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id := r.Header.Get(requestIDHeader)
			if !validRequestID(id) {
				id = prefix + strconv.FormatUint(n.Add(1), 10)
			}
			w.Header().Set(requestIDHeader, id)
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestKey{}, &requestInfo{id: id})))
		})
	}
}

// requestIDFrom returns the id requestID gave the request of ctx, or "".
func requestIDFrom(ctx context.Context) string {
	if info, ok := ctx.Value(requestKey{}).(*requestInfo); ok {
		return info.id
	}
	return ""
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range id {
		if c < '!' || c > '~' {
			return false
		}
	}
	return true
}

// accessLog gives the request the logger for its lines, carrying the
// request id, and logs one line per request. It runs after requestID.
func accessLog(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			ctx := r.Context()
			if info, ok := ctx.Value(requestKey{}).(*requestInfo); ok {
				info.logger = logger
			}
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r)
			status := ww.Status()
			if status == 0 {
				status = http.StatusOK
			}
			logger.LogAttrs(ctx, slog.LevelInfo, "request",
				slog.String("request_id", requestIDFrom(ctx)),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", status),
				slog.Int("bytes", ww.BytesWritten()),
				slog.Duration("duration", time.Since(start)),
			)
		})
	}
}

// recoverPanic turns a panic into a 500 response and a log line with the
// stack, keeping the process alive.
func recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			loggerFrom(r.Context()).ErrorContext(r.Context(), "panic", "panic", v, "stack", string(debug.Stack()))
			if ww, ok := w.(middleware.WrapResponseWriter); ok && ww.Status() != 0 {
				return // the response has started; nothing more can be said
			}
			writeError(w, r, http.StatusInternalServerError, "")
		}()
		next.ServeHTTP(w, r)
	})
}

// limitBody refuses bodies over maxBodyBytes: at once when Content-Length
// says so, and while reading otherwise.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBodyBytes {
			writeError(w, r, http.StatusRequestEntityTooLarge, "")
			return
		}
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r) // nothing to read, nothing to limit
			return
		}
		// A shallow copy, as http.MaxBytesHandler makes: the request passed
		// in is left as it is.
		limited := *r
		limited.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		next.ServeHTTP(w, &limited)
	})
}
