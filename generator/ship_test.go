package generator

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/go-gen/gen/options"
)

// actionlintVersion is the actionlint release the generated workflows are
// checked with; .ci/run installs it.
const actionlintVersion = "v1.7.12"

// TestWorkflowsPassActionlint checks the CI workflow of every golden case
// with actionlint, found through ACTIONLINT or on PATH. Without it the test
// is skipped with a message saying how to install it, unless CI is set.
func TestWorkflowsPassActionlint(t *testing.T) {
	install := "go install github.com/rhysd/actionlint/cmd/actionlint@" + actionlintVersion
	bin := os.Getenv("ACTIONLINT")
	if bin == "" {
		bin = "actionlint"
	}
	path, err := exec.LookPath(bin)
	if err != nil {
		msg := fmt.Sprintf("actionlint not found (%v), so the generated workflows are not checked; install it with %s", err, install)
		if os.Getenv("CI") != "" {
			t.Fatal(msg + " (CI is set: the check is required)")
		}
		t.Skip(msg)
	}
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			workflow := filepath.Join(goldenRoot, c.name, ".github", "workflows", "ci.yml")
			out, err := exec.CommandContext(t.Context(), path, "-no-color", workflow).CombinedOutput()
			if err != nil {
				t.Errorf("actionlint %s: %v\n%s", workflow, err, out)
			}
		})
	}
}

// TestMakefileHelp checks that make help in every golden case lists the
// tasks the README promises.
func TestMakefileHelp(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.CommandContext(t.Context(), "make", "--no-print-directory", "help")
			cmd.Dir = filepath.Join(goldenRoot, c.name)
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "make help: %s", out)
			want := []string{"help", "run", "test", "lint", "build", "docker"}
			if c.project.Database != options.MongoDB {
				want = append(want, "migration")
			}
			for _, target := range want {
				if !strings.Contains(string(out), "  "+target+" ") {
					t.Errorf("make help does not list %s:\n%s", target, out)
				}
			}
		})
	}
}

// dockerfile is what the tests read of a Dockerfile: its stages in order.
type dockerfile struct {
	stages []stage
}

// stage is one FROM of a Dockerfile and the instructions after it, each
// with its continuation lines joined.
type stage struct {
	from         string
	instructions [][2]string // keyword (upper case), arguments
}

// parseDockerfile reads the instructions of a Dockerfile: continuation
// lines joined, comments and blank lines dropped.
func parseDockerfile(t *testing.T, text string) dockerfile {
	t.Helper()
	var d dockerfile
	var logical strings.Builder
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\n")
		trimmed := strings.TrimSpace(line)
		if logical.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if rest, ok := strings.CutSuffix(line, "\\"); ok {
			logical.WriteString(rest)
			continue
		}
		logical.WriteString(line)
		keyword, args, _ := strings.Cut(strings.TrimSpace(logical.String()), " ")
		logical.Reset()
		keyword, args = strings.ToUpper(keyword), strings.TrimSpace(args)
		if keyword == "FROM" {
			d.stages = append(d.stages, stage{from: args})
			continue
		}
		if len(d.stages) == 0 {
			t.Fatalf("Dockerfile: %s before the first FROM", keyword)
		}
		s := &d.stages[len(d.stages)-1]
		s.instructions = append(s.instructions, [2]string{keyword, args})
	}
	return d
}

// all returns the arguments of every instruction of keyword in s.
func (s stage) all(keyword string) []string {
	var args []string
	for _, in := range s.instructions {
		if in[0] == keyword {
			args = append(args, in[1])
		}
	}
	return args
}

