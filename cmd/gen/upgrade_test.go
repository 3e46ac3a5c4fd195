package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"

	"github.com/go-gen/gen/generator"
)

// The upgrade scripts (testdata/upgrade) upgrade projects made by gens of
// this repository's own history: gen built from an earlier commit stands in
// for a release users have. oldCommit is the gen the scripts upgrade from
// (both as a binary given with --from and as a module version served by a
// module proxy); olderCommit is an earlier one whose templates differ from
// today's in known places (c36ea7d dropped documentErrorMedia from the
// handler package), so the scripts can show a template change merged into
// edited files and conflicting with an edit.
const (
	oldCommit   = "c36ea7d"
	olderCommit = "3424521"
)

// currentVersion is the version the scripts' gen claims, as a release
// build would: newer than every commit of the history.
const currentVersion = "v0.1.0"

// TestUpgradeScripts runs testdata/upgrade: old gen → gen new → edits →
// gen upgrade → the project builds, vets, lints and passes its tests on
// SQLite, PostgreSQL and MongoDB. It needs the repository's history (a
// clone made without --depth): a missing commit fails the test.
func TestUpgradeScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("upgrades and builds generated projects; run without -short")
	}
	work := t.TempDir()
	old := buildOldGen(t, oldCommit, work)
	older := buildOldGen(t, olderCommit, work)
	proxy := moduleProxy(t, old, filepath.Join(work, "proxy"))
	machine := goEnv(t, "GOCACHE", "GOMODCACHE", "GOPROXY", "GOFLAGS", "GONOSUMDB", "GOTOOLCHAIN")
	var mongo struct {
		once sync.Once
		url  string
		stop func() error
		err  error
	}
	var mail struct {
		once sync.Once
		env  []string
		stop func() error
		err  error
	}
	t.Cleanup(func() {
		for _, stop := range []func() error{mongo.stop, mail.stop} {
			if stop != nil {
				if err := stop(); err != nil {
					t.Error(err)
				}
			}
		}
	})
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/upgrade",
		RequireExplicitExec: true,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"exitcode": cmdExitcode,
			"replace":  cmdReplace,
			"lint":     cmdLint,
			"rendered": cmdRendered,
			// mongodb points TEST_DATABASE_URL at a MongoDB server, started
			// for the first script that asks.
			"mongodb": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 0 {
					ts.Fatalf("usage: mongodb")
				}
				mongo.once.Do(func() { mongo.url, mongo.stop, mongo.err = mongoServer(filepath.Join(work, "mongodb")) })
				if mongo.err != nil {
					ts.Fatalf("%v", mongo.err)
				}
				ts.Setenv("TEST_DATABASE_URL", mongo.url)
			},
			// mailpit points TEST_SMTP_URL and TEST_MAIL_API_URL at an SMTP
			// server whose API reads the mail back, started for the first
			// script that asks.
			"mailpit": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 0 {
					ts.Fatalf("usage: mailpit")
				}
				mail.once.Do(func() { mail.env, mail.stop, mail.err = mailServer(filepath.Join(work, "mailpit")) })
				if mail.err != nil {
					ts.Fatalf("%v", mail.err)
				}
				for _, kv := range mail.env {
					k, v, _ := strings.Cut(kv, "=")
					ts.Setenv(k, v)
				}
			},
		},
		Setup: func(env *testscript.Env) error {
			for k, v := range machine {
				env.Setenv(k, v)
			}
			env.Setenv("GEN_TEST_VERSION", currentVersion)
			env.Setenv("OLDGEN", old.bin)
			env.Setenv("OLDGEN_VERSION", old.version)
			env.Setenv("OLDERGEN", older.bin)
			env.Setenv("OLDERGEN_VERSION", older.version)
			// The module proxy path: the old gen as a module version in a
			// file-system proxy, everything else from the usual proxy.
			env.Setenv("PROXY_WITH_OLDGEN", "file://"+filepath.ToSlash(proxy)+","+machine["GOPROXY"])
			env.Setenv("TEST_DATABASE_URL", postgresTestURL(t))
			// Git sees the script's identity and no other configuration.
			env.Setenv("HOME", env.WorkDir)
			env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			env.Setenv("GIT_CEILING_DIRECTORIES", env.WorkDir)
			env.Setenv("GIT_AUTHOR_NAME", "Ada")
			env.Setenv("GIT_AUTHOR_EMAIL", "ada@example.com")
			env.Setenv("GIT_COMMITTER_NAME", "Ada")
			env.Setenv("GIT_COMMITTER_EMAIL", "ada@example.com")
			return nil
		},
	})
}

// goEnv returns the go command's values of keys on this machine.
func goEnv(t *testing.T, keys ...string) map[string]string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"env", "-json"}, keys...)...).Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	env := map[string]string{}
	if err := json.Unmarshal(out, &env); err != nil {
		t.Fatalf("go env -json: %v", err)
	}
	return env
}

