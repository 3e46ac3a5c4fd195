// Package config loads the service configuration from the environment.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"reflect"
	"runtime"
	"strconv"
	"strings"
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
	// DatabaseURL is the MongoDB connection URL of the primary.
	DatabaseURL string `env:"DATABASE_URL" envDefault:"mongodb://localhost:27017/feed"`
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

	// JWTSecret signs and verifies the tokens. Production requires one of
	// at least 32 bytes; development makes up an ephemeral one when unset.
	JWTSecret string `env:"JWT_SECRET"`
	// JWTIssuer and JWTAudience are written into every token and checked
	// in every token presented.
	JWTIssuer   string `env:"JWT_ISSUER" envDefault:"feed"`
	JWTAudience string `env:"JWT_AUDIENCE" envDefault:"feed"`
	// AccessTokenTTL and RefreshTokenTTL are the lifetimes of the tokens.
	AccessTokenTTL  time.Duration `env:"ACCESS_TOKEN_TTL" envDefault:"15m"`
	RefreshTokenTTL time.Duration `env:"REFRESH_TOKEN_TTL" envDefault:"168h"`
	// FirstSuperuserEmail and FirstSuperuserPassword, when set, make sure a
	// superuser with that email exists at startup.
	FirstSuperuserEmail    string `env:"FIRST_SUPERUSER_EMAIL"`
	FirstSuperuserPassword string `env:"FIRST_SUPERUSER_PASSWORD"`
	// EphemeralSecret reports that JWTSecret was made up at startup, so
	// tokens do not survive a restart.
	EphemeralSecret bool

	// PasswordHashConcurrency is the most password hashes and
	// verifications run at a time, each holding 19 MiB; unset means the
	// number of CPUs.
	PasswordHashConcurrency int `env:"PASSWORD_HASH_CONCURRENCY"`
	// PasswordHashWait is how long a request waits for a hashing slot
	// before it is answered 503.
	PasswordHashWait time.Duration `env:"PASSWORD_HASH_WAIT" envDefault:"2s"`
	// UserCacheTTL is how long an authenticated user is served from memory
	// before it is read again, so changes made by other replicas show
	// within it; this process's own changes show at once. 0 disables the
	// cache.
	UserCacheTTL time.Duration `env:"USER_CACHE_TTL" envDefault:"30s"`
	// TrustedProxies are the networks of the reverse proxies whose
	// X-Forwarded-For names the client, comma-separated CIDRs. The client
	// of any other peer is the peer itself.
	TrustedProxies []netip.Prefix `env:"TRUSTED_PROXIES" envSeparator:","`
	// The rate limits of login, register and refresh, per client IP and
	// per account (the email, or the user of the refresh token), as
	// attempts per window ("10/1m").
	LoginPerIP         Rate `env:"RATE_LIMIT_LOGIN_PER_IP" envDefault:"100/1m"`
	LoginPerAccount    Rate `env:"RATE_LIMIT_LOGIN_PER_ACCOUNT" envDefault:"10/1m"`
	RegisterPerIP      Rate `env:"RATE_LIMIT_REGISTER_PER_IP" envDefault:"20/1m"`
	RegisterPerAccount Rate `env:"RATE_LIMIT_REGISTER_PER_ACCOUNT" envDefault:"5/1m"`
	RefreshPerIP       Rate `env:"RATE_LIMIT_REFRESH_PER_IP" envDefault:"100/1m"`
	RefreshPerAccount  Rate `env:"RATE_LIMIT_REFRESH_PER_ACCOUNT" envDefault:"20/1m"`
	// The rate limits of password reset requests, per client IP (which
	// also bounds the attempts to use a reset token) and per email.
	PasswordResetPerIP      Rate `env:"RATE_LIMIT_PASSWORD_RESET_PER_IP" envDefault:"20/1h"`
	PasswordResetPerAccount Rate `env:"RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT" envDefault:"5/1h"`

	// SMTPURL is the SMTP server that sends mail: smtp://user:pass@host:port
	// (STARTTLS; ?starttls=off for a local server without TLS) or
	// smtps://user:pass@host:port (TLS). Unset, development writes mail to
	// the log and production answers password resets 503.
	SMTPURL string `env:"SMTP_URL"`
	// MailFrom is the sender of the mail.
	MailFrom string `env:"MAIL_FROM" envDefault:"feed <no-reply@localhost>"`
	// PasswordResetTTL is how long a password reset link works.
	PasswordResetTTL time.Duration `env:"PASSWORD_RESET_TTL" envDefault:"30m"`
	// PublicURL is where users reach the application; links in mail start
	// with it.
	PublicURL string `env:"PUBLIC_URL" envDefault:"http://localhost:8000"`
}

