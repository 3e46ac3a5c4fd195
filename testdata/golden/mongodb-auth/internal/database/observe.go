package database

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// tracerName names the instrumentation of the database calls.
const tracerName = "example.com/feed/internal/database"

// commandTracer makes every command sent for a caller that is in a span,
// such as a traced request, a child span of it; the rest (index creation
// at startup, the driver's own monitoring) is not traced. Clients
// connected without tracing have no command monitor, so tracing off costs
// nothing.
type commandTracer struct {
	tracer trace.Tracer
	// spans holds the span of every command in flight by its commandKey.
	spans sync.Map
}

// commandKey identifies a command in flight.
type commandKey struct {
	conn      string
	requestID int64
}

// monitor returns the command monitor that reports to t.
func (t *commandTracer) monitor() *event.CommandMonitor {
	return &event.CommandMonitor{
		Started: func(ctx context.Context, e *event.CommandStartedEvent) {
			if !trace.SpanContextFromContext(ctx).IsValid() {
				return
			}
			attrs := []trace.SpanStartOption{
				trace.WithSpanKind(trace.SpanKindClient),
				trace.WithAttributes(semconv.DBSystemNameMongoDB, semconv.DBNamespace(e.DatabaseName), semconv.DBOperationName(e.CommandName)),
			}
			name := e.CommandName
			// The command's first element names the collection it works on.
			if coll, ok := e.Command.Lookup(e.CommandName).StringValueOK(); ok {
				name += " " + coll
				attrs = append(attrs, trace.WithAttributes(semconv.DBCollectionName(coll)))
			}
			_, span := t.tracer.Start(ctx, name, attrs...)
			t.spans.Store(commandKey{conn: e.ConnectionID, requestID: e.RequestID}, span)
		},
		Succeeded: func(_ context.Context, e *event.CommandSucceededEvent) {
			t.end(commandKey{conn: e.ConnectionID, requestID: e.RequestID}, nil)
		},
		Failed: func(_ context.Context, e *event.CommandFailedEvent) {
			t.end(commandKey{conn: e.ConnectionID, requestID: e.RequestID}, e.Failure)
		},
	}
}

// end ends the span of the command of key, if it has one, recording err.
func (t *commandTracer) end(key commandKey, err error) {
	v, ok := t.spans.LoadAndDelete(key)
	if !ok {
		return
	}
	span := v.(trace.Span)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "")
	}
	span.End()
}

// poolStats counts the connections of one client's pool, kept up to date
// by its pool monitor.
type poolStats struct {
	open, inUse, checkouts, failed atomic.Int64
}

// monitor returns the pool monitor that counts into s.
func (s *poolStats) monitor() *event.PoolMonitor {
	return &event.PoolMonitor{Event: func(e *event.PoolEvent) {
		switch e.Type {
		case event.ConnectionCreated:
			s.open.Add(1)
		case event.ConnectionClosed:
			s.open.Add(-1)
		case event.ConnectionCheckedOut:
			s.inUse.Add(1)
			s.checkouts.Add(1)
		case event.ConnectionCheckedIn:
			s.inUse.Add(-1)
		case event.ConnectionCheckOutFailed:
			s.failed.Add(1)
		}
	}}
}

// Collector reports the statistics of the connection pools as db_pool_*
// metrics labelled pool="primary" or pool="replica".
func (db *DB) Collector() prometheus.Collector {
	pools := map[string]*poolStats{"primary": db.primaryPool}
	if db.replicaPool != nil {
		pools["replica"] = db.replicaPool
	}
	return poolCollector{pools: pools}
}

var (
	poolConns = prometheus.NewDesc("db_pool_connections",
		"Open connections of the pool, by state: idle or acquired (in use).", []string{"pool", "state"}, nil)
	poolAcquires = prometheus.NewDesc("db_pool_acquires_total",
		"Connections acquired from the pool.", []string{"pool"}, nil)
	poolFailedAcquires = prometheus.NewDesc("db_pool_failed_acquires_total",
		"Attempts to acquire a connection that failed, such as by timing out.", []string{"pool"}, nil)
)

// poolCollector reports poolStats when scraped.
type poolCollector struct {
	pools map[string]*poolStats
}

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolConns, poolAcquires, poolFailedAcquires} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	for name, s := range c.pools {
		inUse := s.inUse.Load()
		ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(max(s.open.Load()-inUse, 0)), name, "idle")
		ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(inUse), name, "acquired")
		ch <- prometheus.MustNewConstMetric(poolAcquires, prometheus.CounterValue, float64(s.checkouts.Load()), name)
		ch <- prometheus.MustNewConstMetric(poolFailedAcquires, prometheus.CounterValue, float64(s.failed.Load()), name)
	}
}
