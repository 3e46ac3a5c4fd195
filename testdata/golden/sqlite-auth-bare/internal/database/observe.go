package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"modernc.org/sqlite"
)

// tracerName names the instrumentation of the database calls.
const tracerName = "example.com/bare/internal/database"

// Collector reports the statistics of db's connection pool as go_sql_*
// metrics labelled db_name="bare".
func Collector(db *sql.DB) prometheus.Collector {
	return collectors.NewDBStatsCollector(db, "bare")
}

// tracedConnector opens SQLite connections whose statements become child
// spans of the span of their context. Connections of a database opened
// without tracing are the driver's own, so tracing off costs nothing.
type tracedConnector struct {
	driver.Connector
	tracer trace.Tracer
}

// openTraced opens the database at dsn with traced connections.
func openTraced(dsn string, tp trace.TracerProvider) (*sql.DB, error) {
	c, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(tracedConnector{Connector: c, tracer: tp.Tracer(tracerName)}), nil
}

func (c tracedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return tracedConn{sqliteConn: conn.(sqliteConn), tracer: c.tracer}, nil
}

// sqliteConn is what database/sql uses of a modernc.org/sqlite connection;
// tracedConn passes all of it on, so database/sql treats it the same.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// tracedConn traces the statements run on a connection for a caller that
// is in a span, such as a traced request; the rest (migrations at startup)
// is not traced. A query's span ends when the statement has started, not
// when its rows have been read.
type tracedConn struct {
	sqliteConn
	tracer trace.Tracer
}

func (c tracedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	ctx, span := c.start(ctx, query)
	res, err := c.sqliteConn.ExecContext(ctx, query, args)
	end(span, err)
	return res, err
}

func (c tracedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	ctx, span := c.start(ctx, query)
	rows, err := c.sqliteConn.QueryContext(ctx, query, args)
	end(span, err)
	return rows, err
}

// start starts the span of a statement when ctx is in a span.
func (c tracedConn) start(ctx context.Context, query string) (context.Context, trace.Span) {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ctx, nil
	}
	return c.tracer.Start(ctx, operation(query),
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(semconv.DBSystemNameSQLite, semconv.DBQueryText(query)))
}

// end ends a statement's span, if it has one, recording err.
func end(span trace.Span, err error) {
	if span == nil {
		return
	}
	if err != nil {
		span.RecordError(err)
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