// TestDockerfile checks the Dockerfile and compose.yaml of every golden
// case: a build stage making a static binary and a final stage that runs
// it alone, as a non-root user, with a health check needing no shell; and
// a compose stack that builds the app from the Dockerfile.
func TestDockerfile(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(goldenRoot, c.name)
			text, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
			require.NoError(t, err)
			d := parseDockerfile(t, string(text))
			require.GreaterOrEqual(t, len(d.stages), 2, "a multi-stage build")
			build, final := d.stages[0], d.stages[len(d.stages)-1]
			if !strings.HasPrefix(build.from, "golang:1.26 ") {
				t.Errorf("build stage FROM %s, want golang:1.26", build.from)
			}
			if !strings.HasPrefix(final.from, "gcr.io/distroless/static") {
				t.Errorf("final stage FROM %s, want a distroless static image (no shell)", final.from)
			}
			if cmd := buildCommand(t, build); !strings.Contains(cmd, "CGO_ENABLED=0 go build -trimpath") ||
				!strings.Contains(cmd, "-X main.version=${VERSION} -X main.commit=${COMMIT}") {
				t.Errorf("build command %q, want a static, trimmed build stamping the version and commit", cmd)
			}
			if users := final.all("USER"); len(users) != 1 || strings.HasPrefix(users[0], "root") || strings.HasPrefix(users[0], "0") {
				t.Errorf("final stage USER %q, want one non-root user", users)
			}
			if expose := final.all("EXPOSE"); len(expose) != 1 || expose[0] != "8000 9090" {
				t.Errorf("EXPOSE %q, want the API's and the metrics' ports, 8000 9090", expose)
			}
			if hc := final.all("HEALTHCHECK"); len(hc) != 1 || !strings.HasSuffix(hc[0], `CMD ["/server", "-healthcheck"]`) {
				t.Errorf("HEALTHCHECK %q, want the binary's own probe in exec form (no shell)", hc)
			}
			if ep := final.all("ENTRYPOINT"); len(ep) != 1 || ep[0] != `["/server"]` {
				t.Errorf("ENTRYPOINT %q, want [\"/server\"]", ep)
			}
			if len(final.all("RUN")) != 0 {
				t.Errorf("the final stage RUNs %q; it has no shell", final.all("RUN"))
			}

			compose, err := os.ReadFile(filepath.Join(dir, "compose.yaml"))
			require.NoError(t, err)
			if !strings.Contains(string(compose), "  app:\n    build: .\n") {
				t.Errorf("compose.yaml does not build the app from the Dockerfile:\n%s", compose)
			}
			if c.project.Database != options.SQLite && !strings.Contains(string(compose), "condition: service_healthy") {
				t.Errorf("compose.yaml does not wait for the database's health:\n%s", compose)
			}
		})
	}
}

// buildCommand returns the command of the RUN of s that builds the server,
// without the RUN's own flags (--mount=...).
func buildCommand(t *testing.T, s stage) string {
	t.Helper()
	for _, run := range s.all("RUN") {
		if !strings.Contains(run, "go build") {
			continue
		}
		fields := strings.Fields(run)
		for len(fields) > 0 && strings.HasPrefix(fields[0], "--") {
			run = strings.TrimSpace(strings.TrimPrefix(run, fields[0]))
			fields = fields[1:]
		}
		return run
	}
	t.Fatal("no RUN of the build stage runs go build")
	return ""
}

// nonrootID is the uid and gid of the nonroot user of the distroless
// images.
const nonrootID = 65532

