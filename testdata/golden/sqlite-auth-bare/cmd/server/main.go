// Command server runs the bare HTTP API.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"example.com/bare/internal/config"
	"example.com/bare/internal/database"
	"example.com/bare/internal/handler"
	"example.com/bare/internal/mail"
	"example.com/bare/internal/repository"
	"example.com/bare/internal/security"
	"example.com/bare/internal/service"
	"example.com/bare/internal/telemetry"
)

// version and commit name the build in the metrics, the traces and the
// log; the release build sets them with
// -ldflags "-X main.version=v1.2.3 -X main.commit=abc123".
var (
	version = "dev"
	commit  = ""
)

func main() {
	healthcheck := flag.Bool("healthcheck", false, "check that the server HTTP_ADDR names is alive and exit: 0 if it is, 1 if not")
	flag.Parse()
	var err error
	if *healthcheck {
		err = probe(context.Background(), os.Getenv)
	} else {
		err = run(context.Background(), os.Getenv, os.Stdout)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "bare: %v\n", err)
		os.Exit(1)
	}
}

// run starts the server and blocks until ctx is done or SIGINT or SIGTERM
// arrives, then shuts down gracefully. A nil error means a clean shutdown.
func run(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	build := buildInfo()
	logger := newLogger(cfg, stdout)
	// Without an OTLP endpoint tracing stays nil, and nothing is traced.
	var tracing trace.TracerProvider
	if cfg.Tracing() {
		tp, err := telemetry.NewTracerProvider(ctx, build)
		if err != nil {
			return err
		}
		defer flushTraces(tp, logger)
		tracing = tp
		logger = slog.New(telemetry.LogHandler(logger.Handler()))
	}
	for _, w := range cfg.Warnings() {
		logger.Warn(w)
	}

	db, err := database.Open(ctx, cfg.DatabaseURL, database.Options{Tracing: tracing})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := database.Migrate(ctx, db, logger); err != nil {
		return err
	}

	users, err := newUsers(ctx, cfg, db, logger)
	if err != nil {
		return err
	}
	defer func() {
		// Mail being sent in the background goes out before the process
		// ends, within the shutdown timeout.
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
		defer cancel()
		if err := users.Close(closeCtx); err != nil {
			logger.Warn("stopping", "error", err)
		}
	}()
	go sweep(ctx, users, logger)

	var metrics *telemetry.Metrics
	if cfg.MetricsAddr != config.MetricsOff {
		metrics = telemetry.NewMetrics(build)
		if err := metrics.Register(database.Collector(db)); err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
	}

	srv := &http.Server{
		Handler: handler.New(handler.Deps{
			Logger:         logger,
			Ready:          func(ctx context.Context) error { return database.Ping(ctx, db) },
			Users:          users,
			TrustedProxies: cfg.TrustedProxies,
			CORSOrigins:    cfg.CORSOrigins,
			Metrics:        metrics,
			Tracing:        tracing,
		}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// The metrics have a listener of their own: they are never served on
	// the API's address. metricsErr stays nil, never ready, without them.
	var metricsSrv *http.Server
	var metricsErr chan error
	if metrics != nil {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("listen for metrics: %w", err)
		}
		metricsSrv = newMetricsServer(metrics, logger)
		metricsErr = make(chan error, 1)
		go func() { metricsErr <- metricsSrv.Serve(mln) }()
		logger.Info("serving metrics", "addr", mln.Addr().String(), "path", "/metrics")
	}
	logger.Info("listening", "addr", ln.Addr().String(), "env", cfg.AppEnv, "database", cfg.DatabaseURL,
		"version", build.Version, "tracing", tracing != nil)

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case err := <-metricsErr:
		return fmt.Errorf("serve metrics: %w", err)
	case <-ctx.Done():
	}
	stop() // a second signal ends the process at once

	logger.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	if metricsSrv != nil {
		if err := metricsSrv.Shutdown(shutdownCtx); err != nil {
			return fmt.Errorf("shutdown metrics: %w", err)
		}
		if err := <-metricsErr; !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve metrics: %w", err)
		}
	}
	logger.Info("stopped")
	return nil
}

// newMetricsServer serves the metrics at GET /metrics and nothing else.
func newMetricsServer(m *telemetry.Metrics, logger *slog.Logger) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	return &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// flushTraces sends the spans not yet exported and stops the exporter,
// waiting a few seconds at most for the collector.
func flushTraces(tp *sdktrace.TracerProvider, logger *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := tp.Shutdown(ctx); err != nil {
		logger.Warn("flush traces", "error", err)
	}
}

// buildInfo names the running build: the version and commit the release
// build set, or else the commit the go command stamped in, if any.
func buildInfo() telemetry.Build {
	b := telemetry.Build{Version: version, Commit: commit}
	if b.Commit != "" {
		return b
	}
	b.Commit = "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				b.Commit = s.Value
			}
		}
	}
	return b
}

