// Package config loads the service configuration from the environment.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"reflect"
	"time"

	"github.com/caarlos0/env/v11"
)

// Env is the deployment environment.
type Env string

// The supported environments.
const (
	Development Env = "development"
	Production  Env = "production"
)

// UnmarshalText accepts only the supported environments.
func (e *Env) UnmarshalText(b []byte) error {
	switch v := Env(b); v {
	case Development, Production:
		*e = v
		return nil
	default:
		return fmt.Errorf("%q is not %q or %q", b, Development, Production)
	}
}

// Config is the complete, validated service configuration.
type Config struct {
	// HTTPAddr is the address the HTTP server listens on.
	HTTPAddr string `env:"HTTP_ADDR" envDefault:":8000"`
	// AppEnv selects development or production behaviour (log format).
	AppEnv Env `env:"APP_ENV" envDefault:"development"`
	// DatabaseURL is the PostgreSQL connection URL of the primary.
	DatabaseURL string `env:"DATABASE_URL" envDefault:"postgres://postgres:postgres@localhost:5432/bare?sslmode=disable"`
	// DatabaseReadURL, when set, is a read replica that serves the lists.
	DatabaseReadURL string `env:"DATABASE_READ_URL"`
	// DatabaseMaxConns is the size of each connection pool.
	DatabaseMaxConns int32 `env:"DATABASE_MAX_CONNS" envDefault:"10"`
	// DatabaseTimeout bounds connecting to the database.
	DatabaseTimeout time.Duration `env:"DATABASE_TIMEOUT" envDefault:"5s"`
	// CORSOrigins lists the origins allowed to call the API from a browser,
	// comma-separated; empty disables CORS.
	CORSOrigins []string `env:"CORS_ORIGINS" envSeparator:","`
	// LogLevel is the minimum level logged: debug, info, warn or error.
	LogLevel slog.Level `env:"LOG_LEVEL" envDefault:"info"`
	// ShutdownTimeout bounds how long in-flight requests may take to finish
	// after SIGTERM or SIGINT.
	ShutdownTimeout time.Duration `env:"SHUTDOWN_TIMEOUT" envDefault:"10s"`
	// MetricsAddr is the address the Prometheus metrics are served on,
	// never the API's; "off" serves none.
	MetricsAddr string `env:"METRICS_ADDR" envDefault:":9090"`
	// OTLPEndpoint and OTLPTracesEndpoint are where traces go over
	// OTLP/HTTP; tracing is off unless one is set. The exporter reads them,
	// and the other OTEL_* variables, from the environment itself.
	OTLPEndpoint       string `env:"OTEL_EXPORTER_OTLP_ENDPOINT"`
	OTLPTracesEndpoint string `env:"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"`
	// OTelSDKDisabled turns tracing off even with an endpoint set.
	OTelSDKDisabled bool `env:"OTEL_SDK_DISABLED"`
}

// Load reads and validates the configuration. getenv is usually os.Getenv;
// an empty value counts as unset.
func Load(getenv func(string) string) (Config, error) {
	var cfg Config
	params, err := env.GetFieldParams(&cfg)
	if err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	vars := make(map[string]string, len(params))
	for _, p := range params {
		if v := getenv(p.Key); v != "" {
			vars[p.Key] = v
		}
	}
	if err := env.ParseWithOptions(&cfg, env.Options{Environment: vars}); err != nil {
		return Config{}, fmt.Errorf("config: %w", nameVariable(err))
	}
	if err := cfg.validate(); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return cfg, nil
}

// nameVariable rewrites the first parse error to name the environment
// variable instead of the Go field.
func nameVariable(err error) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) || len(agg.Errors) == 0 {
		return err
	}
	var pe env.ParseError
	if !errors.As(agg.Errors[0], &pe) {
		return agg.Errors[0]
	}
	field, ok := reflect.TypeFor[Config]().FieldByName(pe.Name)
	if !ok {
		return pe
	}
	return fmt.Errorf("%s: %w", field.Tag.Get("env"), pe.Err)
}

// MetricsOff is the METRICS_ADDR that serves no metrics.
const MetricsOff = "off"

// Tracing reports whether traces are exported: an OTLP endpoint is set and
// OTEL_SDK_DISABLED is not true.
func (c Config) Tracing() bool {
	return (c.OTLPEndpoint != "" || c.OTLPTracesEndpoint != "") && !c.OTelSDKDisabled
}

// validAddr reports whether addr is a listen address: host:port or :port.
func validAddr(addr string) bool {
	_, port, err := net.SplitHostPort(addr)
	return err == nil && port != ""
}

// freePort reports whether addr asks for any free port, which is never the
// same one twice.
func freePort(addr string) bool {
	_, port, err := net.SplitHostPort(addr)
	return err == nil && port == "0"
}

func (c Config) validate() error {
	switch {
	case c.LogLevel != slog.LevelDebug && c.LogLevel != slog.LevelInfo &&
		c.LogLevel != slog.LevelWarn && c.LogLevel != slog.LevelError:
		return fmt.Errorf("LOG_LEVEL %q is not debug, info, warn or error", c.LogLevel)
	case c.ShutdownTimeout <= 0:
		return fmt.Errorf("SHUTDOWN_TIMEOUT %s must be positive", c.ShutdownTimeout)
	case c.MetricsAddr != MetricsOff && !validAddr(c.MetricsAddr):
		return fmt.Errorf("METRICS_ADDR %q is not host:port, :port or %q", c.MetricsAddr, MetricsOff)
	case c.MetricsAddr == c.HTTPAddr && !freePort(c.MetricsAddr):
		return fmt.Errorf("METRICS_ADDR %q must differ from HTTP_ADDR: metrics are never served on the API's address", c.MetricsAddr)
	case c.DatabaseMaxConns <= 0:
		return fmt.Errorf("DATABASE_MAX_CONNS %d must be positive", c.DatabaseMaxConns)
	case c.DatabaseTimeout <= 0:
		return fmt.Errorf("DATABASE_TIMEOUT %s must be positive", c.DatabaseTimeout)
	}
	return nil
}
