package main

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"

	"github.com/go-gen/gen/internal/form"
)

// streams is the IO a command may use. Commands never touch os.Stdin,
// os.Stdout or os.Stderr directly, so tests run them in-process.
type streams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// interactive is true when both standard input and output are
	// terminals, the only case in which gen may prompt.
	interactive bool
	// accessible asks for plain line prompts instead of the full-screen
	// form (ACCESSIBLE set, or TERM=dumb).
	accessible bool
	// color allows colour on Out: a terminal, without NO_COLOR.
	color bool
}

func systemStreams() *streams {
	term := os.Getenv("TERM")
	accessible := os.Getenv("ACCESSIBLE")
	return &streams{
		In:          os.Stdin,
		Out:         os.Stdout,
		ErrOut:      os.Stderr,
		interactive: isTerminal(os.Stdin) && isTerminal(os.Stdout),
		accessible:  (accessible != "" && accessible != "0" && accessible != "false") || term == "dumb",
		// https://no-color.org: any non-empty NO_COLOR turns colour off.
		color: isTerminal(os.Stdout) && os.Getenv("NO_COLOR") == "" && term != "dumb",
	}
}

// canPrompt reports whether gen may ask questions.
func (s *streams) canPrompt() bool { return s.interactive }

// formConfig is how the form reads, writes and looks on these streams.
func (s *streams) formConfig() form.Config {
	return form.Config{In: s.In, Out: s.Out, Accessible: s.accessible, Color: s.color}
}

// Styles of text on Out, as ANSI SGR parameters.
const (
	bold = "1"
	cyan = "36"
)

// style wraps text in an ANSI style when Out may show colour.
func (s *streams) style(sgr, text string) string {
	if !s.color {
		return text
	}
	return "\x1b[" + sgr + "m" + text + "\x1b[0m"
}

// isTerminal reports whether f is a terminal; /dev/null, although a
// character device, is not.
func isTerminal(f *os.File) bool { return isatty.IsTerminal(f.Fd()) }
