package main

import (
	"bytes"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// formStreams are the streams of a terminal whose user types answers, one
// per line, into accessible mode.
func formStreams(answers ...string) (*streams, *syncBuffer, *syncBuffer) {
	out, errOut := &syncBuffer{}, &syncBuffer{}
	in := strings.NewReader(strings.Join(answers, "\n") + "\n")
	return &streams{In: in, Out: out, ErrOut: errOut, interactive: true, accessible: true}, out, errOut
}

// syncBuffer is a bytes.Buffer a test may read while gen writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// readTree returns every file under dir by its slash-separated path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		content, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = string(content)
		return err
	})
	require.NoError(t, err)
	return files
}

// assertSameTree checks that got holds the files of want, byte for byte,
// the manifest first.
func assertSameTree(t *testing.T, want, got string) {
	t.Helper()
	wantFiles, gotFiles := readTree(t, want), readTree(t, got)
	require.Equal(t, wantFiles["gen.yaml"], gotFiles["gen.yaml"], "gen.yaml")
	require.ElementsMatch(t, slices.Collect(maps.Keys(wantFiles)), slices.Collect(maps.Keys(gotFiles)), "files")
	for name, content := range wantFiles {
		assert.Equal(t, content, gotFiles[name], name)
	}
}

// threeDomains are the answers that make, through the form alone, the
// project of threeDomainsFlags.
var threeDomains = []string{
	"Bad Name", "shop", // refused in its field, then a good one
	"example.com/shop",
	"2",              // PostgreSQL
	"",               // auth: yes, the default
	"",               // add a domain: yes, the default
	"type", "artist", // a Go keyword is refused in its field
	"n",                         // not owned
	"name", "1", "80", "n", "2", // name:string(80):unique
	"y",
	"bio", "2", "y", "1", // bio:text?
	"n",
	"y", // another domain
	"event", "y",
	"title", "1", "", "", "", // title:string with every default
	"y",
	"kind", "10", "concert, talk", "", "", // kind:enum(concert|talk)
	"y",
	"starts_at", "6", "", "3", // starts_at:time:index
	"n",
	"y",
	"artwork", "n",
	"title", "1", "", "", "",
	"y",
	"artist", "11", // a ref field's name must end in _id: both asked again
	"artist_id", "11", "1", "n", "", // artist_id:ref(artist)
	"n",
	"n", // no more domains
	"",  // generate: yes
}

var threeDomainsFlags = []string{"new", "shop", "--module", "example.com/shop", "--db", "postgres",
	"--domain", "artist name:string(80):unique bio:text?",
	"--domain", "event:owned title:string kind:enum(concert|talk) starts_at:time:index",
	"--domain", "artwork title:string artist_id:ref(artist)",
	"--git=false", "--yes"}

// TestFormEqualsFlags creates a project with three domains through the form
// alone and checks that it is, file for file, the one the flags give, and
// that gen printed those flags.
func TestFormEqualsFlags(t *testing.T) {
	formDir, flagsDir := t.TempDir(), t.TempDir()

	t.Chdir(formDir)
	s, out, errOut := formStreams(threeDomains...)
	require.Equal(t, exitOK, run([]string{"new", "--git=false"}, s), "stderr: %s\nstdout: %s", errOut, out)
	assert.Contains(t, out.String(), `project name "Bad Name" is invalid`)
	assert.Contains(t, out.String(), `domain "type" is a Go keyword`)
	assert.Contains(t, out.String(), `a ref field's name ends in _id`)
	assert.Contains(t, out.String(), "The same without questions:\n  gen new shop --module example.com/shop --db postgres"+
		" --domain 'artist name:string(80):unique bio:text?'"+
		" --domain 'event:owned title:string kind:enum(concert|talk) starts_at:time:index'"+
		" --domain 'artwork title:string artist_id:ref(artist)' --git=false --yes\n")
	assert.Contains(t, out.String(), "Created shop (postgres, JWT auth, ")
	assert.Empty(t, errOut.String())

	t.Chdir(flagsDir)
	fs, flagsOut, flagsErr := testStreams()
	require.Equal(t, exitOK, run(threeDomainsFlags, fs), "stderr: %s\nstdout: %s", flagsErr, flagsOut)

	assertSameTree(t, filepath.Join(flagsDir, "shop"), filepath.Join(formDir, "shop"))
}

