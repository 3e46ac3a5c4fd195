package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-gen/gen/generator"
	"github.com/go-gen/gen/options"
)

// isolateGit makes git see no configuration but the test's own: no system
// or global config, no identity, and no repository above root. withIdentity
// gives git an author and committer through the environment.
func isolateGit(t *testing.T, root string, withIdentity bool) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	home := t.TempDir()
	global := filepath.Join(home, "gitconfig")
	require.NoError(t, os.WriteFile(global, nil, 0o644))
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", global)
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(root))
	// The identity variables git reads besides its config.
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	if withIdentity {
		t.Setenv("GIT_AUTHOR_NAME", "Ada Lovelace")
		t.Setenv("GIT_AUTHOR_EMAIL", "ada@example.com")
		t.Setenv("GIT_COMMITTER_NAME", "Ada Lovelace")
		t.Setenv("GIT_COMMITTER_EMAIL", "ada@example.com")
	}
}

// writeProject generates a project into dir as gen new does and returns
// the paths of its files.
func writeProject(t *testing.T, dir string) []string {
	t.Helper()
	p := options.Project{Name: "shop", Module: "example.com/shop", Database: options.SQLite, Auth: true}
	d, err := options.ParseDomain("artist name:string")
	require.NoError(t, err)
	p.Domains = append(p.Domains, d)
	plan, err := generator.New(p, generator.Config{Version: "test"})
	require.NoError(t, err)
	require.NoError(t, generator.Write(plan, dir, generator.WriteOptions{}))
	var paths []string
	for _, f := range plan.Files {
		paths = append(paths, f.Path)
	}
	paths = append(paths, "gen.yaml")
	slices.Sort(paths)
	return slices.Compact(paths)
}

// gitOutput runs git in dir for a test and returns its trimmed output.
func gitOutput(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func TestInitGit(t *testing.T) {
	const message = "Generate shop with gen"
	tests := []struct {
		name string
		// setup prepares the environment and returns the project directory.
		setup func(t *testing.T) string
		want  gitResult
		// repo is whether the project directory gets a .git of its own.
		repo bool
	}{
		{
			name: "identity",
			setup: func(t *testing.T) string {
				dir := filepath.Join(t.TempDir(), "shop")
				isolateGit(t, dir, true)
				return dir
			},
			want: gitResult{Initialized: true, Committed: true},
			repo: true,
		},
		{
			name: "no identity",
			setup: func(t *testing.T) string {
				dir := filepath.Join(t.TempDir(), "shop")
				isolateGit(t, dir, false)
				return dir
			},
			want: gitResult{Initialized: true, Note: noteNoIdentity},
			repo: true,
		},
		{
			name: "inside a repository",
			setup: func(t *testing.T) string {
				root := t.TempDir()
				isolateGit(t, root, true)
				_, err := gitOutput(t, root, "init", "-q")
				require.NoError(t, err)
				return filepath.Join(root, "services", "shop")
			},
			want: gitResult{Note: noteInsideRepo},
		},
		{
			name: "no git",
			setup: func(t *testing.T) string {
				dir := filepath.Join(t.TempDir(), "shop")
				isolateGit(t, dir, true)
				t.Setenv("PATH", t.TempDir())
				return dir
			},
			want: gitResult{Note: noteNoGit},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.setup(t)
			files := writeProject(t, dir)

			got := initGit(context.Background(), dir, message)
			assert.Equal(t, tt.want, got, "initGit(%q)", dir)

			_, err := os.Stat(filepath.Join(dir, ".git"))
			if !tt.repo {
				assert.ErrorIs(t, err, os.ErrNotExist, "the project has a .git of its own")
				return
			}
			require.NoError(t, err, "the project has no .git")
			// Every generated file is added, whether committed or not.
			tracked, err := gitOutput(t, dir, "ls-files")
			require.NoError(t, err, tracked)
			assert.Equal(t, files, strings.Split(tracked, "\n"), "git ls-files")
			log, err := gitOutput(t, dir, "log", "--format=%s")
			if !tt.want.Committed {
				assert.Error(t, err, "git log shows commits: %s", log)
				return
			}
			require.NoError(t, err, log)
			assert.Equal(t, message, log, "git log: one commit with the message")
			status, err := gitOutput(t, dir, "status", "--porcelain")
			require.NoError(t, err, status)
			assert.Empty(t, status, "git status --porcelain")
		})
	}
}

// A cancelled context stops git, and initGit still returns a result rather
// than an error or a panic.
func TestInitGitCancelled(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	isolateGit(t, dir, true)
	writeProject(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	got := initGit(ctx, dir, "first")
	assert.False(t, got.Committed, "committed despite the cancelled context")
	assert.Equal(t, "git init failed: context canceled", got.Note)
}

func TestGitMessage(t *testing.T) {
	tests := []struct {
		stderr string
		want   string
	}{
		{"", ""},
		{"fatal: not a git repository (or any of the parent directories): .git\n", "not a git repository (or any of the parent directories): .git"},
		{"hint: Using 'master' as the name for the initial branch.\nhint: more\nerror: could not lock config file.\n", "could not lock config file"},
		{"Author identity unknown\n\n*** Please tell me who you are.\n\nfatal: no email was given and auto-detection is disabled\n", "no email was given and auto-detection is disabled"},
		{"lint failed.\nsecond line\n", "lint failed"},
	}
	for _, tt := range tests {
		if got := gitMessage(tt.stderr); got != tt.want {
			t.Errorf("gitMessage(%q) = %q, want %q", tt.stderr, got, tt.want)
		}
	}
}

func TestGitEnv(t *testing.T) {
	got := gitEnv([]string{"PATH=/bin", "GIT_DIR=/elsewhere/.git", "GIT_WORK_TREE=/elsewhere", "GIT_INDEX_FILE=/x", "GIT_TERMINAL_PROMPT=1", "GIT_AUTHOR_NAME=Ada"})
	assert.Equal(t, []string{"PATH=/bin", "GIT_AUTHOR_NAME=Ada", "GIT_TERMINAL_PROMPT=0"}, got)
}
