package main

import (
	"io"
	"os"
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
}

func systemStreams() *streams {
	return &streams{
		In:          os.Stdin,
		Out:         os.Stdout,
		ErrOut:      os.Stderr,
		interactive: isTerminal(os.Stdin) && isTerminal(os.Stdout),
	}
}

// canPrompt reports whether gen may ask questions.
func (s *streams) canPrompt() bool { return s.interactive }

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
