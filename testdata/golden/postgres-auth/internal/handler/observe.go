package handler

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"example.com/shop/internal/telemetry"
)

// measure counts and times every request in m by method, the template of
// the route it matched (never its path) and status. It runs inside
// accessLog and reads the status from the response writer accessLog
// passes on.
func measure(m *telemetry.Metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			ww, ok := w.(middleware.WrapResponseWriter)
			if !ok {
				ww = middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			}
			next.ServeHTTP(ww, r)
			m.ObserveRequest(r.Method, chi.RouteContext(r.Context()).RoutePattern(), statusOf(ww), time.Since(start))
		})
	}
}

// statusOf is the status a response was answered with: 200 when the
// handler wrote nothing.
func statusOf(w middleware.WrapResponseWriter) int {
	if s := w.Status(); s != 0 {
		return s
	}
	return http.StatusOK
}

// traceRequests makes every request a server span of tp, continuing the
// trace of the W3C traceparent header when the client sends one. The span
// is named by the method and the template of the route the request
// matched ("GET /api/v1/items/{id}"), known once it has been routed. It
// runs first, so the request's log lines carry the span's ids.
func traceRequests(tp trace.TracerProvider) func(http.Handler) http.Handler {
	tracer := tp.Tracer("example.com/shop/internal/handler")
	propagator := telemetry.Propagator()
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := propagator.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
			ctx, span := tracer.Start(ctx, r.Method,
				trace.WithSpanKind(trace.SpanKindServer),
				trace.WithAttributes(
					semconv.HTTPRequestMethodKey.String(r.Method),
					semconv.URLPath(r.URL.Path),
					semconv.ClientAddress(r.RemoteAddr),
					semconv.UserAgentOriginal(r.UserAgent()),
				))
			defer span.End()
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r.WithContext(ctx))
			status := statusOf(ww)
			if route := chi.RouteContext(ctx).RoutePattern(); route != "" {
				span.SetName(r.Method + " " + route)
				span.SetAttributes(semconv.HTTPRoute(route))
			}
			span.SetAttributes(semconv.HTTPResponseStatusCode(status))
			if status >= http.StatusInternalServerError {
				span.SetStatus(codes.Error, http.StatusText(status))
			}
		})
	}
}