// oldGen is gen built from a commit of the repository's history.
type oldGen struct {
	commit  string
	version string // the pseudo-version go install gives that commit
	src     string // the commit's tree
	bin     string
}

// buildOldGen builds gen at commit, stamped with the commit's
// pseudo-version as go install would stamp it. The go command's build cache
// makes every build after the first take seconds.
func buildOldGen(t *testing.T, commit, work string) oldGen {
	t.Helper()
	if _, err := git("cat-file", "-e", commit+"^{commit}"); err != nil {
		t.Fatalf("commit %s is not in this clone (%v); the upgrade tests build gen from the repository's history, so clone it whole (without --depth)", commit, err)
	}
	full, err := git("rev-parse", commit+"^{commit}")
	if err != nil {
		t.Fatal(err)
	}
	stamp, err := git("show", "-s", "--format=%cd", "--date=format-local:%Y%m%d%H%M%S", commit)
	if err != nil {
		t.Fatal(err)
	}
	g := oldGen{
		commit:  commit,
		version: "v0.0.0-" + stamp + "-" + full[:12],
		src:     filepath.Join(work, "src-"+commit),
		bin:     filepath.Join(work, "bin-"+commit, "gen"),
	}
	extractCommit(t, full, g.src)
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-X main.version="+g.version, "-o", g.bin, "./cmd/gen")
	cmd.Dir = g.src
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build gen at %s: %v\n%s", commit, err, out)
	}
	return g
}

// git runs git in the repository and returns its trimmed output, in UTC.
func git(args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

// extractCommit writes the tree of commit into dir (git archive).
func extractCommit(t *testing.T, commit, dir string) {
	t.Helper()
	top, err := git("rev-parse", "--show-toplevel")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "-C", top, "archive", "--format=tar", commit)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(out)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("git archive %s: %v", commit, err)
		}
		name := filepath.Join(dir, filepath.FromSlash(h.Name))
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(name, 0o755)
		case tar.TypeReg:
			var content []byte
			if content, err = io.ReadAll(tr); err == nil {
				if err = os.MkdirAll(filepath.Dir(name), 0o755); err == nil {
					err = os.WriteFile(name, content, os.FileMode(h.Mode).Perm())
				}
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("git archive %s: %v", commit, err)
	}
}

