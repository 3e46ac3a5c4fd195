package oldgen

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/go-gen/gen/generator"
	"github.com/go-gen/gen/options"
)

// program writes a shell script printing output, whatever its arguments.
func program(t *testing.T, output string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake gen is a shell script")
	}
	bin := filepath.Join(t.TempDir(), "gen")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\nprintf '"+output+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestRenderRefusals(t *testing.T) {
	tests := []struct {
		name     string
		recorded string
		from     string
		want     string
	}{
		{
			name:     "development build",
			recorded: generator.DevelVersion,
			want:     "gen.yaml records gen (devel), a build the Go module proxy cannot provide; pass the gen binary that generated the project with --from PATH",
		},
		{
			name:     "uncommitted changes",
			recorded: "v0.0.0-20261129095537-c36ea7dfbb78+dirty",
			want:     "a build the Go module proxy cannot provide",
		},
		{
			name:     "another version",
			recorded: "v0.1.0",
			from:     program(t, `gen v0.2.0\ncommit: unknown\n`),
			want:     "is gen v0.2.0, but gen.yaml records gen v0.1.0; pass the gen binary that generated the project",
		},
		{
			name:     "not gen",
			recorded: "v0.1.0",
			from:     program(t, `Hello\n`),
			want:     "does not look like gen",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &generator.Manifest{Gen: tt.recorded, Name: "shop", Module: "example.com/shop", Database: options.SQLite}
			_, err := Render(context.Background(), m, tt.from)
			var invalid *options.Error
			if !errors.As(err, &invalid) {
				t.Fatalf("Render = %v, want an *options.Error", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Render = %q, want it to say %q", err, tt.want)
			}
		})
	}
}

func TestGist(t *testing.T) {
	out := "go: downloading example.com/a v1.0.0\ngo: example.com/gen@v1: reading https://proxy/x.info: 403 Forbidden\n\tserver response: not available\n"
	want := "go: example.com/gen@v1: reading https://proxy/x.info: 403 Forbidden server response: not available"
	if got := gist(out, errors.New("exit status 1")); got != want {
		t.Errorf("gist = %q, want %q", got, want)
	}
	if got := gist("", errors.New("exit status 1")); got != "exit status 1" {
		t.Errorf("gist of nothing = %q, want the error", got)
	}
}
