package generator

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-gen/gen/options"
)

var update = flag.Bool("update", false, "rewrite the golden trees under testdata/golden")

// goldenRoot holds one directory per golden case.
const goldenRoot = "../testdata/golden"

// testVersion stands in for gen's version in golden manifests.
const testVersion = "v0.0.0-test"

// goldenCase is one project of the golden matrix.
type goldenCase struct {
	name    string
	project options.Project
	specs   []string
}

// goldenCases is the golden matrix: every case is rendered, compared with
// testdata/golden/<name>, and compiled and tested by TestCompileGolden.
var goldenCases = []goldenCase{
	{name: "sqlite-bare", project: options.Project{Name: "bare", Module: "example.com/bare", Database: options.SQLite}},
	{name: "sqlite-one", project: options.Project{Name: "one", Module: "example.com/one", Database: options.SQLite},
		specs: []string{"artist"}},
	{name: "sqlite-types", project: options.Project{Name: "demo", Module: "example.com/demo", Database: options.SQLite},
		specs: []string{
			"artist name:string:unique bio:text? born:date? rating:float? active:bool",
			"event title:string(80) kind:enum(concert|talk) starts_at:time:index contact:email? ref_code:uuid? seats:int",
			"blog_post title:string(120):index body:text published_on:date? views:int? score:float visible:bool? tag:enum(news|howto|opinion)? editor_email:email:unique external_id:uuid:unique updated_by_url:string? archived_at:time?",
			"artwork title:string year:int? artist_id:ref(artist) event_id:ref(event)?",
		}},
	{name: "postgres-types", project: options.Project{Name: "demo", Module: "example.com/demo", Database: options.Postgres},
		specs: []string{
			"artist name:string:unique bio:text? born:date? rating:float? active:bool",
			"event title:string(80) kind:enum(concert|talk) starts_at:time:index contact:email? ref_code:uuid? seats:int",
			"blog_post title:string(120):index body:text published_on:date? views:int? score:float visible:bool? tag:enum(news|howto|opinion)? editor_email:email:unique external_id:uuid:unique updated_by_url:string? archived_at:time?",
			"artwork title:string year:int? artist_id:ref(artist) event_id:ref(event)?",
		}},
	{name: "postgres-auth", project: options.Project{Name: "shop", Module: "example.com/shop", Database: options.Postgres, Auth: true},
		specs: []string{
			"note:owned title:string:unique body:text? due:date? done:bool",
			"event:owned title:string(80) kind:enum(concert|talk) starts_at:time:index contact:email:unique ref_code:uuid? seats:int? score:float?",
			"artist name:string",
			"artwork:owned title:string artist_id:ref(artist) note_id:ref(note)?:unique",
		}},
	{name: "mongodb-types", project: options.Project{Name: "demo", Module: "example.com/demo", Database: options.MongoDB},
		specs: []string{
			"artist name:string:unique bio:text? born:date? rating:float? active:bool",
			"event title:string(80) kind:enum(concert|talk) starts_at:time:index contact:email?:unique ref_code:uuid? seats:int",
			"blog_post title:string(120):index body:text published_on:date? views:int? score:float visible:bool? tag:enum(news|howto|opinion)? editor_email:email:unique external_id:uuid:unique updated_by_url:string? archived_at:time?",
			"artwork title:string year:int? artist_id:ref(artist) event_id:ref(event)?",
		}},
	{name: "mongodb-auth", project: options.Project{Name: "feed", Module: "example.com/feed", Database: options.MongoDB, Auth: true},
		specs: []string{
			"note:owned title:string:unique body:text? due:date? done:bool",
			"event:owned title:string(80) kind:enum(concert|talk) starts_at:time:index contact:email?:unique ref_code:uuid? seats:int? score:float?",
			"artist name:string",
			"artwork:owned title:string artist_id:ref(artist) note_id:ref(note)?:unique",
		}},
	// The database servers with nothing to store: no auth, no domains.
	{name: "postgres-bare", project: options.Project{Name: "bare", Module: "example.com/bare", Database: options.Postgres}},
	{name: "mongodb-bare", project: options.Project{Name: "bare", Module: "example.com/bare", Database: options.MongoDB}},
	// What gen new NAME gives by default: auth on, no domains yet.
	{name: "sqlite-auth-bare", project: options.Project{Name: "bare", Module: "example.com/bare", Database: options.SQLite, Auth: true}},
	{name: "postgres-auth-bare", project: options.Project{Name: "bare", Module: "example.com/bare", Database: options.Postgres, Auth: true}},
	{name: "mongodb-auth-bare", project: options.Project{Name: "bare", Module: "example.com/bare", Database: options.MongoDB, Auth: true}},
	{name: "sqlite-auth", project: options.Project{Name: "shop", Module: "example.com/shop", Database: options.SQLite, Auth: true},
		specs: []string{
			"note:owned title:string:unique body:text? due:date? done:bool",
			"artist name:string",
			"artwork:owned title:string artist_id:ref(artist) note_id:ref(note)?:unique",
		}},
}

func (c goldenCase) options(t testing.TB) options.Project {
	t.Helper()
	p := c.project
	for _, spec := range c.specs {
		d, err := options.ParseDomain(spec)
		require.NoError(t, err, "ParseDomain(%q)", spec)
		p.Domains = append(p.Domains, d)
	}
	return p
}

func (c goldenCase) plan(t testing.TB) *Plan {
	t.Helper()
	plan, err := New(c.options(t), Config{Version: testVersion})
	require.NoError(t, err, "New(%s)", c.name)
	return plan
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			plan := c.plan(t)
			dir := filepath.Join(goldenRoot, c.name)
			if *update {
				require.NoError(t, os.RemoveAll(dir))
				for _, f := range plan.Files {
					require.NoError(t, writeFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Content))
				}
				return
			}
			want := readTree(t, dir)
			got := map[string]string{}
			for _, f := range plan.Files {
				got[f.Path] = string(f.Content)
			}
			for path := range want {
				if _, ok := got[path]; !ok {
					t.Errorf("%s: %s is in the golden tree but no longer generated (run go test ./generator -update)", c.name, path)
				}
			}
			for path, content := range got {
				w, ok := want[path]
				if !ok {
					t.Errorf("%s: %s is generated but not in the golden tree (run go test ./generator -update)", c.name, path)
					continue
				}
				assert.Equal(t, w, content, "%s: %s differs from the golden file (run go test ./generator -update)", c.name, path)
			}
		})
	}
}

// readTree reads every file under dir into a map keyed by slash path.
func readTree(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(content)
		return nil
	})
	require.NoError(t, err, "read golden tree %s", dir)
	return files
}

func TestDeterministic(t *testing.T) {
	for _, c := range goldenCases {
		a, b := c.plan(t), c.plan(t)
		require.Equal(t, len(a.Files), len(b.Files), "%s: file count differs between two renders", c.name)
		for i := range a.Files {
			if a.Files[i].Path != b.Files[i].Path || !bytes.Equal(a.Files[i].Content, b.Files[i].Content) {
				t.Errorf("%s: %s differs between two renders of the same options", c.name, a.Files[i].Path)
			}
		}
	}
}