// moduleProxy lays out a file-system module proxy (GOPROXY=file://dir)
// serving the module github.com/go-gen/gen at g's pseudo-version, made
// from g's tree as the Go module proxy would make it.
func moduleProxy(t *testing.T, g oldGen, dir string) string {
	t.Helper()
	v := module.Version{Path: "github.com/go-gen/gen", Version: g.version}
	at := filepath.Join(dir, "github.com", "go-gen", "gen", "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	var zip bytes.Buffer
	if err := modzip.CreateFromDir(&zip, v, g.src); err != nil {
		t.Fatalf("module zip of %s: %v", g.commit, err)
	}
	gomod, err := os.ReadFile(filepath.Join(g.src, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	when, err := module.PseudoVersionTime(g.version)
	if err != nil {
		t.Fatal(err)
	}
	info, err := json.Marshal(struct {
		Version string
		Time    time.Time
	}{g.version, when})
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{
		"list":              []byte(g.version + "\n"),
		g.version + ".info": info,
		g.version + ".mod":  gomod,
		g.version + ".zip":  zip.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(at, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// postgresTestURL is the PostgreSQL server the scripts' projects test
// against: TEST_DATABASE_URL, or the local server .ci/run starts. A server
// that does not answer fails the test.
func postgresTestURL(t *testing.T) string {
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		url = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	u, err := neturl.Parse(url)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		t.Fatalf("PostgreSQL at %s does not answer (%v); start it (.ci/run shows how) or set TEST_DATABASE_URL", u.Host, err)
	}
	conn.Close()
	return url
}

// mongoServer returns TEST_MONGODB_URL or else starts the embedded
// FerretDB of testdata/ferretdb (a MongoDB wire-protocol server) with its
// files in dir, and a function that stops it.
func mongoServer(dir string) (url string, stop func() error, err error) {
	if url := os.Getenv("TEST_MONGODB_URL"); url != "" {
		return url, nil, nil
	}
	bin := filepath.Join(dir, "ferretdb")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..", "testdata", "ferretdb")
	if out, err := build.CombinedOutput(); err != nil {
		return "", nil, fmt.Errorf("build FerretDB: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-dir", filepath.Join(dir, "data"))
	stdin, err := cmd.StdinPipe() // closing it stops the server
	if err != nil {
		return "", nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start FerretDB: %w", err)
	}
	stop = func() error {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			return fmt.Errorf("FerretDB: %v\n%s", err, stderr.String())
		}
		return nil
	}
	uri := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		uri <- strings.TrimSpace(line)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case u := <-uri:
		if !strings.HasPrefix(u, "mongodb://") {
			_ = stop()
			return "", nil, fmt.Errorf("FerretDB did not start: %q\n%s", u, stderr.String())
		}
		return u, stop, nil
	case <-time.After(time.Minute):
		_ = stop()
		return "", nil, fmt.Errorf("FerretDB did not start within a minute\n%s", stderr.String())
	}
}

// mailServer starts the embedded Mailpit of testdata/mailpit (an SMTP
// server whose HTTP API reads the mail back) with its files in dir, and
// returns the environment that points generated tests at it and a
// function that stops it.
func mailServer(dir string) (env []string, stop func() error, err error) {
	bin := filepath.Join(dir, "mailpit")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..", "testdata", "mailpit")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, nil, fmt.Errorf("build Mailpit: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-dir", filepath.Join(dir, "data"))
	stdin, err := cmd.StdinPipe() // closing it stops the server
	if err != nil {
		return nil, nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("start Mailpit: %w", err)
	}
	stop = func() error {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			return fmt.Errorf("Mailpit: %v\n%s", err, stderr.String())
		}
		return nil
	}
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
			_ = stop()
			return nil, nil, fmt.Errorf("Mailpit did not start: %q\n%s", line, stderr.String())
		}
		// Mailpit offers no STARTTLS without a certificate.
		return []string{"TEST_SMTP_URL=" + smtpURL + "?starttls=off", "TEST_MAIL_API_URL=" + apiURL}, stop, nil
	case <-time.After(time.Minute):
		_ = stop()
		return nil, nil, fmt.Errorf("Mailpit did not start within a minute\n%s", stderr.String())
	}
}

// cmdLint runs golangci-lint (GOLANGCI_LINT, or on PATH) with the
// project's own configuration in the current directory. Without the
// linter it logs why and passes, unless CI is set.
//
//	lint
func cmdLint(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: lint")
	}
	bin := os.Getenv("GOLANGCI_LINT")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("golangci-lint"); err != nil {
			if os.Getenv("CI") != "" {
				ts.Fatalf("golangci-lint is not on PATH and GOLANGCI_LINT is not set (CI is set: the lint step is required)")
			}
			ts.Logf("golangci-lint is not on PATH and GOLANGCI_LINT is not set: not linted")
			return
		}
	}
	// It runs beside the compile test's lint runs instead of waiting for
	// their lock; on a busy machine that can take long.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "run", "--allow-parallel-runners", "./...")
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = append(os.Environ(), "GOFLAGS=", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		ts.Fatalf("golangci-lint run ./...: %v\n%s", err, out)
	}
}

// cmdRendered checks that the project in the current directory is what
// this gen generates, as the project FRESH that gen new made with the same
// options shows: gen.yaml records the same gen version and, for every file
// of FRESH, the same hash, and every file but the EDITED ones has FRESH's
// bytes.
//
//	rendered FRESH [EDITED...]
func cmdRendered(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: rendered FRESH [EDITED...]")
	}
	read := func(dir string) *generator.Manifest {
		raw, err := os.ReadFile(filepath.Join(dir, generator.ManifestFile))
		ts.Check(err)
		m, err := generator.ParseManifest(raw)
		ts.Check(err)
		return m
	}
	fresh, project := ts.MkAbs(args[0]), ts.MkAbs(".")
	want, got := read(fresh), read(project)
	if got.Gen != want.Gen {
		ts.Fatalf("gen.yaml records gen %s, want %s", got.Gen, want.Gen)
	}
	edited := map[string]bool{}
	for _, p := range args[1:] {
		edited[p] = true
	}
	// Migrations are matched by name without their id: one gen adds later
	// gets the next free id, and one the project had keeps its id and its
	// text, as databases have applied it.
	const migrations = "internal/database/migrations/"
	migrationNames := map[string]bool{}
	for p := range got.Files {
		if rest, ok := strings.CutPrefix(p, migrations); ok {
			_, name, _ := strings.Cut(rest, "_")
			migrationNames[name] = true
		}
	}
	for p, h := range want.Files {
		if rest, ok := strings.CutPrefix(p, migrations); ok {
			if _, name, _ := strings.Cut(rest, "_"); !migrationNames[name] {
				ts.Fatalf("gen.yaml records no migration %s (gen new's %s)", name, p)
			}
			continue
		}
		if got.Files[p] != h {
			ts.Fatalf("gen.yaml records %s as %q, want %q (gen new's)", p, got.Files[p], h)
		}
		if edited[p] {
			continue
		}
		a, err := os.ReadFile(filepath.Join(project, filepath.FromSlash(p)))
		ts.Check(err)
		b, err := os.ReadFile(filepath.Join(fresh, filepath.FromSlash(p)))
		ts.Check(err)
		if !bytes.Equal(a, b) {
			ts.Fatalf("%s differs from gen new's", p)
		}
	}
}
