// Command server runs the bare HTTP API.
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.com/bare/internal/config"
	"example.com/bare/internal/database"
	"example.com/bare/internal/handler"
	"example.com/bare/internal/mail"
	"example.com/bare/internal/repository"
	"example.com/bare/internal/security"
	"example.com/bare/internal/service"
)

func main() {
	if err := run(context.Background(), os.Getenv, os.Stdout); err != nil {
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
	logger := newLogger(cfg, stdout)
	for _, w := range cfg.Warnings() {
		logger.Warn(w)
	}

	db, err := database.Open(ctx, cfg.DatabaseURL)
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

	srv := &http.Server{
		Handler: handler.New(handler.Deps{
			Logger:         logger,
			Ready:          func(ctx context.Context) error { return database.Ping(ctx, db) },
			Users:          users,
			TrustedProxies: cfg.TrustedProxies,
			CORSOrigins:    cfg.CORSOrigins,
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
	logger.Info("listening", "addr", ln.Addr().String(), "env", cfg.AppEnv, "database", cfg.DatabaseURL)

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
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
	logger.Info("stopped")
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