// TestDockerImageRuns builds the server of the SQLite case with the
// Dockerfile's build command, exactly as written, and lays out what the
// final stage holds in an otherwise empty root directory: the binary, the
// data directory and the environment. The binary must serve, and answer
// its own -healthcheck, chrooted there as the image's non-root user: proof
// that the image needs nothing else. Without a container engine this is
// the closest check of the image; it needs root for chroot.
func TestDockerImageRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("building the server takes minutes; run without -short")
	}
	if os.Geteuid() != 0 {
		t.Skip("chroot needs root; run as root to check the image's contents")
	}
	const name = "sqlite-auth"
	src := t.TempDir()
	for path, content := range readTree(t, filepath.Join(goldenRoot, name)) {
		require.NoError(t, writeFile(filepath.Join(src, filepath.FromSlash(path)), []byte(content)))
	}
	text, err := os.ReadFile(filepath.Join(src, "Dockerfile"))
	require.NoError(t, err)
	d := parseDockerfile(t, string(text))
	build, final := d.stages[0], d.stages[len(d.stages)-1]

	// The build stage: its ARGs with their defaults, then the command.
	env := append(os.Environ(), "GOFLAGS=")
	for _, arg := range build.all("ARG") {
		env = append(env, arg)
	}
	cmd := exec.CommandContext(t.Context(), "sh", "-c", buildCommand(t, build))
	cmd.Dir, cmd.Env = src, env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "the Dockerfile's build command: %s", out)
	t.Logf("build command: %s", time.Since(start).Round(time.Millisecond))

	// The final stage: what it copies from the build stage, its
	// environment and its user.
	root := t.TempDir()
	var binary string
	for _, cp := range final.all("COPY") {
		fields := strings.Fields(cp)
		chown := slices.ContainsFunc(fields, func(f string) bool { return strings.HasPrefix(f, "--chown=nonroot") })
		from, to := fields[len(fields)-2], fields[len(fields)-1]
		target := filepath.Join(root, to)
		if rel, ok := strings.CutPrefix(from, "/src/"); ok {
			content, err := os.ReadFile(filepath.Join(src, rel))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(target, content, 0o755))
			binary = to
		} else {
			require.NoError(t, os.MkdirAll(target, 0o755)) // a directory the build stage made
		}
		if chown {
			require.NoError(t, os.Chown(target, nonrootID, nonrootID))
		}
	}
	require.Equal(t, []string{`["` + binary + `"]`}, final.all("ENTRYPOINT"), "the entrypoint is the binary copied")
	var imageEnv []string
	for _, e := range final.all("ENV") {
		imageEnv = append(imageEnv, strings.Fields(e)...)
	}
	entries, err := os.ReadDir(root)
	require.NoError(t, err)
	t.Logf("the image's root holds %d entries", len(entries))

	// docker run -e overrides: free ports on loopback, and the secret
	// production requires.
	apiAddr, metricsAddr := freeAddr(t), freeAddr(t)
	runEnv := append(slices.Clone(imageEnv), "HTTP_ADDR="+apiAddr, "METRICS_ADDR="+metricsAddr,
		"JWT_SECRET=a-secret-of-at-least-thirty-two-bytes")
	inRoot := func(ctx context.Context, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, binary, args...)
		cmd.Env, cmd.Dir = runEnv, "/"
		cmd.SysProcAttr = &syscall.SysProcAttr{
			Chroot:     root,
			Credential: &syscall.Credential{Uid: nonrootID, Gid: nonrootID},
		}
		return cmd
	}

	server := inRoot(context.Background())
	var logs strings.Builder
	server.Stdout, server.Stderr = &logs, &logs
	require.NoError(t, server.Start())
	exited := make(chan error, 1)
	go func() { exited <- server.Wait() }()
	defer func() {
		_ = server.Process.Kill()
	}()

	health := "http://" + apiAddr + "/api/v1/health"
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(health)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("the server exited in its empty root: %v\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s never answered 200 (%v)\n%s", health, err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if out, err := inRoot(t.Context(), "-healthcheck").CombinedOutput(); err != nil {
		t.Errorf("-healthcheck in the image's root: %v\n%s", err, out)
	}
	res, err := http.Get("http://" + metricsAddr + "/metrics")
	require.NoError(t, err)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET /metrics on the metrics address = %d, want 200", res.StatusCode)
	}

	require.NoError(t, server.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("the server after SIGTERM: %v, want exit 0\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not stop after SIGTERM\n%s", logs.String())
	}
	if _, err := os.Stat(filepath.Join(root, "data", "shop.db")); err != nil {
		t.Errorf("the database is not in the data directory: %v", err)
	}
	// With the server gone the probe fails: it can tell.
	if out, err := inRoot(t.Context(), "-healthcheck").CombinedOutput(); err == nil {
		t.Errorf("-healthcheck with no server succeeded: %s", out)
	}
	if t.Failed() {
		t.Logf("server log:\n%s", logs.String())
	}
}

// freeAddr returns a loopback address with a port free at the time.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}