// Rate is a rate limit: at most Max attempts per Window.
type Rate struct {
	Max    int
	Window time.Duration
}

// UnmarshalText reads a rate written as attempts/window, such as "10/1m".
func (r *Rate) UnmarshalText(b []byte) error {
	maxText, windowText, ok := strings.Cut(string(b), "/")
	if !ok {
		return fmt.Errorf("%q is not attempts/window, such as 10/1m", b)
	}
	n, err := strconv.Atoi(maxText)
	if err != nil || n <= 0 {
		return fmt.Errorf("%q: attempts must be a positive integer", b)
	}
	window, err := time.ParseDuration(windowText)
	if err != nil || window <= 0 {
		return fmt.Errorf("%q: window must be a positive duration", b)
	}
	*r = Rate{Max: n, Window: window}
	return nil
}

// minSecretLen is the shortest JWT secret production accepts: 256 bits,
// the size of the HS256 hash.
const minSecretLen = 32

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
	if cfg.JWTSecret == "" {
		key := make([]byte, minSecretLen)
		rand.Read(key) // never fails; see crypto/rand
		cfg.JWTSecret = hex.EncodeToString(key)
		cfg.EphemeralSecret = true
	}
	if cfg.PasswordHashConcurrency == 0 {
		cfg.PasswordHashConcurrency = runtime.NumCPU()
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
	case c.AppEnv == Production && len(c.JWTSecret) < minSecretLen:
		return fmt.Errorf("JWT_SECRET must be set to at least %d bytes in production (e.g. openssl rand -hex 32)", minSecretLen)
	case c.AccessTokenTTL <= 0:
		return fmt.Errorf("ACCESS_TOKEN_TTL %s must be positive", c.AccessTokenTTL)
	case c.RefreshTokenTTL <= 0:
		return fmt.Errorf("REFRESH_TOKEN_TTL %s must be positive", c.RefreshTokenTTL)
	case (c.FirstSuperuserEmail == "") != (c.FirstSuperuserPassword == ""):
		return errors.New("FIRST_SUPERUSER_EMAIL and FIRST_SUPERUSER_PASSWORD must be set together")
	case c.PasswordHashConcurrency < 0:
		return fmt.Errorf("PASSWORD_HASH_CONCURRENCY %d must be positive", c.PasswordHashConcurrency)
	case c.PasswordHashWait <= 0:
		return fmt.Errorf("PASSWORD_HASH_WAIT %s must be positive", c.PasswordHashWait)
	case c.UserCacheTTL < 0:
		return fmt.Errorf("USER_CACHE_TTL %s must not be negative", c.UserCacheTTL)
	case c.PasswordResetTTL <= 0:
		return fmt.Errorf("PASSWORD_RESET_TTL %s must be positive", c.PasswordResetTTL)
	case !strings.HasPrefix(c.PublicURL, "http://") && !strings.HasPrefix(c.PublicURL, "https://"):
		return fmt.Errorf("PUBLIC_URL %q must be an http:// or https:// URL", c.PublicURL)
	}
	return nil
}

// Warnings lists settings that development accepts but production would
// not, for the log.
func (c Config) Warnings() []string {
	var warnings []string
	switch {
	case c.EphemeralSecret:
		warnings = append(warnings, "JWT_SECRET is not set: using a random secret, so tokens stop working when the server restarts")
	case len(c.JWTSecret) < minSecretLen:
		warnings = append(warnings, fmt.Sprintf("JWT_SECRET is shorter than %d bytes, which production refuses", minSecretLen))
	}
	switch {
	case c.SMTPURL == "" && c.AppEnv == Production:
		warnings = append(warnings, "SMTP_URL is not set: password resets answer 503")
	case c.SMTPURL == "":
		warnings = append(warnings, "SMTP_URL is not set: mail, password reset links included, is written to the log")
	}
	return warnings
}