// TestFormAsksOnlyTheRest: what the flags gave is not asked again.
func TestFormAsksOnlyTheRest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	s, out, errOut := formStreams(
		"",  // module: the name
		"n", // no domain
		"",  // generate
	)
	require.Equal(t, exitOK, run([]string{"new", "shop", "--db", "postgres", "--no-auth", "-o", dir, "--git=false"}, s),
		"stderr: %s\nstdout: %s", errOut, out)
	for _, question := range []string{"Project name", "1. SQLite", "Users and JWT auth?"} {
		assert.NotContains(t, out.String(), question)
	}
	assert.Contains(t, out.String(), "Go module path")
	assert.Contains(t, out.String(), "gen new shop --db postgres --no-auth -o "+dir+" --git=false --yes\n")
	assert.FileExists(t, filepath.Join(dir, "gen.yaml"))

	// --dry-run is asked for like a real run, kept in the command, and
	// writes nothing.
	dir = filepath.Join(t.TempDir(), "dry")
	s, out, errOut = formStreams("", "n", "")
	require.Equal(t, exitOK, run([]string{"new", "shop", "--db", "postgres", "--no-auth", "-o", dir, "--git=false", "--dry-run"}, s),
		"stderr: %s\nstdout: %s", errOut, out)
	assert.Contains(t, out.String(), "gen new shop --db postgres --no-auth -o "+dir+" --dry-run --git=false --yes\n")
	assert.NoDirExists(t, dir)

	// Everything given: no form at all.
	dir = filepath.Join(t.TempDir(), "all")
	s, out, errOut = formStreams()
	require.Equal(t, exitOK, run([]string{"new", "shop", "--module", "shop", "--db", "sqlite", "--auth",
		"--domain", "artist", "-o", dir, "--git=false"}, s), "stderr: %s", errOut)
	assert.NotContains(t, out.String(), "Summary")
}

// TestFormStops: the end of input, "no" to the summary, or Ctrl-C leave
// nothing behind and exit 130.
func TestFormStops(t *testing.T) {
	tests := map[string][]string{
		"input ends":    {"shop", "example.com/shop"},
		"summary no":    {"shop", "", "", "", "n", "n"},
		"ends in field": {"shop", "", "", "", "y", "artist", "n", "title"},
	}
	for name, answers := range tests {
		t.Run(name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			s, out, errOut := formStreams(answers...)
			assert.Equal(t, exitInterrupted, run([]string{"new", "--git=false"}, s), "stdout: %s", out)
			assert.Equal(t, "gen: cancelled; nothing was written\n", errOut.String())
			assert.NoDirExists(t, "shop")
		})
	}
}

// TestFormCtrlC: in accessible mode Ctrl-C reaches gen as SIGINT while it
// waits for an answer.
func TestFormCtrlC(t *testing.T) {
	t.Chdir(t.TempDir())
	in, typing := io.Pipe()
	defer typing.Close()
	out, errOut := &syncBuffer{}, &syncBuffer{}
	s := &streams{In: in, Out: out, ErrOut: errOut, interactive: true, accessible: true}
	code := make(chan int)
	go func() { code <- run([]string{"new", "--git=false"}, s) }()
	_, err := io.WriteString(typing, "shop\n")
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "Go module path") },
		5*time.Second, 10*time.Millisecond, "the second question")
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGINT))
	select {
	case c := <-code:
		assert.Equal(t, exitInterrupted, c)
	case <-time.After(5 * time.Second):
		t.Fatal("gen still waits for input after Ctrl-C")
	}
	assert.Equal(t, "gen: cancelled; nothing was written\n", errOut.String())
	assert.NoDirExists(t, "shop")
}

// TestFullScreenFormKeys: in the full-screen form, Esc and Ctrl-C quit.
func TestFullScreenFormKeys(t *testing.T) {
	for name, key := range map[string]string{"esc": "\x1b", "ctrl+c": "\x03"} {
		t.Run(name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			out, errOut := &syncBuffer{}, &syncBuffer{}
			s := &streams{In: strings.NewReader("sh" + key), Out: out, ErrOut: errOut, interactive: true}
			assert.Equal(t, exitInterrupted, run([]string{"new", "--git=false"}, s), "stdout: %q", out)
			assert.Equal(t, "gen: cancelled; nothing was written\n", errOut.String())
			assert.NoDirExists(t, "sh")
		})
	}
}

