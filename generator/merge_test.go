package generator

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func lines(ls ...string) []byte {
	return []byte(strings.Join(ls, "\n") + "\n")
}

func TestMergeLines(t *testing.T) {
	base := lines("a", "b", "c", "d")
	tests := []struct {
		name         string
		mine, theirs []byte
		want         []byte
		conflict     bool
	}{
		{"only gen changed", base, lines("a", "b", "b2", "c", "d"), lines("a", "b", "b2", "c", "d"), false},
		{"only the user changed", lines("x", "b", "c", "d"), base, lines("x", "b", "c", "d"), false},
		{"apart", lines("x", "b", "c", "d"), lines("a", "b", "c", "d", "e"), lines("x", "b", "c", "d", "e"), false},
		{"both added at one place, gen first", lines("a", "b", "mine", "c", "d"), lines("a", "b", "gen", "c", "d"), lines("a", "b", "gen", "mine", "c", "d"), false},
		{"gen removes a line the user added after", lines("a", "b", "mine", "c", "d"), lines("a", "c", "d"), lines("a", "mine", "c", "d"), false},
		{"the same change on both sides", lines("a", "b", "b2", "c", "d"), lines("a", "b", "b2", "c", "d"), lines("a", "b", "b2", "c", "d"), false},
		{"gen re-aligns a line the user kept", base, lines("a", "b  ", "c", "d", "e"), lines("a", "b", "c", "d", "e"), false},
		{"both changed one line", lines("a", "mine", "c", "d"), lines("a", "gen", "c", "d"), lines("a", "mine", "c", "d"), true},
		{"gen removes a line the user changed", lines("a", "b", "mine", "d"), lines("a", "b", "d"), nil, true},
	}
	for _, tt := range tests {
		got, conflicts := mergeLines(base, tt.mine, tt.theirs)
		if tt.conflict {
			assert.NotEmpty(t, conflicts, "%s: want a conflict, got %q", tt.name, got)
			continue
		}
		assert.Empty(t, conflicts, "%s", tt.name)
		assert.Equal(t, string(tt.want), string(got), "%s", tt.name)
	}
}

func TestConflictError(t *testing.T) {
	_, conflicts := mergeLines(lines("a", "b", "c"), lines("a", "mine", "c"), lines("a", "gen", "c"))
	got := conflictError("x.go", conflicts)
	assert.Equal(t, "x.go: your edits overlap what gen needs to change\n  at line 2, gen would write:\n    | gen", got)
}

func TestMergeGoMod(t *testing.T) {
	base := []byte("module example.com/shop\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n\tgithub.com/rs/cors v1.11.1\n)\n")
	theirs := []byte("module example.com/shop\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n\tgithub.com/pressly/goose/v3 v3.28.0\n\tgithub.com/rs/cors v1.11.1\n)\n\nrequire github.com/mfridman/interpolate v0.0.2 // indirect\n")
	// The user added a dependency and upgraded cors.
	mine := []byte("module example.com/shop\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n\tgithub.com/rs/cors v1.12.0\n\tgolang.org/x/time v0.5.0 // rate limits\n)\n")
	got, err := mergeGoMod(base, mine, theirs)
	if !assert.NoError(t, err) {
		return
	}
	for _, want := range []string{
		"github.com/pressly/goose/v3 v3.28.0",
		"github.com/rs/cors v1.12.0",
		"golang.org/x/time v0.5.0 // rate limits",
		"github.com/mfridman/interpolate v0.0.2 // indirect",
	} {
		assert.Contains(t, string(got), want)
	}
	assert.NotContains(t, string(got), "cors v1.11.1", "a requirement is never lowered")
}

func TestMergeGoSum(t *testing.T) {
	got := mergeGoSum([]byte("b h1:2\na h1:1\n"), []byte("a h1:1\nc h1:3\n"))
	assert.Equal(t, "a h1:1\nb h1:2\nc h1:3\n", string(got))
}
