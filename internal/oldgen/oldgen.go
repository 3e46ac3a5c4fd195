// Package oldgen renders a project as the gen version recorded in its
// manifest generated it: the base of gen upgrade's three-way merge.
//
// It runs that version's own binary — one given by path (gen upgrade
// --from), or one the go command installs for the version from the Go
// module proxy into a temporary GOBIN — as gen new with the manifest's
// options and domains, into a temporary directory, and reads back every
// file that gen new recorded in its own manifest.
package oldgen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/go-gen/gen/generator"
	"github.com/go-gen/gen/options"
)

// Package is gen's main package, as go install names it.
const Package = "github.com/go-gen/gen/cmd/gen"

// Render renders the project m describes with the gen version m records:
// the binary from when it is not empty, or else the one the go command
// installs for that version. It returns every file that gen wrote, by
// slash-separated path, its gen.yaml left out. A binary that is not the
// recorded version, or a version that cannot be obtained, is an
// *options.Error that says how to pass the right binary.
func Render(ctx context.Context, m *generator.Manifest, from string) (map[string][]byte, error) {
	tmp, err := os.MkdirTemp("", "gen-upgrade-*")
	if err != nil {
		return nil, fmt.Errorf("render the base: %w", err)
	}
	defer os.RemoveAll(tmp)
	bin := from
	if bin == "" {
		if bin, err = install(ctx, m.Gen, filepath.Join(tmp, "bin")); err != nil {
			return nil, err
		}
	} else if err := checkVersion(ctx, bin, m.Gen); err != nil {
		return nil, err
	}
	return renderWith(ctx, bin, m, filepath.Join(tmp, "project"))
}

// install installs gen at version with the go command into gobin and
// returns the path of the binary. The go command's environment (GOPROXY,
// GOFLAGS, GONOSUMDB, …) is the user's.
func install(ctx context.Context, version, gobin string) (string, error) {
	pass := fmt.Sprintf("pass the gen binary of version %s with --from PATH", version)
	if !generator.Downloadable(version) {
		return "", &options.Error{Msg: fmt.Sprintf("%s records gen %s, a build the Go module proxy cannot provide; pass the gen binary that generated the project with --from PATH", generator.ManifestFile, version)}
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", &options.Error{Msg: fmt.Sprintf("gen upgrade needs gen %s, and the go command that would install it is not on PATH; %s", version, pass)}
	}
	cmd := exec.CommandContext(ctx, goBin, "install", Package+"@"+version)
	cmd.Dir = filepath.Dir(gobin)
	cmd.Env = append(os.Environ(), "GOBIN="+gobin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", &options.Error{Msg: fmt.Sprintf("go install %s@%s failed (%s); %s", Package, version, gist(out.String(), err), pass)}
	}
	return filepath.Join(gobin, binaryName()), nil
}

// checkVersion makes sure the binary bin is gen at version: merging
// against another version's render would take its differences for the
// user's edits.
func checkVersion(ctx context.Context, bin, version string) error {
	out, err := exec.CommandContext(ctx, bin, "version").Output()
	if err != nil {
		return &options.Error{Msg: fmt.Sprintf("--from %s: cannot run it as gen version (%s); pass the gen binary that generated the project", bin, gist(string(out), err))}
	}
	first, _, _ := strings.Cut(string(out), "\n")
	got, ok := strings.CutPrefix(strings.TrimSpace(first), "gen ")
	if !ok {
		return &options.Error{Msg: fmt.Sprintf("--from %s does not look like gen: gen version printed %q", bin, first)}
	}
	if got != version {
		return &options.Error{Msg: fmt.Sprintf("--from %s is gen %s, but %s records gen %s; pass the gen binary that generated the project", bin, got, generator.ManifestFile, version)}
	}
	return nil
}

// renderWith runs bin's gen new for the project m describes into dir and
// reads back the files it wrote.
func renderWith(ctx context.Context, bin string, m *generator.Manifest, dir string) (map[string][]byte, error) {
	args := []string{"new", m.Name, "--module", m.Module, "--db", string(m.Database), "--output", dir, "--yes"}
	if !m.Auth {
		args = append(args, "--no-auth")
	}
	for _, d := range m.Domains {
		args = append(args, "--domain", d.Spec)
	}
	// gen new makes the project a git repository unless told not to; the
	// versions without --git did not.
	help, err := exec.CommandContext(ctx, bin, "new", "--help").Output()
	if err == nil && bytes.Contains(help, []byte("--git")) {
		args = append(args, "--git=false")
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("render the project as gen %s did: %s %s: %v\n%s", m.Gen, bin, strings.Join(args, " "), err, strings.TrimSpace(out.String()))
	}
	raw, err := os.ReadFile(filepath.Join(dir, generator.ManifestFile))
	if err != nil {
		return nil, fmt.Errorf("render the project as gen %s did: %w", m.Gen, err)
	}
	rendered, err := generator.ParseManifest(raw)
	if err != nil {
		return nil, fmt.Errorf("render the project as gen %s did: %w", m.Gen, err)
	}
	files := make(map[string][]byte, len(rendered.Files))
	for p := range rendered.Files {
		content, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("render the project as gen %s did: %w", m.Gen, err)
		}
		files[p] = content
	}
	return files, nil
}

// binaryName is the name go install gives gen's binary.
func binaryName() string {
	if runtime.GOOS == "windows" {
		return "gen.exe"
	}
	return "gen"
}

// gist is the gist of a failed command's output: its last line that is not
// a progress report, with the indented lines that follow it, or else err.
func gist(out string, err error) string {
	var msg []string
	for line := range strings.Lines(out) {
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "go: downloading "):
		case strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " "):
			if len(msg) > 0 {
				msg = append(msg, strings.TrimSpace(line))
			}
		default:
			msg = []string{strings.TrimSpace(line)}
		}
	}
	if len(msg) == 0 {
		return err.Error()
	}
	return strings.Join(msg, " ")
}
