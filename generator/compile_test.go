package generator

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/go-gen/gen/options"
)

var updateModules = flag.Bool("update-modules", false, "tidy a project of every module variant and rewrite templates/modules")

// TestCompileGolden writes every golden case to a temporary directory and
// proves it is a working project: tidy, building, vetted, clean under
// golangci-lint with its own .golangci.yml, and passing its own tests. It
// shares the go command's build and module caches, so only the first case
// compiles the dependencies.
func TestCompileGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("compiling generated projects takes minutes; run without -short")
	}
	parent := t
	linter, missing := golangciLint(t)
	var mongoURL string  // started by the first MongoDB case, for all of them
	var mailEnv []string // started by the first case with auth, for all of them
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			var env []string
			if c.project.Auth {
				if mailEnv == nil {
					mailEnv = mailServer(parent)
				}
				env = append(env, mailEnv...)
			}
			switch c.project.Database {
			case options.Postgres:
				env = append(env, "TEST_DATABASE_URL="+postgresURL(t))
			case options.MongoDB:
				if mongoURL == "" {
					mongoURL = mongoServer(parent)
				}
				env = append(env, "TEST_DATABASE_URL="+mongoURL)
			}
			dir := t.TempDir()
			for path, content := range readTree(t, filepath.Join(goldenRoot, c.name)) {
				require.NoError(t, writeFile(filepath.Join(dir, filepath.FromSlash(path)), []byte(content)))
			}
			for _, args := range [][]string{
				{"mod", "tidy", "-diff"},
				{"build", "./..."},
				{"vet", "./..."},
			} {
				goCmd(t, dir, nil, args...)
			}
			t.Run("lint", func(t *testing.T) {
				if missing != "" {
					t.Skip(missing)
				}
				lint(t, linter, dir)
			})
			goTest(t, dir, env)
		})
	}
}

// postgresURL is the server the PostgreSQL cases test against:
// TEST_DATABASE_URL, or the local server CI starts. An unreachable server
// fails the test rather than skipping the cases.
func postgresURL(t *testing.T) string {
	t.Helper()
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		url = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	u, err := neturl.Parse(url)
	require.NoError(t, err, "TEST_DATABASE_URL")
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		t.Fatalf("PostgreSQL at %s does not answer (%v); start it (.ci/run shows how) or set TEST_DATABASE_URL", u.Host, err)
	}
	conn.Close()
	return url
}

// mongoServer returns the MongoDB server the MongoDB cases test against:
// TEST_MONGODB_URL when set, or else an embedded FerretDB (a MongoDB
// wire-protocol server on SQLite files, testdata/ferretdb) that it builds
// and starts, and that stops when t ends. A server that cannot be started
// fails the test.
func mongoServer(t *testing.T) string {
	t.Helper()
	if url := os.Getenv("TEST_MONGODB_URL"); url != "" {
		return url
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "ferretdb")
	goCmd(t, filepath.Join("..", "testdata", "ferretdb"), nil, "build", "-o", bin, ".")

	cmd := exec.Command(bin, "-dir", filepath.Join(dir, "data"))
	stdin, err := cmd.StdinPipe() // closing it stops the server
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start(), "start FerretDB")
	t.Cleanup(func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("FerretDB: %v\n%s", err, stderr.String())
		}
	})

	uri := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		uri <- strings.TrimSpace(line)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case u := <-uri:
		if !strings.HasPrefix(u, "mongodb://") {
			t.Fatalf("FerretDB did not start: %q\n%s", u, stderr.String())
		}
		return u
	case <-time.After(time.Minute):
		t.Fatalf("FerretDB did not start within a minute\n%s", stderr.String())
		return ""
	}
}

// mailServer starts an embedded Mailpit (an SMTP server whose HTTP API
// reads the mail back, testdata/mailpit) that stops when t ends, and
// returns the environment that points the generated projects' tests at
// it: TEST_SMTP_URL and TEST_MAIL_API_URL. A server that cannot be started
// fails the test.
func mailServer(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "mailpit")
	goCmd(t, filepath.Join("..", "testdata", "mailpit"), nil, "build", "-o", bin, ".")

	cmd := exec.Command(bin, "-dir", filepath.Join(dir, "data"))
	stdin, err := cmd.StdinPipe() // closing it stops the server
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start(), "start Mailpit")
	t.Cleanup(func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("Mailpit: %v\n%s", err, stderr.String())
		}
	})

	urls := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		urls <- strings.TrimSpace(line)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-urls:
		smtpURL, apiURL, ok := strings.Cut(line, " ")
		if !ok || !strings.HasPrefix(smtpURL, "smtp://") || !strings.HasPrefix(apiURL, "http://") {
			t.Fatalf("Mailpit did not start: %q\n%s", line, stderr.String())
		}
		// Mailpit offers no STARTTLS without a certificate.
		return []string{"TEST_SMTP_URL=" + smtpURL + "?starttls=off", "TEST_MAIL_API_URL=" + apiURL}
	case <-time.After(time.Minute):
		t.Fatalf("Mailpit did not start within a minute\n%s", stderr.String())
		return nil
	}
}

