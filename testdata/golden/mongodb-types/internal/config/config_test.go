package config_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"example.com/demo/internal/config"
)

func getenv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := config.Load(getenv(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.HTTPAddr != ":8000" || cfg.AppEnv != config.Development || cfg.DatabaseURL != "mongodb://localhost:27017/demo" ||
		cfg.LogLevel != slog.LevelInfo || cfg.ShutdownTimeout != 10*time.Second || len(cfg.CORSOrigins) != 0 {
		t.Errorf("Load() = %+v, want the defaults", cfg)
	}
}

func TestLoadValues(t *testing.T) {
	cfg, err := config.Load(getenv(map[string]string{
		"HTTP_ADDR": "127.0.0.1:9000", "APP_ENV": "production", "DATABASE_URL": "mongodb://app:secret@db.example:27017/app",
		"CORS_ORIGINS": "https://a.example,https://b.example", "LOG_LEVEL": "debug", "SHUTDOWN_TIMEOUT": "3s",
		"DATABASE_READ_URL": "mongodb://app:secret@replica.example:27017/app", "DATABASE_MAX_CONNS": "25", "DATABASE_TIMEOUT": "2s",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.HTTPAddr != "127.0.0.1:9000" || cfg.AppEnv != config.Production || cfg.DatabaseURL != "mongodb://app:secret@db.example:27017/app" ||
		len(cfg.CORSOrigins) != 2 || cfg.LogLevel != slog.LevelDebug || cfg.ShutdownTimeout != 3*time.Second {
		t.Errorf("Load() = %+v, want the values given", cfg)
	}
	if cfg.DatabaseReadURL != "mongodb://app:secret@replica.example:27017/app" || cfg.DatabaseMaxConns != 25 || cfg.DatabaseTimeout != 2*time.Second {
		t.Errorf("Load() = %+v, want the database values given", cfg)
	}
}

func TestLoadInvalid(t *testing.T) {
	for key, value := range map[string]string{
		"APP_ENV":            "staging",
		"LOG_LEVEL":          "loud",
		"SHUTDOWN_TIMEOUT":   "soon",
		"METRICS_ADDR":       "9090",
		"DATABASE_MAX_CONNS": "0",
		"DATABASE_TIMEOUT":   "-1s",
	} {
		_, err := config.Load(getenv(map[string]string{key: value}))
		if err == nil {
			t.Errorf("Load(%s=%s) succeeded, want an error", key, value)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, value) {
			t.Errorf("Load(%s=%s) error = %q, want one line naming the value", key, value, msg)
		}
	}
}

func TestLoadTelemetry(t *testing.T) {
	cfg, err := config.Load(getenv(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.MetricsAddr != ":9090" || cfg.Tracing() {
		t.Errorf("Load() metrics on %q, tracing %t; want :9090 and no tracing", cfg.MetricsAddr, cfg.Tracing())
	}
	for _, tt := range []struct {
		vars    map[string]string
		tracing bool
	}{
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, true},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, true},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_SDK_DISABLED": "true"}, false},
		{map[string]string{"METRICS_ADDR": "off"}, false},
	} {
		cfg, err := config.Load(getenv(tt.vars))
		if err != nil || cfg.Tracing() != tt.tracing {
			t.Errorf("Load(%v) = %v, tracing %t; want tracing %t", tt.vars, err, cfg.Tracing(), tt.tracing)
		}
	}
	// The metrics are never served on the API's address.
	_, err = config.Load(getenv(map[string]string{"HTTP_ADDR": ":9090"}))
	if err == nil || !strings.Contains(err.Error(), "METRICS_ADDR") {
		t.Errorf("Load(HTTP_ADDR=:9090) = %v, want an error naming METRICS_ADDR", err)
	}
}
