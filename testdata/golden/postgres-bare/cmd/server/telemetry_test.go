package main

import (
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

var servingMetrics = regexp.MustCompile(`msg="serving metrics" addr=(\S+)`)

// testEnv is the environment of a server under test on dbURL, with extra
// added.
func testEnv(dbURL string, extra map[string]string) map[string]string {
	env := map[string]string{"HTTP_ADDR": "127.0.0.1:0", "METRICS_ADDR": "127.0.0.1:0", "DATABASE_URL": dbURL}
	for k, v := range extra {
		env[k] = v
	}
	return env
}

// get sends a GET and returns the status and the body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}

// TestMetrics checks that the metrics, served on their own address only,
// count requests by route template (never by path) and status, and report
// the database pool, the runtime and the build.
func TestMetrics(t *testing.T) {
	base, out, stop := startEnv(t, testEnv(testDatabase(t), nil))
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("run after cancel = %v, want nil", err)
		}
	}()
	m := servingMetrics.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("the server logged no metrics address:\n%s", out)
	}
	metricsURL := "http://" + m[1] + "/metrics"

	for range 3 {
		if status, _ := get(t, base+"/api/v1/health"); status != http.StatusOK {
			t.Fatalf("GET /api/v1/health = %d, want 200", status)
		}
	}
	get(t, base+"/api/v1/no-such-route")
	want := []string{
		`http_requests_total{method="GET",route="/api/v1/health",status="200"} 3`,
		`http_request_duration_seconds_count{method="GET",route="/api/v1/health",status="200"} 3`,
		`http_requests_total{method="GET",route="unmatched",status="404"} 1`,
	}
	status, scrape := get(t, metricsURL)
	if status != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200", metricsURL, status)
	}
	want = append(want,
		`bare_build_info{commit="`,
		"go_goroutines ",
		`db_pool_connections{pool="primary",state="idle"} `,
	)
	for _, w := range want {
		if !strings.Contains(scrape, w) {
			t.Errorf("the metrics lack %s:\n%s", w, scrape)
		}
	}
	if status, _ := get(t, base+"/metrics"); status != http.StatusNotFound {
		t.Errorf("GET /metrics on the API's address = %d, want 404: metrics have an address of their own", status)
	}
	if strings.Contains(out.String(), "trace_id=") {
		t.Errorf("tracing is off, yet log lines carry a trace_id:\n%s", out)
	}

	// METRICS_ADDR=off serves none.
	_, out, stopOff := startEnv(t, testEnv(testDatabase(t), map[string]string{"METRICS_ADDR": "off"}))
	if err := stopOff(); err != nil {
		t.Errorf("run after cancel = %v, want nil", err)
	}
	if servingMetrics.MatchString(out.String()) {
		t.Errorf("METRICS_ADDR=off, yet the server serves metrics:\n%s", out)
	}
}

// otlpReceiver is an OpenTelemetry collector that keeps the spans sent to
// it over OTLP/HTTP.
type otlpReceiver struct {
	mu       sync.Mutex
	spans    []*tracepb.Span
	services []string
}

func (rc *otlpReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/traces" {
		http.NotFound(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var req coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(body, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	for _, rs := range req.GetResourceSpans() {
		for _, attr := range rs.GetResource().GetAttributes() {
			if attr.GetKey() == "service.name" {
				rc.services = append(rc.services, attr.GetValue().GetStringValue())
			}
		}
		for _, ss := range rs.GetScopeSpans() {
			rc.spans = append(rc.spans, ss.GetSpans()...)
		}
	}
	rc.mu.Unlock()
	res, err := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(res)
}

// TestTracing sends a request carrying a W3C traceparent to a server that
// exports its traces to a local OTLP receiver, and checks that the request
// continues the trace in a server span named by its route template, and that its log line carries
// the trace and span ids.
func TestTracing(t *testing.T) {
	receiver := &otlpReceiver{}
	collector := httptest.NewServer(receiver)
	defer collector.Close()
	// The exporter reads the OTEL_* variables from the process, as in
	// production; run reads the endpoint too, to turn tracing on.
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
	base, out, stop := startEnv(t, testEnv(testDatabase(t), map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": collector.URL}))

	const traceID, parentID = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	const method, path, route, body = http.MethodGet, "/api/v1/health/ready", "/api/v1/health/ready", ""
	const wantStatus = http.StatusOK
	req, err := http.NewRequestWithContext(t.Context(), method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Traceparent", "00-"+traceID+"-"+parentID+"-01")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != wantStatus {
		t.Fatalf("%s %s = %d, want %d", method, path, res.StatusCode, wantStatus)
	}
	// Stopping the server flushes the spans it has not sent yet.
	if err := stop(); err != nil {
		t.Fatalf("run after cancel = %v, want nil", err)
	}

	receiver.mu.Lock()
	defer receiver.mu.Unlock()
	var server *tracepb.Span
	var names []string
	for _, s := range receiver.spans {
		names = append(names, s.GetName())
		if hex.EncodeToString(s.GetTraceId()) == traceID && s.GetKind() == tracepb.Span_SPAN_KIND_SERVER {
			server = s
		}
	}
	if server == nil {
		t.Fatalf("no server span in trace %s; the receiver got %q", traceID, names)
	}
	if want := method + " " + route; server.GetName() != want {
		t.Errorf("server span named %q, want %q", server.GetName(), want)
	}
	if got := hex.EncodeToString(server.GetParentSpanId()); got != parentID {
		t.Errorf("server span's parent = %s, want the traceparent's span %s", got, parentID)
	}
	if len(receiver.services) == 0 || receiver.services[0] != "bare" {
		t.Errorf("service.name = %q, want bare", receiver.services)
	}

	spanID := hex.EncodeToString(server.GetSpanId())
	logged := false
	for line := range strings.Lines(out.String()) {
		if strings.Contains(line, "msg=request ") && strings.Contains(line, "trace_id="+traceID) && strings.Contains(line, "span_id="+spanID) {
			logged = true
		}
	}
	if !logged {
		t.Errorf("no request log line carries trace_id=%s span_id=%s:\n%s", traceID, spanID, out)
	}
}
