package generator

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var updateModules = flag.Bool("update-modules", false, "tidy a project of every module variant and rewrite templates/modules")

// TestCompileGolden writes every golden case to a temporary directory and
// proves it is a working project: tidy, building, vetted, and passing its
// own tests. It shares the go command's build and module caches, so only
// the first case compiles the dependencies.
func TestCompileGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("compiling generated projects takes minutes; run without -short")
	}
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for path, content := range readTree(t, filepath.Join(goldenRoot, c.name)) {
				require.NoError(t, writeFile(filepath.Join(dir, filepath.FromSlash(path)), []byte(content)))
			}
			for _, args := range [][]string{
				{"mod", "tidy", "-diff"},
				{"build", "./..."},
				{"vet", "./..."},
				{"test", "-count=1", "./..."},
			} {
				goCmd(t, dir, args...)
			}
		})
	}
}

// goCmd runs the go command in dir and fails the test with its output if
// it fails.
func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "CGO_ENABLED=0")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("go %s in generated project: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	t.Logf("go %s: %s", strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
	return out.String()
}

// TestModules checks that the tidied module files of every variant require
// exactly the versions pinned in requirements. With -update-modules it
// first rewrites them by running go mod tidy on a project of each variant.
func TestModules(t *testing.T) {
	variants := map[string]*Project{}
	for _, c := range goldenCases {
		p := newProject(c.options(t), nil)
		v := moduleVariant(p)
		if prev, ok := variants[v]; !ok || len(p.Domains) > len(prev.Domains) {
			variants[v] = p
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
	goCmd(t, dir, "mod", "tidy")
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	gosum, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join("../templates/modules", variant+".mod"), moduleLine.ReplaceAll(gomod, nil), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join("../templates/modules", variant+".sum"), gosum, 0o644))
}
