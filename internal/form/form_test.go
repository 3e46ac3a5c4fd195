package form

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-gen/gen/options"
)

// accessible returns a Prompter in accessible mode that reads answers, one
// per line, and the buffer it writes its prompts to.
func accessible(ctx context.Context, answers ...string) (*Prompter, *bytes.Buffer) {
	out := &bytes.Buffer{}
	in := strings.NewReader(strings.Join(answers, "\n") + "\n")
	return New(ctx, Config{In: in, Out: out, Accessible: true}), out
}

func TestLineReaderOneLinePerRead(t *testing.T) {
	l := newLineReader(t.Context(), strings.NewReader("one\ntwo\nthree"))
	buf := make([]byte, 64)
	var got []string
	for {
		n, err := l.Read(buf)
		if err != nil {
			require.ErrorIs(t, err, io.EOF)
			break
		}
		got = append(got, string(buf[:n]))
	}
	// The last line gets its newline, so a scanner does not wait for more.
	assert.Equal(t, []string{"one\n", "two\n", "three\n"}, got)
	assert.True(t, l.failed(), "the end of input is recorded")
}

func TestLineReaderLongLine(t *testing.T) {
	l := newLineReader(t.Context(), strings.NewReader("abcdef\n"))
	buf := make([]byte, 4)
	n, err := l.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "abcd", string(buf[:n]))
	n, err = l.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "ef\n", string(buf[:n]))
	assert.False(t, l.failed())
}

func TestLineReaderCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	in, typing := io.Pipe() // nothing is ever typed
	defer typing.Close()
	l := newLineReader(ctx, in)
	cancel()
	_, err := l.Read(make([]byte, 8))
	assert.ErrorIs(t, err, context.Canceled)
	assert.True(t, l.failed())
}

func TestProject(t *testing.T) {
	p, out := accessible(t.Context(),
		"shop", "", "3", "n", // module = name, MongoDB, no auth
		"y", "post", "title", "1", "", "n", "1", "y", "tags", "10", "a | b,c", "y", "2", "n",
		"n",
	)
	proj := options.Project{Database: options.SQLite, Auth: true}
	require.NoError(t, p.Project(&proj, Known{}, nil), out.String())
	assert.Equal(t, "shop", proj.Name)
	assert.Empty(t, proj.Module, "the name as module path is left implicit, as without --module")
	assert.Equal(t, options.MongoDB, proj.Database)
	assert.False(t, proj.Auth)
	require.Len(t, proj.Domains, 1)
	assert.Equal(t, "post title:string tags:enum(a|b|c)?:index", proj.Domains[0].Spec())
	assert.NotContains(t, out.String(), "Owned by", "owned is asked only with auth")
}

func TestProjectCheckName(t *testing.T) {
	taken := errors.New("directory shop is not empty")
	p, out := accessible(t.Context(), "shop", "shop2", "", "", "", "n")
	proj := options.Project{Database: options.SQLite, Auth: true}
	check := func(name string) error {
		if name == "shop" {
			return taken
		}
		return nil
	}
	require.NoError(t, p.Project(&proj, Known{}, check))
	assert.Equal(t, "shop2", proj.Name)
	assert.Contains(t, out.String(), taken.Error())
}

func TestEndOfInputAborts(t *testing.T) {
	p, _ := accessible(t.Context(), "shop")
	proj := options.Project{Database: options.SQLite, Auth: true}
	assert.ErrorIs(t, p.Project(&proj, Known{}, nil), ErrAborted)
}

func TestEndOfInputAfterRefusedChoice(t *testing.T) {
	// A number out of range, then the end of input, in a select.
	p, _ := accessible(t.Context(), "shop", "", "7")
	proj := options.Project{Database: options.SQLite, Auth: true}
	assert.ErrorIs(t, p.Project(&proj, Known{}, nil), ErrAborted)
}

func TestConfirm(t *testing.T) {
	p, _ := accessible(t.Context(), "", "n")
	assert.NoError(t, p.Confirm("Summary", "shop", "Generate shop?"), "yes is the default")
	assert.ErrorIs(t, p.Confirm("Summary", "shop", "Generate shop?"), ErrAborted)
}

func TestEnumValues(t *testing.T) {
	for in, want := range map[string]string{
		"a|b|c":        "a|b|c",
		" a, b ,c ":    "a|b|c",
		"draft | done": "draft|done",
		"":             "",
	} {
		assert.Equal(t, want, enumValues(in), "enumValues(%q)", in)
	}
}
