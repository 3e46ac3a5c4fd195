// Command mailpit runs an embedded Mailpit, an SMTP server that keeps the
// mail it receives and serves it through an HTTP API, for the tests of
// generated projects that send mail.
//
// It listens on two free ports of 127.0.0.1, prints its SMTP URL and the
// base URL of its HTTP API on the first line of standard output once both
// accept connections ("smtp://127.0.0.1:N http://127.0.0.1:M"), and runs
// until its standard input closes or it receives SIGINT or SIGTERM. Tying
// its life to standard input means it stops with the test process that
// started it, however that process ends.
//
// It is its own module so that the generator's go.mod stays free of
// Mailpit's dependencies.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/axllent/mailpit/cmd"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "mailpit: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	dir := flag.String("dir", "", "directory of the mail database (required)")
	flag.Parse()
	if *dir == "" {
		return errors.New("-dir is required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	smtpAddr, err := freeAddr()
	if err != nil {
		return err
	}
	httpAddr, err := freeAddr()
	if err != nil {
		return err
	}

	// Mailpit is a command; it reads its settings from its arguments and
	// serves until the process ends.
	os.Args = []string{"mailpit",
		"--smtp", smtpAddr,
		"--listen", httpAddr,
		"--database", filepath.Join(*dir, "mailpit.db"),
		"--smtp-auth-accept-any",
		"--smtp-auth-allow-insecure",
		"--disable-version-check",
		"--quiet",
	}
	go cmd.Execute()

	if err := waitHTTP("http://"+httpAddr+"/api/v1/info", time.Minute); err != nil {
		return err
	}
	fmt.Printf("smtp://%s http://%s\n", smtpAddr, httpAddr)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	closed := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		close(closed)
	}()
	select {
	case <-stop:
	case <-closed:
	}
	return nil
}

// freeAddr returns an address of 127.0.0.1 with a port nobody listened on
// a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// waitHTTP waits until url answers 200, for at most timeout.
func waitHTTP(url string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		res, err := http.Get(url)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer within %s: %v", url, timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
