package form

import (
	"bufio"
	"context"
	"io"
)

// lineReader hands accessible mode its input one line per Read.
//
// Accessible mode reads each answer through a new bufio.Scanner, which
// buffers whatever one Read returns: when more than one line arrives at
// once (a pipe, a paste) the answers after the first would be lost. A
// lineReader never returns more than one line, and it stops with an error
// as soon as its context is cancelled (Ctrl-C reaches gen as a signal in
// this mode) instead of waiting for the next line.
type lineReader struct {
	ctx   context.Context
	lines chan []byte
	rest  []byte // the part of a line the last Read had no room for
	err   error  // why reading stopped: the end of input or cancellation
}

func newLineReader(ctx context.Context, r io.Reader) *lineReader {
	l := &lineReader{ctx: ctx, lines: make(chan []byte)}
	go l.readLines(bufio.NewReader(r))
	return l
}

// readLines runs until the input ends. A goroutine still blocked on a
// terminal when gen finishes ends with the process.
func (l *lineReader) readLines(r *bufio.Reader) {
	defer close(l.lines)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			if line[len(line)-1] != '\n' {
				// A last line without its newline is still an answer;
				// the scanner must not wait for more.
				line = append(line, '\n')
			}
			select {
			case l.lines <- line:
			case <-l.ctx.Done():
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.rest) == 0 {
		select {
		case line, ok := <-l.lines:
			if !ok {
				return 0, l.stop(io.EOF)
			}
			l.rest = line
		case <-l.ctx.Done():
			return 0, l.stop(l.ctx.Err())
		}
	}
	n := copy(p, l.rest)
	l.rest = l.rest[n:]
	return n, nil
}

func (l *lineReader) stop(err error) error {
	if l.err == nil {
		l.err = err
	}
	return err
}

// failed reports whether the input ended or was cancelled. Like Read, it
// belongs to the goroutine that runs the form.
func (l *lineReader) failed() bool { return l.err != nil }
