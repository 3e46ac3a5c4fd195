package telemetry_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"example.com/shop/internal/telemetry"
)

func scrape(t *testing.T, m *telemetry.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, err := io.ReadAll(rec.Result().Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func TestObserveRequest(t *testing.T) {
	m := telemetry.NewMetrics(telemetry.Build{Version: "v1.2.3", Commit: "abc123"})
	m.ObserveRequest("GET", "/api/v1/items/{id}", 200, 3*time.Millisecond)
	m.ObserveRequest("GET", "/api/v1/items/{id}", 200, time.Millisecond)
	m.ObserveRequest("GET", "/api/v1/items/{id}", 404, time.Millisecond)
	m.ObserveRequest("BREW", "", 404, time.Millisecond)
	body := scrape(t, m)
	for _, want := range []string{
		`http_requests_total{method="GET",route="/api/v1/items/{id}",status="200"} 2` + "\n",
		`http_requests_total{method="GET",route="/api/v1/items/{id}",status="404"} 1` + "\n",
		// Made-up methods and unmatched paths never become label values.
		`http_requests_total{method="OTHER",route="unmatched",status="404"} 1` + "\n",
		`http_request_duration_seconds_bucket{method="GET",route="/api/v1/items/{id}",status="200",le="0.0025"} 1` + "\n",
		`http_request_duration_seconds_sum{method="GET",route="/api/v1/items/{id}",status="200"} 0.004` + "\n",
		`shop_build_info{commit="abc123",goversion="`,
		`version="v1.2.3"} 1` + "\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the metrics lack %q:\n%s", want, body)
		}
	}
}

func BenchmarkObserveRequest(b *testing.B) {
	m := telemetry.NewMetrics(telemetry.Build{Version: "dev"})
	b.ReportAllocs()
	for b.Loop() {
		m.ObserveRequest("GET", "/api/v1/items/{id}", 200, time.Millisecond)
	}
}

func TestLogHandler(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(telemetry.LogHandler(slog.NewTextHandler(&buf, nil))).With("request_id", "r1")
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{0x4b, 0xf9, 1},
		SpanID:     trace.SpanID{0x00, 0xf0, 2},
		TraceFlags: trace.FlagsSampled,
	})
	logger.InfoContext(trace.ContextWithSpanContext(context.Background(), sc), "in a span")
	logger.InfoContext(context.Background(), "outside")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("logged %q, want two lines", lines)
	}
	if want := "request_id=r1 trace_id=" + sc.TraceID().String() + " span_id=" + sc.SpanID().String(); !strings.Contains(lines[0], want) {
		t.Errorf("line in a span = %q, want it to carry %q", lines[0], want)
	}
	if strings.Contains(lines[1], "trace_id") {
		t.Errorf("line outside a span = %q, want no trace_id", lines[1])
	}
}