// probe asks the server HTTP_ADDR names whether it is alive: nil when GET
// /api/v1/health answers 200 within two seconds. The container image has
// no shell and no curl, so its health check runs the server binary with
// -healthcheck.
func probe(ctx context.Context, getenv func(string) string) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("HTTP_ADDR: %w", err)
	}
	// A server listening on every address answers on the loopback one.
	switch ip := net.ParseIP(host); {
	case host == "" || ip != nil && ip.IsUnspecified() && ip.To4() != nil:
		host = "127.0.0.1"
	case ip != nil && ip.IsUnspecified():
		host = "::1"
	}
	url := "http://" + net.JoinHostPort(host, port) + "/api/v1/health"
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, http.NoBody)
	if err != nil {
		return fmt.Errorf("health check: %w", err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health check: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("health check: %s answered %s", url, res.Status)
	}
	return nil
}

// newLogger logs text in development and JSON in production.
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.AppEnv == config.Production {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// newUsers returns the user service, which reads the user of every token
// through a cache, and makes sure the first superuser exists when the
// configuration names one.
func newUsers(ctx context.Context, cfg config.Config, db *sql.DB, logger *slog.Logger) (*service.User, error) {
	passwords, err := security.NewPasswords(security.DefaultPasswordParams, security.HashLimit{
		Concurrency: cfg.PasswordHashConcurrency,
		Wait:        cfg.PasswordHashWait,
	})
	if err != nil {
		return nil, err
	}
	limit := func(r config.Rate) service.Limit { return service.Limit{Max: r.Max, Window: r.Window} }
	limiter, err := service.NewRateLimiter(repository.NewAttempts(), service.Limits{
		LoginPerIP:              limit(cfg.LoginPerIP),
		LoginPerAccount:         limit(cfg.LoginPerAccount),
		RegisterPerIP:           limit(cfg.RegisterPerIP),
		RegisterPerAccount:      limit(cfg.RegisterPerAccount),
		RefreshPerIP:            limit(cfg.RefreshPerIP),
		RefreshPerAccount:       limit(cfg.RefreshPerAccount),
		PasswordResetPerIP:      limit(cfg.PasswordResetPerIP),
		PasswordResetPerAccount: limit(cfg.PasswordResetPerAccount),
	})
	if err != nil {
		return nil, err
	}
	tokens, err := security.NewTokens(security.TokenConfig{
		Secret:     []byte(cfg.JWTSecret),
		Issuer:     cfg.JWTIssuer,
		Audience:   cfg.JWTAudience,
		AccessTTL:  cfg.AccessTokenTTL,
		RefreshTTL: cfg.RefreshTokenTTL,
	})
	if err != nil {
		return nil, err
	}
	mailer, err := newMailer(cfg, logger)
	if err != nil {
		return nil, err
	}
	primary := db
	users := service.NewUser(service.UserDeps{
		Users:     repository.NewUserCache(repository.NewUser(db), cfg.UserCacheTTL),
		Sessions:  repository.NewSessionCache(repository.NewSession(primary), cfg.UserCacheTTL),
		Resets:    repository.NewPasswordReset(primary),
		Passwords: passwords,
		Tokens:    tokens,
		Limiter:   limiter,
		Mailer:    mailer,
		Reset:     service.ResetConfig{TTL: cfg.PasswordResetTTL, PublicURL: cfg.PublicURL},
		Logger:    logger,
	})
	if cfg.FirstSuperuserEmail == "" {
		return users, nil
	}
	u, created, err := users.EnsureSuperuser(ctx, cfg.FirstSuperuserEmail, cfg.FirstSuperuserPassword)
	switch {
	case err != nil:
		return nil, err
	case created:
		logger.Info("first superuser created", "email", u.Email)
	case !u.IsSuperuser:
		logger.Warn("FIRST_SUPERUSER_EMAIL belongs to a user who is not a superuser; left unchanged", "email", u.Email)
	}
	return users, nil
}

// newMailer returns the mailer SMTP_URL names. Without one, development
// writes mail to the log and production has no mailer, which makes
// password resets answer 503.
func newMailer(cfg config.Config, logger *slog.Logger) (service.Mailer, error) {
	switch {
	case cfg.SMTPURL != "":
		return mail.NewSMTP(cfg.SMTPURL, cfg.MailFrom)
	case cfg.AppEnv == config.Production:
		return nil, nil
	default:
		return mail.Log{Logger: logger}, nil
	}
}

// sweepEvery is how often the server deletes the sessions and password
// resets that have expired.
const sweepEvery = 10 * time.Minute

// sweep deletes the expired sessions and password resets every sweepEvery
// until ctx is done.
func sweep(ctx context.Context, users *service.User, logger *slog.Logger) {
	ticker := time.NewTicker(sweepEvery)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if err := users.Sweep(ctx); err != nil && ctx.Err() == nil {
				logger.WarnContext(ctx, "delete expired sessions", "error", err)
			}
		}
	}
}
