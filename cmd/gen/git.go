package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// gitResult says what gen new did with git, for the summary it prints.
type gitResult struct {
	Initialized bool   // git init ran in the project directory
	Committed   bool   // the first commit was made
	Note        string // why not (one lower-case sentence, no trailing period), "" when Committed
}

// Notes of gitResult that tests and scripts check word for word.
const (
	noteNoGit      = "git is not installed"
	noteInsideRepo = "the directory is inside a git repository already"
	noteNoIdentity = "git has no user identity; set user.name and user.email, then git commit"
)

// initGit makes dir, a freshly generated project, a git repository with
// every file in a first commit whose message is message. It does nothing
// when dir is inside a work tree already, so a project generated into a
// monorepo is not a nested repository.
//
// Git is a convenience here, never a reason to fail: initGit returns no
// error and reports in the result's Note what it did not do and why. Git
// never prompts (no standard input, GIT_TERMINAL_PROMPT=0) and its output
// never reaches the user; a note quotes one line of it at most.
func initGit(ctx context.Context, dir, message string) gitResult {
	bin, err := exec.LookPath("git")
	if err != nil {
		return gitResult{Note: noteNoGit}
	}
	g := gitRunner{ctx: ctx, bin: bin, dir: dir, env: gitEnv(os.Environ())}
	// rev-parse fails outside a repository; only its "true" counts.
	if out, err := g.run("rev-parse", "--is-inside-work-tree"); err == nil && strings.TrimSpace(out) == "true" {
		return gitResult{Note: noteInsideRepo}
	}
	if _, err := g.run("init", "-q"); err != nil {
		return gitResult{Note: fmt.Sprintf("git init failed: %v", err)}
	}
	res := gitResult{Initialized: true}
	if _, err := g.run("add", "-A"); err != nil {
		res.Note = fmt.Sprintf("git add failed: %v; fix that, then git add -A and git commit", err)
		return res
	}
	// Git would guess an identity from the user and host names and warn
	// about it, but the warning would be swallowed here and the guess
	// (root@host.(none) and the like) end up in the project's history;
	// user.useConfigOnly makes the commit fail instead, and the note says
	// what to set.
	if _, err := g.run("-c", "user.useConfigOnly=true", "commit", "-q", "-m", message); err != nil {
		if !g.hasIdentity() {
			res.Note = noteNoIdentity
		} else {
			res.Note = fmt.Sprintf("git commit failed: %v; fix that, then git commit", err)
		}
		return res
	}
	res.Committed = true
	return res
}

// gitRunner runs git commands in one directory.
type gitRunner struct {
	ctx context.Context
	bin string
	dir string
	env []string
}

// run runs git with args in the runner's directory and returns its
// standard output. On failure the error is the gist of git's standard
// error (see gitMessage), or why git could not run or was stopped.
func (g gitRunner) run(args ...string) (string, error) {
	cmd := exec.CommandContext(g.ctx, g.bin, append([]string{"-C", g.dir}, args...)...)
	cmd.Env = g.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctxErr := g.ctx.Err(); ctxErr != nil {
			return "", ctxErr
		}
		if msg := gitMessage(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return stdout.String(), nil
}

// hasIdentity reports whether git knows both the author and the committer
// without guessing them.
func (g gitRunner) hasIdentity() bool {
	for _, v := range []string{"GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"} {
		if _, err := g.run("-c", "user.useConfigOnly=true", "var", v); err != nil {
			return false
		}
	}
	return true
}

// gitMessage picks the line of git's standard error worth quoting: the
// first "fatal:" or "error:" line, else the first line that is not a hint,
// without its prefix and trailing period.
func gitMessage(stderr string) string {
	var first string
	for _, line := range strings.Split(stderr, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "hint:") {
			continue
		}
		if msg, ok := cutAny(line, "fatal: ", "error: "); ok {
			return strings.TrimSuffix(msg, ".")
		}
		if first == "" {
			first = strings.TrimSuffix(line, ".")
		}
	}
	return first
}

// cutAny returns s without the first of prefixes it starts with.
func cutAny(s string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if after, ok := strings.CutPrefix(s, p); ok {
			return after, true
		}
	}
	return s, false
}

// gitEnv returns environ for git: without the variables that point git at
// another repository (set when gen runs from a git hook or alias, they
// would make git act on that repository instead of the project), and with
// prompting for credentials off.
func gitEnv(environ []string) []string {
	env := make([]string, 0, len(environ)+1)
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
			"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_PREFIX",
			"GIT_TERMINAL_PROMPT":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GIT_TERMINAL_PROMPT=0")
}

// gitChanges returns the files of dir's git work tree that have changes
// not committed yet (git status --porcelain, untracked files left out), one
// per line, or "" when the work tree is clean or dir is not in a git work
// tree (or git is missing): then there is nothing to protect.
func gitChanges(ctx context.Context, dir string) (string, error) {
	bin, err := exec.LookPath("git")
	if err != nil {
		return "", nil
	}
	g := gitRunner{ctx: ctx, bin: bin, dir: dir, env: gitEnv(os.Environ())}
	if out, err := g.run("rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(out) != "true" {
		return "", nil
	}
	out, err := g.run("status", "--porcelain", "--untracked-files=no", "--", ".")
	if err != nil {
		return "", fmt.Errorf("git status: %w", err)
	}
	return strings.TrimRight(out, "\n"), nil
}
