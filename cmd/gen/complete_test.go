package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"

	"github.com/go-gen/gen/options"
)

func TestCompleteFieldSpecs(t *testing.T) {
	const (
		noFile  = cobra.ShellCompDirectiveNoFileComp
		noSpace = cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	)
	types := func(name string, refs ...string) []string {
		words := append([]string{}, refs...)
		for _, t := range []string{"string", "text", "int", "float", "bool", "time", "date", "uuid", "email", "enum("} {
			words = append(words, name+":"+t)
		}
		return words
	}
	tests := []struct {
		in        string
		domains   []string
		want      []string
		directive cobra.ShellCompDirective
	}{
		{"", nil, nil, noFile},
		{"title", nil, types("title"), noSpace},
		{"title:", nil, types("title"), noSpace},
		{"title:st", nil, []string{"title:string"}, noSpace},
		{"title:enum(", nil, nil, noSpace},
		{"artist_id:", []string{"artist", "label"}, types("artist_id", "artist_id:ref(artist)", "artist_id:ref(label)"), noSpace},
		{"artist_id:ref(", []string{"artist", "label"}, []string{"artist_id:ref(artist)", "artist_id:ref(label)"}, noSpace},
		{"artist_id:r", nil, []string{"artist_id:ref("}, noSpace},
		{"title:string", nil, []string{"title:string?", "title:string:unique", "title:string:index"}, noSpace},
		{"title:string(80)", nil, []string{"title:string(80)?", "title:string(80):unique", "title:string(80):index"}, noSpace},
		{"done:bool", nil, []string{"done:bool?", "done:bool:index"}, noSpace},
		{"title:string?", nil, []string{"title:string?:unique", "title:string?:index"}, noFile},
		{"title:string:", nil, []string{"title:string:unique", "title:string:index"}, noFile},
		{"title:string:u", nil, []string{"title:string:unique"}, noFile},
		{"title:string:unique", nil, nil, noFile},
		{"title:nope:", nil, nil, noFile},
		{"id:", nil, nil, noFile},
		{"Title:", nil, nil, noFile},
	}
	for _, tt := range tests {
		got, directive := fieldSpecCompletions(tt.in, tt.domains)
		if !assert.Equal(t, tt.want, got, "fieldSpecCompletions(%q, %q)", tt.in, tt.domains) {
			continue
		}
		assert.Equal(t, tt.directive, directive, "fieldSpecCompletions(%q, %q) directive", tt.in, tt.domains)
	}
}

// complete runs gen __complete with args and returns its suggestions and
// the directive line.
func complete(t *testing.T, args ...string) (words []string, directive string) {
	t.Helper()
	s, out, _ := testStreams()
	if code := run(append([]string{cobra.ShellCompRequestCmd}, args...), s); code != exitOK {
		t.Fatalf("gen __complete %s exited with %d", strings.Join(args, " "), code)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

func TestCompleteNewDomainFlag(t *testing.T) {
	words, directive := complete(t, "new", "shop", "--domain", "artist name:string", "--domain", "artwork artist_id:r")
	assert.Equal(t, []string{"artwork artist_id:ref(artist)"}, words)
	assert.Equal(t, ":6", directive)

	words, directive = complete(t, "new", "shop", "--domain", "artist")
	assert.Empty(t, words)
	assert.Equal(t, ":4", directive)
}

// TestCompleteEveryFlag checks that no argument or flag value of any gen
// command falls back to completing file names, except those that name a
// directory or, as gen upgrade --from, a file.
func TestCompleteEveryFlag(t *testing.T) {
	s, _, _ := testStreams()
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		path := strings.Fields(cmd.CommandPath())[1:]
		if cmd.Runnable() {
			_, directive := complete(t, append(path, "")...)
			assert.Equal(t, ":4", directive, "%s ''", cmd.CommandPath())
		}
		cmd.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
			if f.NoOptDefVal != "" || f.Name == "help" {
				return // a bool flag takes no value to complete
			}
			_, directive := complete(t, append(path, "--"+f.Name, "")...)
			if cmd.CommandPath()+" --"+f.Name == "gen upgrade --from" {
				assert.Equal(t, ":0", directive, "gen upgrade --from '' completes file names")
				return
			}
			assert.Contains(t, []string{":4", ":16"}, directive, "%s --%s ''", cmd.CommandPath(), f.Name)
		})
		for _, c := range cmd.Commands() {
			if !c.Hidden {
				walk(c)
			}
		}
	}
	walk(newRootCmd(s))
}

// TestCompletionOffersEveryType checks that completion offers every type
// of the grammar, which the form offers too (from options.FieldTypes).
func TestCompletionOffersEveryType(t *testing.T) {
	words := typeCompletions("artist_id", []string{"artist"})
	for _, typ := range options.FieldTypes() {
		found := false
		for _, w := range words {
			found = found || strings.HasPrefix(w, "artist_id:"+string(typ))
		}
		assert.True(t, found, "completion does not offer %s: %v", typ, words)
	}
}
