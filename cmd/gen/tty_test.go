package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"
)

// ttyRun is the ttyrun command of the scripts: it runs a program on a
// pseudo-terminal, so the program sees a real terminal on its standard
// input and output, and types its own standard input into it one line at
// a time, each line once the program has printed its prompt. A line ^C
// types Ctrl-C (the terminal sends SIGINT), ESC the Escape key; after the
// last line, a program still waiting for input gets Ctrl-D. What the
// terminal shows, echoed answers included, goes to standard output; the
// exit code is the program's (128+N for a signal N).
//
//	stdin answers.txt
//	exec ttyrun gen new
func ttyRun(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: ttyrun program [args...]")
		return 2
	}
	var answers []string
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		answers = append(answers, sc.Text())
	}

	cmd := exec.Command(args[0], args[1:]...)
	term, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 100})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ttyrun:", err)
		return 2
	}
	screen := &terminalOutput{term: term}
	done := make(chan struct{})
	go func() {
		// Reading ends with EIO once the program and its children have
		// closed the terminal.
		_, _ = io.Copy(screen, term)
		close(done)
	}()

	for _, answer := range answers {
		if !screen.waitForPrompt(10 * time.Second) {
			fmt.Fprintf(os.Stderr, "ttyrun: no prompt for answer %q\n", answer)
			break
		}
		keys := answer + "\r"
		switch answer {
		case "^C":
			keys = "\x03"
		case "ESC":
			keys = "\x1b"
		}
		if _, err := io.WriteString(term, keys); err != nil {
			break // the program has ended
		}
	}

	// Then the end of input (Ctrl-D), for a program that asks for more.
	if screen.waitForPrompt(2 * time.Second) {
		_, _ = io.WriteString(term, "\x04")
	}

	code := 0
	if err := waitTimeout(cmd, 30*time.Second); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			fmt.Fprintln(os.Stderr, "ttyrun:", err)
			return 2
		}
		code = exit.ExitCode()
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			code = 128 + int(ws.Signal())
		}
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	term.Close()
	os.Stdout.WriteString(strings.ReplaceAll(screen.String(), "\r\n", "\n"))
	return code
}

// waitTimeout waits for cmd, killing it after d.
func waitTimeout(cmd *exec.Cmd, d time.Duration) error {
	timer := time.AfterFunc(d, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	return cmd.Wait()
}

// terminalOutput collects what a terminal shows and tells when the
// program has printed something and then gone quiet: waiting for input.
// Like a terminal emulator, it answers the queries programs send it.
type terminalOutput struct {
	term io.Writer // where answers to queries go
	mu   sync.Mutex
	buf  bytes.Buffer
	last time.Time // of the last write
	seen int       // length when the last answer was typed
}

// terminalQueries are the queries of the terminal libraries (termenv asks
// for the background colour and the cursor position) with the answers of a
// dark terminal whose cursor is at the top left.
var terminalQueries = []struct{ query, answer string }{
	{"\x1b]11;?", "\x1b]11;rgb:0000/0000/0000\x1b\\"},
	{"\x1b[6n", "\x1b[1;1R"},
}

func (o *terminalOutput) Write(p []byte) (int, error) {
	for _, q := range terminalQueries {
		if bytes.Contains(p, []byte(q.query)) {
			_, _ = io.WriteString(o.term, q.answer)
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.last = time.Now()
	return o.buf.Write(p)
}

func (o *terminalOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// waitForPrompt waits until new output has been quiet for a moment.
func (o *terminalOutput) waitForPrompt(timeout time.Duration) bool {
	const quiet = 50 * time.Millisecond
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		o.mu.Lock()
		ready := o.buf.Len() > o.seen && time.Since(o.last) > quiet
		if ready {
			o.seen = o.buf.Len()
		}
		o.mu.Unlock()
		if ready {
			return true
		}
	}
	return false
}
