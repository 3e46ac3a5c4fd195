package main

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"gen": func() {
			// GEN_TEST_VERSION stamps gen's version as the release build
			// does (-X main.version), for the upgrade scripts.
			if v := os.Getenv("GEN_TEST_VERSION"); v != "" {
				version = v
			}
			os.Exit(run(os.Args[1:], systemStreams()))
		},
		"ttyrun": func() { os.Exit(ttyRun(os.Args[1:])) },
	})
}

// TestScripts runs the CLI end to end as a user would: every script under
// testdata/script is an acceptance spec.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		RequireExplicitExec: true,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"exitcode": cmdExitcode,
			"replace":  cmdReplace,
		},
		Setup: func(env *testscript.Env) error {
			// Scripts that build generated projects use the go command
			// with the caches of the machine, not ones of their own.
			for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPROXY", "GOFLAGS", "GONOSUMDB", "GOTOOLCHAIN"} {
				out, err := exec.Command("go", "env", k).Output()
				if err != nil {
					return err
				}
				env.Setenv(k, strings.TrimSpace(string(out)))
			}
			return nil
		},
	})
}

// cmdReplace edits a file as a user would, replacing the first occurrence
// of a string; both strings are unquoted like Go strings, so \n and \t
// work:
//
//	replace shop/internal/handler/handler.go 'return r\n' 'r.Get(...)\n\treturn r\n'
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	unescape := strings.NewReplacer(`\n`, "\n", `\t`, "\t").Replace
	old, repl := unescape(args[1]), unescape(args[2])
	name := ts.MkAbs(args[0])
	content, err := os.ReadFile(name)
	ts.Check(err)
	if !strings.Contains(string(content), old) {
		ts.Fatalf("replace: %s does not contain %q", args[0], old)
	}
	ts.Check(os.WriteFile(name, []byte(strings.Replace(string(content), old, repl, 1)), 0o644))
}

// cmdExitcode runs a program and checks its exit status:
//
//	exitcode 2 gen new 'Bad Name'
//
// Its stdout and stderr can be checked afterwards like those of exec.
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = exit.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}
