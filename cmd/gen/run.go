package main

import (
	"context"
	"errors"
	"fmt"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/go-gen/gen/internal/form"
	"github.com/go-gen/gen/options"
)

// Exit codes of gen.
const (
	exitOK      = 0
	exitFailure = 1 // anything that is not the user's input
	exitUsage   = 2 // invalid usage or input; nothing was written
	// exitInterrupted is the shells' code for a command stopped by Ctrl-C:
	// the user stopped the form (or declined its summary); nothing was
	// written.
	exitInterrupted = 130
)

// run executes gen with args and returns the process exit code. It is the
// only function that turns errors into exit codes.
func run(args []string, s *streams) int {
	// gen runs for milliseconds and allocates little in total; collecting
	// garbage less often makes gen new measurably faster.
	debug.SetGCPercent(800)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	root := newRootCmd(s)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(s.ErrOut, "gen: %s\n", line)
	}
	if errors.Is(err, form.ErrAborted) {
		return exitInterrupted
	}
	if isUsage(err) {
		return exitUsage
	}
	return exitFailure
}

// isUsage reports whether err is the user's to fix: bad input, or a command
// line cobra could not parse.
func isUsage(err error) bool {
	if options.IsInvalid(err) {
		return true
	}
	var u usageError
	if errors.As(err, &u) {
		return true
	}
	// cobra reports unknown subcommands with a plain error.
	return strings.HasPrefix(err.Error(), "unknown command ")
}

// usageError is a command line that cannot be parsed.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}
