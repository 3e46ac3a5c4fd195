package database

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// tracerName names the instrumentation of the database calls.
const tracerName = "example.com/bare/internal/database"

// queryTracer makes every query run for a caller that is in a span, such
// as a traced request, a child span of it; the rest (migrations at
// startup) is not traced. Pools opened without tracing have no tracer, so
// tracing off costs nothing.
type queryTracer struct {
	tracer trace.Tracer
}

func (t queryTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	ctx, _ = t.tracer.Start(ctx, operation(data.SQL),
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(semconv.DBSystemNamePostgreSQL, semconv.DBQueryText(data.SQL)))
	return ctx
}

func (t queryTracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryEndData) {
	span := trace.SpanFromContext(ctx)
	if data.Err != nil {
		span.RecordError(data.Err)
		span.SetStatus(codes.Error, "")
	}
	span.End()
}

// operation is the first word of a statement, its span's name: SELECT,
// INSERT, UPDATE, DELETE, ...
func operation(query string) string {
	query = strings.TrimSpace(query)
	if i := strings.IndexAny(query, " \t\n("); i > 0 {
		query = query[:i]
	}
	return strings.ToUpper(query)
}

// Collector reports the statistics of the connection pools as db_pool_*
// metrics labelled pool="primary" or pool="replica".
func (db *DB) Collector() prometheus.Collector {
	pools := map[string]*pgxpool.Pool{"primary": db.Primary}
	if db.Replica != db.Primary {
		pools["replica"] = db.Replica
	}
	return poolCollector{pools: pools}
}

var (
	poolConns = prometheus.NewDesc("db_pool_connections",
		"Connections of the pool, by state: idle, acquired (in use) or constructing.", []string{"pool", "state"}, nil)
	poolMaxConns = prometheus.NewDesc("db_pool_max_connections",
		"Most connections the pool opens.", []string{"pool"}, nil)
	poolAcquires = prometheus.NewDesc("db_pool_acquires_total",
		"Connections acquired from the pool.", []string{"pool"}, nil)
	poolEmptyAcquires = prometheus.NewDesc("db_pool_empty_acquires_total",
		"Acquires that had to wait for a connection, none being idle.", []string{"pool"}, nil)
	poolAcquireWait = prometheus.NewDesc("db_pool_acquire_wait_seconds_total",
		"Time spent waiting for a connection.", []string{"pool"}, nil)
)

// poolCollector reads the statistics of pgx pools when scraped.
type poolCollector struct {
	pools map[string]*pgxpool.Pool
}

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolConns, poolMaxConns, poolAcquires, poolEmptyAcquires, poolAcquireWait} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	for name, pool := range c.pools {
		s := pool.Stat()
		ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(s.IdleConns()), name, "idle")
		ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(s.AcquiredConns()), name, "acquired")
		ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(s.ConstructingConns()), name, "constructing")
		ch <- prometheus.MustNewConstMetric(poolMaxConns, prometheus.GaugeValue, float64(s.MaxConns()), name)
		ch <- prometheus.MustNewConstMetric(poolAcquires, prometheus.CounterValue, float64(s.AcquireCount()), name)
		ch <- prometheus.MustNewConstMetric(poolEmptyAcquires, prometheus.CounterValue, float64(s.EmptyAcquireCount()), name)
		ch <- prometheus.MustNewConstMetric(poolAcquireWait, prometheus.CounterValue, s.AcquireDuration().Seconds(), name)
	}
}
