package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-gen/gen/internal/form"
	"github.com/go-gen/gen/options"
)

func testStreams() (*streams, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	return &streams{In: strings.NewReader(""), Out: out, ErrOut: errOut}, out, errOut
}

// parseNew runs gen new's flag parsing only and returns the options it
// would act on.
func parseNew(t *testing.T, args ...string) *newOptions {
	t.Helper()
	s, _, _ := testStreams()
	var got *newOptions
	cmd := newCmdNew(s, func(_ context.Context, _ *streams, o *newOptions) error { got = o; return nil })
	cmd.SetArgs(args)
	cmd.SetOut(s.Out)
	cmd.SetErr(s.ErrOut)
	require.NoError(t, cmd.Execute())
	return got
}

func TestNewFlags(t *testing.T) {
	o := parseNew(t, "shop", "--module", "example.com/shop", "--db", "postgres", "--no-auth", "-y",
		"--domain", "artist name:string", "--domain", "event title:string", "-o", "out", "--force", "--dry-run")
	assert.Equal(t, &newOptions{
		Name: "shop", Module: "example.com/shop", DB: options.Postgres, Auth: false, NoAuth: true,
		Domains: []string{"artist name:string", "event title:string"}, Output: "out", Yes: true, Force: true, DryRun: true,
		Git:   true,
		Given: form.Known{Name: true, Module: true, Database: true, Auth: true, Domains: true},
	}, o)

	o = parseNew(t, "shop", "--git=false")
	assert.Equal(t, options.SQLite, o.DB, "default database")
	assert.True(t, o.Auth, "auth is on by default")
	assert.False(t, o.Git, "--git=false")
	assert.Equal(t, form.Known{Name: true}, o.Given, "the form asks what flags left open")

	o = parseNew(t, "--auth")
	assert.Equal(t, form.Known{Auth: true}, o.Given, "--auth given")
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"version"}, exitOK, ""},
		{[]string{"new", "Bad Name", "--no-auth", "-y", "-o", dir + "/a"}, exitUsage, `gen: project name "Bad Name" is invalid`},
		{[]string{"new", "demo", "--db", "oracle"}, exitUsage, `unknown database "oracle"`},
		{[]string{"new", "demo", "--auth", "--no-auth"}, exitUsage, "--auth and --no-auth contradict each other"},
		{[]string{"nope"}, exitUsage, `unknown command "nope"`},
		{[]string{"new", "demo", "--no-auth", "-y", "-o", dir + "/ok", "--dry-run"}, exitOK, ""},
	}
	for _, tt := range tests {
		s, _, errOut := testStreams()
		if got := run(tt.args, s); got != tt.code {
			t.Errorf("gen %s: exit %d, want %d (stderr %q)", strings.Join(tt.args, " "), got, tt.code, errOut)
		}
		if !strings.Contains(errOut.String(), tt.err) {
			t.Errorf("gen %s: stderr %q, want it to contain %q", strings.Join(tt.args, " "), errOut, tt.err)
		}
		if tt.err == "" && errOut.Len() > 0 {
			t.Errorf("gen %s: unexpected stderr %q", strings.Join(tt.args, " "), errOut)
		}
	}
}

func TestAddDomainSpec(t *testing.T) {
	tests := []struct {
		args  []string
		owned bool
		want  string
	}{
		{[]string{"artist", "name:string", "bio:text?"}, false, "artist name:string bio:text?"},
		{[]string{"label", "name:string"}, true, "label:owned name:string"},
		{[]string{"label:owned", "name:string"}, true, "label:owned name:string"},
		{[]string{"label"}, true, "label:owned name:string description:text?"},
	}
	for _, tt := range tests {
		o := addDomainOptions{Spec: tt.args, Owned: tt.owned}
		d, err := o.domain()
		require.NoError(t, err, "%v", tt.args)
		assert.Equal(t, tt.want, d.Spec(), "gen add domain %v (--owned=%v)", tt.args, tt.owned)
	}
	_, err := (&addDomainOptions{}).domain()
	assert.True(t, options.IsInvalid(err), "no spec: %v", err)
}
