package config_test

import (
	"log/slog"
	"net/netip"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"example.com/feed/internal/config"
)

func getenv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := config.Load(getenv(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.HTTPAddr != ":8000" || cfg.AppEnv != config.Development || cfg.DatabaseURL != "mongodb://localhost:27017/feed" ||
		cfg.LogLevel != slog.LevelInfo || cfg.ShutdownTimeout != 10*time.Second || len(cfg.CORSOrigins) != 0 {
		t.Errorf("Load() = %+v, want the defaults", cfg)
	}
}

func TestLoadValues(t *testing.T) {
	cfg, err := config.Load(getenv(map[string]string{
		"HTTP_ADDR": "127.0.0.1:9000", "APP_ENV": "production", "DATABASE_URL": "mongodb://app:secret@db.example:27017/app",
		"CORS_ORIGINS": "https://a.example,https://b.example", "LOG_LEVEL": "debug", "SHUTDOWN_TIMEOUT": "3s",
		"JWT_SECRET":        strings.Repeat("k", 32),
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

func TestLoadAuthDefaults(t *testing.T) {
	cfg, err := config.Load(getenv(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(cfg.JWTSecret) < 32 || !cfg.EphemeralSecret || len(cfg.Warnings()) != 2 {
		t.Errorf("Load() secret %d bytes, ephemeral %t, warnings %q; want an ephemeral secret of 32+ bytes and warnings about it and SMTP_URL",
			len(cfg.JWTSecret), cfg.EphemeralSecret, cfg.Warnings())
	}
	again, err := config.Load(getenv(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if again.JWTSecret == cfg.JWTSecret {
		t.Error("two loads made up the same secret, want a random one each time")
	}
	if cfg.JWTIssuer != "feed" || cfg.JWTAudience != "feed" ||
		cfg.AccessTokenTTL != 15*time.Minute || cfg.RefreshTokenTTL != 7*24*time.Hour {
		t.Errorf("Load() = %+v, want the token defaults", cfg)
	}
	if cfg.PasswordHashConcurrency != runtime.NumCPU() || cfg.PasswordHashWait != 2*time.Second || len(cfg.TrustedProxies) != 0 {
		t.Errorf("Load() = %+v, want hashing bounded by the CPUs and no trusted proxies", cfg)
	}
	if cfg.UserCacheTTL != 30*time.Second {
		t.Errorf("UserCacheTTL = %s, want 30s", cfg.UserCacheTTL)
	}
	perMinute := func(n int) config.Rate { return config.Rate{Max: n, Window: time.Minute} }
	if cfg.LoginPerIP != perMinute(100) || cfg.LoginPerAccount != perMinute(10) ||
		cfg.RegisterPerIP != perMinute(20) || cfg.RegisterPerAccount != perMinute(5) ||
		cfg.RefreshPerIP != perMinute(100) || cfg.RefreshPerAccount != perMinute(20) ||
		cfg.PasswordResetPerIP != (config.Rate{Max: 20, Window: time.Hour}) ||
		cfg.PasswordResetPerAccount != (config.Rate{Max: 5, Window: time.Hour}) {
		t.Errorf("Load() = %+v, want the default rate limits", cfg)
	}
	if cfg.SMTPURL != "" || cfg.MailFrom != "feed <no-reply@localhost>" ||
		cfg.PasswordResetTTL != 30*time.Minute || cfg.PublicURL != "http://localhost:8000" {
		t.Errorf("Load() = %+v, want the mail and password reset defaults", cfg)
	}
}

func TestLoadAuthValues(t *testing.T) {
	secret := strings.Repeat("k", 32)
	cfg, err := config.Load(getenv(map[string]string{
		"APP_ENV": "production", "JWT_SECRET": secret, "JWT_ISSUER": "issuer", "JWT_AUDIENCE": "audience",
		"ACCESS_TOKEN_TTL": "5m", "REFRESH_TOKEN_TTL": "24h",
		"FIRST_SUPERUSER_EMAIL": "root@example.com", "FIRST_SUPERUSER_PASSWORD": "root-password",
		"PASSWORD_HASH_CONCURRENCY": "3", "PASSWORD_HASH_WAIT": "500ms", "TRUSTED_PROXIES": "10.0.0.0/8,fd00::/8",
		"USER_CACHE_TTL":          "0s",
		"RATE_LIMIT_LOGIN_PER_IP": "1/1s", "RATE_LIMIT_LOGIN_PER_ACCOUNT": "2/2s",
		"RATE_LIMIT_REGISTER_PER_IP": "3/3s", "RATE_LIMIT_REGISTER_PER_ACCOUNT": "4/4s",
		"RATE_LIMIT_REFRESH_PER_IP": "5/5s", "RATE_LIMIT_REFRESH_PER_ACCOUNT": "6/1h",
		"RATE_LIMIT_PASSWORD_RESET_PER_IP": "7/7s", "RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT": "8/8s",
		"SMTP_URL": "smtps://mailer:secret@mail.example.com", "MAIL_FROM": "shop@example.com",
		"PASSWORD_RESET_TTL": "10m", "PUBLIC_URL": "https://shop.example.com",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.JWTSecret != secret || cfg.EphemeralSecret || cfg.JWTIssuer != "issuer" || cfg.JWTAudience != "audience" ||
		cfg.AccessTokenTTL != 5*time.Minute || cfg.RefreshTokenTTL != 24*time.Hour ||
		cfg.FirstSuperuserEmail != "root@example.com" || cfg.FirstSuperuserPassword != "root-password" {
		t.Errorf("Load() = %+v, want the values given", cfg)
	}
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	if cfg.PasswordHashConcurrency != 3 || cfg.PasswordHashWait != 500*time.Millisecond || !slices.Equal(cfg.TrustedProxies, proxies) {
		t.Errorf("Load() = %+v, want the hashing and proxy values given", cfg)
	}
	if cfg.UserCacheTTL != 0 {
		t.Errorf("UserCacheTTL = %s, want 0 (no cache)", cfg.UserCacheTTL)
	}
	perSeconds := func(n int) config.Rate { return config.Rate{Max: n, Window: time.Duration(n) * time.Second} }
	if cfg.LoginPerIP != perSeconds(1) || cfg.LoginPerAccount != perSeconds(2) ||
		cfg.RegisterPerIP != perSeconds(3) || cfg.RegisterPerAccount != perSeconds(4) ||
		cfg.RefreshPerIP != perSeconds(5) || cfg.RefreshPerAccount != (config.Rate{Max: 6, Window: time.Hour}) ||
		cfg.PasswordResetPerIP != perSeconds(7) || cfg.PasswordResetPerAccount != perSeconds(8) {
		t.Errorf("Load() = %+v, want the rate limits given", cfg)
	}
	if cfg.SMTPURL != "smtps://mailer:secret@mail.example.com" || cfg.MailFrom != "shop@example.com" ||
		cfg.PasswordResetTTL != 10*time.Minute || cfg.PublicURL != "https://shop.example.com" {
		t.Errorf("Load() = %+v, want the mail and password reset values given", cfg)
	}
	if w := cfg.Warnings(); len(w) != 0 {
		t.Errorf("Warnings() = %q, want none", w)
	}
}

func TestLoadAuthInvalid(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"production without secret", map[string]string{"APP_ENV": "production"}, "JWT_SECRET"},
		{"production with a short secret", map[string]string{"APP_ENV": "production", "JWT_SECRET": "short"}, "JWT_SECRET"},
		{"zero access ttl", map[string]string{"ACCESS_TOKEN_TTL": "0s"}, "ACCESS_TOKEN_TTL"},
		{"negative refresh ttl", map[string]string{"REFRESH_TOKEN_TTL": "-1h"}, "REFRESH_TOKEN_TTL"},
		{"superuser email alone", map[string]string{"FIRST_SUPERUSER_EMAIL": "root@example.com"}, "FIRST_SUPERUSER_PASSWORD"},
		{"superuser password alone", map[string]string{"FIRST_SUPERUSER_PASSWORD": "root-password"}, "FIRST_SUPERUSER_EMAIL"},
		{"negative hash concurrency", map[string]string{"PASSWORD_HASH_CONCURRENCY": "-1"}, "PASSWORD_HASH_CONCURRENCY"},
		{"zero hash wait", map[string]string{"PASSWORD_HASH_WAIT": "0s"}, "PASSWORD_HASH_WAIT"},
		{"negative user cache ttl", map[string]string{"USER_CACHE_TTL": "-1s"}, "USER_CACHE_TTL"},
		{"proxy not a network", map[string]string{"TRUSTED_PROXIES": "10.0.0.1"}, "TRUSTED_PROXIES"},
		{"rate without window", map[string]string{"RATE_LIMIT_LOGIN_PER_IP": "10"}, "RATE_LIMIT_LOGIN_PER_IP"},
		{"rate of zero", map[string]string{"RATE_LIMIT_LOGIN_PER_ACCOUNT": "0/1m"}, "RATE_LIMIT_LOGIN_PER_ACCOUNT"},
		{"rate with a bad window", map[string]string{"RATE_LIMIT_REGISTER_PER_IP": "5/soon"}, "RATE_LIMIT_REGISTER_PER_IP"},
		{"rate with a zero window", map[string]string{"RATE_LIMIT_REFRESH_PER_ACCOUNT": "5/0s"}, "RATE_LIMIT_REFRESH_PER_ACCOUNT"},
		{"reset rate without window", map[string]string{"RATE_LIMIT_PASSWORD_RESET_PER_IP": "5"}, "RATE_LIMIT_PASSWORD_RESET_PER_IP"},
		{"zero reset ttl", map[string]string{"PASSWORD_RESET_TTL": "0s"}, "PASSWORD_RESET_TTL"},
		{"public url without scheme", map[string]string{"PUBLIC_URL": "shop.example.com"}, "PUBLIC_URL"},
	}
	for _, tt := range tests {
		_, err := config.Load(getenv(tt.vars))
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: Load() = %v, want one line naming %s", tt.name, err, tt.want)
		}
	}
	// Development accepts a short secret, with a warning.
	cfg, err := config.Load(getenv(map[string]string{"JWT_SECRET": "short", "SMTP_URL": "smtp://localhost:1025"}))
	if err != nil || len(cfg.Warnings()) != 1 {
		t.Errorf("Load(short secret in development) = %v, warnings %q; want success and one warning", err, cfg.Warnings())
	}
	// Production without an SMTP server starts, and says that password
	// resets are unavailable.
	cfg, err = config.Load(getenv(map[string]string{"APP_ENV": "production", "JWT_SECRET": strings.Repeat("k", 32)}))
	if w := cfg.Warnings(); err != nil || len(w) != 1 || !strings.Contains(w[0], "503") {
		t.Errorf("Load(production without SMTP_URL) = %v, warnings %q; want success and a warning of the 503", err, w)
	}
}