// TestAddDomainForm adds a domain through the form and compares the
// project with a twin that got the same domain from the command line.
func TestAddDomainForm(t *testing.T) {
	base := t.TempDir()
	formDir, flagsDir := filepath.Join(base, "form"), filepath.Join(base, "flags")
	for _, dir := range []string{formDir, flagsDir} {
		s, _, errOut := testStreams()
		require.Equal(t, exitOK, run([]string{"new", "shop", "-o", dir, "--git=false", "--yes",
			"--domain", "artist name:string"}, s), "stderr: %s", errOut)
	}

	s, out, errOut := formStreams(
		"artist", "artwork", // artist exists: refused in its field
		"y", // owned
		"title", "1", "120", "n", "1",
		"y",
		"artist_id", "11", "1", "y", "2", // artist_id:ref(artist)?:unique
		"n",
		"", // add: yes
	)
	require.Equal(t, exitOK, run([]string{"add", "domain", "-C", formDir}, s), "stderr: %s\nstdout: %s", errOut, out)
	assert.Contains(t, out.String(), `domain "artist" is in the project already`)
	assert.Contains(t, out.String(), "gen add domain artwork:owned 'title:string(120)' 'artist_id:ref(artist)?:unique' -C "+formDir+"\n")

	// With --dry-run the form asks the same, keeps --dry-run in the
	// command and writes nothing.
	before := readTree(t, formDir)
	s, out, errOut = formStreams("label", "n", "name", "1", "", "n", "1", "n", "")
	require.Equal(t, exitOK, run([]string{"add", "domain", "-C", formDir, "--dry-run"}, s), "stderr: %s\nstdout: %s", errOut, out)
	assert.Contains(t, out.String(), "Show what adding label to shop changes?")
	assert.Contains(t, out.String(), "gen add domain label name:string -C "+formDir+" --dry-run\n")
	assert.Equal(t, before, readTree(t, formDir), "--dry-run wrote")

	fs, flagsOut, flagsErr := testStreams()
	require.Equal(t, exitOK, run([]string{"add", "domain", "artwork:owned", "title:string(120)", "artist_id:ref(artist)?:unique",
		"-C", flagsDir}, fs), "stderr: %s\nstdout: %s", flagsErr, flagsOut)
	assertSameTree(t, flagsDir, formDir)
}

// TestNeverPrompts: without a terminal, or with --yes, a missing NAME or
// spec is a usage error, not a question.
func TestNeverPrompts(t *testing.T) {
	t.Chdir(t.TempDir())
	tests := []struct {
		args        []string
		interactive bool
		err         string
	}{
		{[]string{"new"}, false, "gen new needs a project NAME as its first argument"},
		{[]string{"new", "--yes"}, true, "gen new needs a project NAME as its first argument"},
		{[]string{"add", "domain"}, false, "gen add domain needs a NAME and its fields"},
		{[]string{"add", "domain", "--yes"}, true, "gen add domain needs a NAME and its fields"},
		// Nothing to ask about: a bad flag is refused before the form.
		{[]string{"new", "Bad Name"}, true, `project name "Bad Name" is invalid`},
		{[]string{"new", "shop", "--module", "no good"}, true, `module path "no good" is invalid`},
	}
	for _, tt := range tests {
		s, out, errOut := formStreams("shop", "", "", "", "n", "")
		s.interactive = tt.interactive
		assert.Equal(t, exitUsage, run(tt.args, s), "gen %s", strings.Join(tt.args, " "))
		assert.Contains(t, errOut.String(), tt.err, "gen %s", strings.Join(tt.args, " "))
		assert.Empty(t, out.String(), "gen %s asked", strings.Join(tt.args, " "))
	}
}

// TestAddDomainFormRefusesFirst: what is wrong before any question is
// refused before the form.
func TestAddDomainFormRefusesFirst(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plain")
	s, _, errOut := testStreams()
	require.Equal(t, exitOK, run([]string{"new", "plain", "--no-auth", "-o", dir, "--git=false", "--yes"}, s), "stderr: %s", errOut)

	for args, want := range map[string]string{
		"add domain --owned -C " + dir:       "--owned needs auth, and this project has none",
		"add domain -C " + filepath.Dir(dir): "has no gen.yaml",
	} {
		fs, out, errOut := formStreams("artist")
		assert.Equal(t, exitUsage, run(strings.Fields(args), fs), "gen %s", args)
		assert.Contains(t, errOut.String(), want, "gen %s", args)
		assert.Empty(t, out.String(), "gen %s asked", args)
	}
}

// TestFormRefusesTakenDirectory: a name whose directory holds files is
// refused in its field.
func TestFormRefusesTakenDirectory(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, os.MkdirAll("shop", 0o755))
	require.NoError(t, os.WriteFile("shop/notes.txt", []byte("mine"), 0o644))
	s, out, errOut := formStreams("shop", "shop2", "", "", "", "n", "")
	require.Equal(t, exitOK, run([]string{"new", "--git=false"}, s), "stderr: %s\nstdout: %s", errOut, out)
	assert.Contains(t, out.String(), "not empty")
	assert.FileExists(t, "shop2/gen.yaml")
	assert.NoFileExists(t, "shop/gen.yaml")
}