// golangciLintVersion is the golangci-lint release the generated
// .golangci.yml is written for; .ci/run installs it.
const golangciLintVersion = "v2.15.0"

// golangciLint finds the golangci-lint binary: GOLANGCI_LINT, or else
// golangci-lint on PATH. When there is none it fails the test if CI is set
// and otherwise returns why the lint step is skipped and how to install
// the linter.
func golangciLint(t *testing.T) (path, missing string) {
	t.Helper()
	install := "go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@" + golangciLintVersion
	if bin := os.Getenv("GOLANGCI_LINT"); bin != "" {
		path, err := exec.LookPath(bin)
		if err != nil {
			t.Fatalf("GOLANGCI_LINT=%s: %v; install the linter with %s", bin, err, install)
		}
		return path, ""
	}
	path, err := exec.LookPath("golangci-lint")
	if err == nil {
		return path, ""
	}
	missing = "golangci-lint is not on PATH and GOLANGCI_LINT is not set, so the generated projects are not linted; install it with " + install
	if os.Getenv("CI") != "" {
		t.Fatal(missing + " (CI is set: the lint step is required)")
	}
	return "", missing
}

// lint runs golangci-lint with the project's own configuration in dir and
// fails the test with its findings. It runs beside any other golangci-lint
// run on the machine (other test packages lint at the same time) instead
// of waiting for their lock.
func lint(t *testing.T, linter, dir string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, linter, "run", "--allow-parallel-runners", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "CGO_ENABLED=0")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("golangci-lint run: %s", time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Errorf("golangci-lint run ./... in generated project: %v\n%s", err, out)
	}
}

// goTest runs the generated project's tests with env added and fails if
// any fails or skips: every case must run all of its tests.
func goTest(t *testing.T, dir string, env []string) {
	t.Helper()
	out, err := runGo(t, dir, env, "test", "-count=1", "-json", "./...")
	failed := err != nil // t.Failed may be true from the lint step
	if failed {
		t.Errorf("go test in generated project: %v", err)
	}
	var output strings.Builder
	for line := range strings.Lines(out) {
		var ev struct{ Action, Package, Test, Output string }
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			output.WriteString(line) // build errors are not events
			continue
		}
		if ev.Action == "skip" && ev.Test != "" {
			t.Errorf("%s: %s skipped", ev.Package, ev.Test)
			failed = true
		}
		output.WriteString(ev.Output)
	}
	if failed {
		t.Logf("test output:\n%s", output.String())
	}
}

// goCmd runs the go command in dir and fails the test with its output if
// it fails.
func goCmd(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	out, err := runGo(t, dir, env, args...)
	if err != nil {
		t.Fatalf("go %s in generated project: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// runGo runs the go command in dir with env added and returns its combined
// output.
func runGo(t *testing.T, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOFLAGS=", "CGO_ENABLED=0"), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	t.Logf("go %s: %s", strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
	return out.String(), err
}

// TestModules checks that the tidied module files of every variant require
// exactly the versions pinned in requirements. With -update-modules it
// first rewrites them by running go mod tidy on a project of each variant.
func TestModules(t *testing.T) {
	// What a project requires depends on its database, on auth and on
	// whether it stores anything, not on its domains' fields.
	artist, err := options.ParseDomain("artist")
	require.NoError(t, err)
	variants := map[string]*Project{}
	for _, db := range options.Databases() {
		for _, auth := range []bool{false, true} {
			for _, domains := range [][]options.Domain{nil, {artist}} {
				p := newProject(options.Project{Name: "variant", Module: "example.com/variant", Database: db, Auth: auth, Domains: domains}, nil)
				variants[moduleVariant(p)] = p
			}
		}
	}
	for v, p := range variants {
		if *updateModules {
			tidyVariant(t, v, p)
		}
		body, err := os.ReadFile(filepath.Join("../templates/modules", v+".mod"))
		require.NoError(t, err, "variant %s has no tidied go.mod (run go test ./generator -run TestModules -update-modules)", v)
		for _, r := range directRequirements(p) {
			want := fmt.Sprintf("\t%s %s", r.Path, r.Version)
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(want) + `( // indirect)?$`).Match(body) {
				t.Errorf("variant %s: go.mod does not require %s %s as pinned (run go test ./generator -run TestModules -update-modules)", v, r.Path, r.Version)
			}
		}
	}
}

var moduleLine = regexp.MustCompile(`^module .*\n`)

func tidyVariant(t *testing.T, variant string, p *Project) {
	files, err := render(p)
	require.NoError(t, err)
	dir := t.TempDir()
	for _, f := range files {
		content := f.Content
		switch f.Path {
		case "go.mod":
			content = pinnedGoMod(p) // tidy from the pins alone
		case "go.sum":
			continue
		}
		require.NoError(t, writeFile(filepath.Join(dir, filepath.FromSlash(f.Path)), content))
	}
	goCmd(t, dir, nil, "mod", "tidy")
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	gosum, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join("../templates/modules", variant+".mod"), moduleLine.ReplaceAll(gomod, nil), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join("../templates/modules", variant+".sum"), gosum, 0o644))
}
