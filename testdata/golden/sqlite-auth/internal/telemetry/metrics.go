// Package telemetry is what the service tells about itself: Prometheus
// metrics, served on an address of their own, never on the API's, and
// OpenTelemetry traces, exported over OTLP when a collector is configured.
package telemetry

import (
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Build identifies the running binary. The release build sets both with
// -ldflags (see the Dockerfile and the Makefile).
type Build struct {
	Version string
	Commit  string
}

// unmatchedRoute is the route label of requests no route matched, so a
// client sending random paths cannot make up label values.
const unmatchedRoute = "unmatched"

// Metrics holds the service's metrics: the HTTP requests, the Go runtime,
// the process, the build and whatever else is registered, such as the
// database pools.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// series maps a seriesKey to the *series of its labels, resolved the
	// first time they are seen: a request then costs a map lookup instead
	// of hashing its labels.
	series sync.Map
}

// seriesKey is one combination of request labels.
type seriesKey struct {
	method, route string
	status        int
}

// series are the instruments of one combination of request labels.
type series struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

// NewMetrics returns the service's metrics, with the Go runtime, process
// and build info collectors registered.
func NewMetrics(build Build) *Metrics {
	labels := []string{"method", "route", "status"}
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests answered, by method, route template and status.",
		}, labels),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by method, route template and status.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, labels),
	}
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "shop_build_info",
		Help: "Always 1; its labels name the running build.",
		ConstLabels: prometheus.Labels{
			"version":   build.Version,
			"commit":    build.Commit,
			"goversion": runtime.Version(),
		},
	})
	info.Set(1)
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		info,
		m.requests,
		m.duration,
	)
	return m
}

// Register adds collectors, such as those of the database pools.
func (m *Metrics) Register(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.registry.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// Handler serves the metrics in the Prometheus text format. A collector
// that fails (the process collector without /proc) leaves its metrics out
// instead of failing the scrape.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// ObserveRequest counts and times one answered request. route is the
// template of the route it matched, such as /api/v1/items/{id}, or "" if
// none did; the path itself is never a label.
func (m *Metrics) ObserveRequest(method, route string, status int, d time.Duration) {
	if route == "" {
		route = unmatchedRoute
	}
	key := seriesKey{method: knownMethod(method), route: route, status: status}
	s, ok := m.series.Load(key)
	if !ok {
		code := strconv.Itoa(status)
		s, _ = m.series.LoadOrStore(key, &series{
			requests: m.requests.WithLabelValues(key.method, key.route, code),
			duration: m.duration.WithLabelValues(key.method, key.route, code),
		})
	}
	ss := s.(*series)
	ss.requests.Inc()
	ss.duration.Observe(d.Seconds())
}

// knownMethod returns method if it is a standard one and OTHER otherwise,
// so clients cannot make up label values.
func knownMethod(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	default:
		return "OTHER"
	}
}
