package generator

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-gen/gen/options"
)

var testConfig = Config{Version: testVersion}

// writeProject writes gen new's output for p into a new directory.
func writeProject(t *testing.T, p options.Project) string {
	t.Helper()
	plan, err := New(p, testConfig)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "project")
	require.NoError(t, Write(plan, dir, WriteOptions{}))
	return dir
}

func planTree(t *testing.T, p options.Project) map[string]string {
	t.Helper()
	plan, err := New(p, testConfig)
	require.NoError(t, err)
	tree := map[string]string{}
	for _, f := range plan.Files {
		tree[f.Path] = string(f.Content)
	}
	return tree
}

// assertTree compares a project on disk with the tree gen new renders,
// file by file.
func assertTree(t *testing.T, want map[string]string, dir string) {
	t.Helper()
	got := readTree(t, dir)
	for _, p := range sortedKeys(want) {
		g, ok := got[p]
		if !ok {
			t.Errorf("%s is missing", p)
			continue
		}
		assert.Equal(t, want[p], g, "%s", p)
	}
	for _, p := range sortedKeys(got) {
		if _, ok := want[p]; !ok {
			t.Errorf("%s should not be there", p)
		}
	}
}

func mustApply(t *testing.T, u *Update, err error) {
	t.Helper()
	require.NoError(t, err)
	require.NoError(t, Apply(u))
}

// TestAddMatchesNew is the property gen add rests on: gen new with every
// domain of a golden case but the last, then gen add domain with the last,
// gives byte for byte the golden tree (which the compile test builds and
// tests), manifest included.
func TestAddMatchesNew(t *testing.T) {
	for _, c := range goldenCases {
		if len(c.specs) == 0 {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			full := c.options(t)
			base := full
			base.Domains = full.Domains[:len(full.Domains)-1]
			last := full.Domains[len(full.Domains)-1]
			dir := writeProject(t, base)
			u, err := AddDomain(dir, last, testConfig, UpdateOptions{})
			mustApply(t, u, err)
			assertTree(t, planTree(t, full), dir)
		})
	}
}

// TestRemoveMatchesNew: gen remove domain of a golden case's last domain
// gives the tree gen new renders without it, but for the migration that
// created its table, which databases have applied and which stays.
func TestRemoveMatchesNew(t *testing.T) {
	for _, c := range goldenCases {
		if len(c.specs) == 0 {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			full := c.options(t)
			base := full
			base.Domains = full.Domains[:len(full.Domains)-1]
			last := full.Domains[len(full.Domains)-1]
			dir := writeProject(t, full)
			u, err := RemoveDomain(dir, last.Name, testConfig, UpdateOptions{})
			mustApply(t, u, err)

			want := planTree(t, base)
			kept := ""
			for p, content := range planTree(t, full) {
				if strings.HasPrefix(p, migrationsDir) && strings.HasSuffix(p, "_create_"+last.Table()+".sql") {
					kept = p
					want[p] = content
				}
			}
			if full.Database == options.MongoDB {
				assert.Empty(t, kept, "MongoDB projects have no migrations")
			} else {
				require.NotEmpty(t, kept, "the removed domain's migration")
			}
			got := readTree(t, dir)
			gotManifest, err := ParseManifest([]byte(got[ManifestFile]))
			require.NoError(t, err)
			wantManifest, err := ParseManifest([]byte(want[ManifestFile]))
			require.NoError(t, err)
			if kept != "" {
				assert.Equal(t, hash([]byte(want[kept])), gotManifest.Files[kept], "the kept migration stays in the manifest")
				delete(gotManifest.Files, kept)
				assert.Equal(t, []ManifestDomain{{Spec: last.Spec(), Migration: gotManifest.Removed[0].Migration}}, gotManifest.Removed)
				gotManifest.Removed = nil
			}
			assert.Equal(t, wantManifest, gotManifest)
			delete(want, ManifestFile)
			delete(got, ManifestFile)
			assert.Equal(t, want, got)

			// Adding the domain back with its spec gives gen new's tree
			// again, on the table and migration it had.
			u, err = AddDomain(dir, last, testConfig, UpdateOptions{})
			mustApply(t, u, err)
			assertTree(t, planTree(t, full), dir)
		})
	}
}

func shopProject(t *testing.T, specs ...string) options.Project {
	t.Helper()
	p := options.Project{Name: "shop", Module: "example.com/shop", Database: options.SQLite, Auth: true}
	for _, s := range specs {
		d, err := options.ParseDomain(s)
		require.NoError(t, err)
		p.Domains = append(p.Domains, d)
	}
	return p
}

func domain(t *testing.T, spec string) options.Domain {
	t.Helper()
	d, err := options.ParseDomain(spec)
	require.NoError(t, err)
	return d
}

func editFile(t *testing.T, dir, path, old, new string) {
	t.Helper()
	name := filepath.Join(dir, filepath.FromSlash(path))
	content, err := os.ReadFile(name)
	require.NoError(t, err)
	require.Contains(t, string(content), old, "%s", path)
	require.NoError(t, os.WriteFile(name, []byte(strings.Replace(string(content), old, new, 1)), 0o644))
}

func readFile(t *testing.T, dir, path string) string {
	t.Helper()
	content, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
	require.NoError(t, err)
	return string(content)
}

func TestAddKeepsUserEdits(t *testing.T) {
	dir := writeProject(t, shopProject(t, "note:owned title:string", "artist name:string"))
	// A route of the user's own right after gen's, a comment in the
	// dependency list, and a business rule in a service.
	editFile(t, dir, "internal/handler/handler.go", "\tregisterArtists(private, d.Artists)\n",
		"\tregisterArtists(private, d.Artists)\n\tr.Get(\"/ping\", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(\"pong\")) })\n")
	editFile(t, dir, "internal/handler/handler.go", "\tNotes   NoteService\n", "\t// Notes are private.\n\tNotes   NoteService\n")
	editFile(t, dir, "internal/service/note.go", "\titem.CreatedAt = s.now()\n", "\titem.Title += \"!\" // house rule\n\titem.CreatedAt = s.now()\n")
	service := readFile(t, dir, "internal/service/note.go")

	u, err := AddDomain(dir, domain(t, "event title:string"), testConfig, UpdateOptions{})
	require.NoError(t, err)
	actions := map[string]Action{}
	for _, c := range u.Changes {
		actions[c.Path] = c.Action
	}
	assert.Equal(t, Merge, actions["internal/handler/handler.go"])
	assert.Equal(t, Create, actions["internal/handler/event.go"])
	assert.Equal(t, Replace, actions["cmd/server/main.go"])
	assert.NotContains(t, actions, "internal/service/note.go", "a domain's files are not touched by adding another")
	require.NoError(t, Apply(u))

	handler := readFile(t, dir, "internal/handler/handler.go")
	assert.Contains(t, handler, "\tregisterArtists(private, d.Artists)\n\tregisterEvents(private, d.Events)\n\tr.Get(\"/ping\"")
	assert.Contains(t, handler, "\t// Notes are private.\n\tNotes   NoteService\n\tArtists ArtistService\n\tEvents  EventService\n")
	assert.Equal(t, service, readFile(t, dir, "internal/service/note.go"))

	// The manifest records gen's version of the merged file, so the file
	// still counts as edited and the next change is merged again.
	m, err := ParseManifest([]byte(readFile(t, dir, ManifestFile)))
	require.NoError(t, err)
	assert.NotEqual(t, hash([]byte(handler)), m.Files["internal/handler/handler.go"])
	assert.Equal(t, "event title:string", m.Domains[2].Spec)
	assert.Equal(t, "00005", m.Domains[2].Migration)

	// The same spec again: nothing to do.
	u, err = AddDomain(dir, domain(t, "event title:string"), testConfig, UpdateOptions{})
	require.NoError(t, err)
	assert.Empty(t, u.Changes)

	// Another domain merges into the edited file again, then removing it
	// takes its lines out and leaves the user's.
	u, err = AddDomain(dir, domain(t, "label name:string"), testConfig, UpdateOptions{})
	mustApply(t, u, err)
	u, err = RemoveDomain(dir, "label", testConfig, UpdateOptions{})
	mustApply(t, u, err)
	assert.Equal(t, handler, readFile(t, dir, "internal/handler/handler.go"))
}

func TestAddRefusesOverlappingEdits(t *testing.T) {
	dir := writeProject(t, shopProject(t, "artist name:string"))
	// The user rewrote the very lines gen extends.
	editFile(t, dir, "internal/handler/handler.go", "\tregisterArtists(private, d.Artists)\n", "\tregisterArtists(private, d.Artists) // mine\n")
	before := readTree(t, dir)

	_, err := AddDomain(dir, domain(t, "event title:string"), testConfig, UpdateOptions{})
	var conflict *ConflictError
	require.ErrorAs(t, err, &conflict)
	assert.Contains(t, err.Error(), "internal/handler/handler.go: your edits overlap")
	assert.Contains(t, err.Error(), "registerEvents(private, d.Events)", "the snippet to add by hand")
	assert.Equal(t, before, readTree(t, dir), "nothing changed")

	// --force replaces the file, and says so.
	u, err := AddDomain(dir, domain(t, "event title:string"), testConfig, UpdateOptions{Force: true})
	require.NoError(t, err)
	i := slices.IndexFunc(u.Changes, func(c Change) bool { return c.Path == "internal/handler/handler.go" })
	require.GreaterOrEqual(t, i, 0)
	assert.Equal(t, Overwrite, u.Changes[i].Action)
	assert.True(t, u.Changes[i].Loses())
}

func TestAddRefusesUntrackedFile(t *testing.T) {
	dir := writeProject(t, shopProject(t, "artist name:string"))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "internal", "model", "event.go"), []byte("package model\n"), 0o644))
	_, err := AddDomain(dir, domain(t, "event title:string"), testConfig, UpdateOptions{})
	var conflict *ConflictError
	require.ErrorAs(t, err, &conflict)
	assert.Contains(t, err.Error(), "internal/model/event.go exists, but gen did not write it")
}

func TestAddErrors(t *testing.T) {
	dir := writeProject(t, shopProject(t, "artist name:string"))
	before := readTree(t, dir)
	tests := []struct {
		dir, spec, want string
	}{
		{t.TempDir(), "event title:string", "has no gen.yaml"},
		{dir, "artist name:text", `domain "artist" exists already as "artist name:string"`},
		{dir, "type name:string", "is a Go keyword"},
		{dir, "user name:string", "is taken by the generated auth code"},
		{dir, "artwork artist_id:ref(nosuch)", "ref(nosuch) names no domain"},
	}
	for _, tt := range tests {
		_, err := AddDomain(tt.dir, domain(t, tt.spec), testConfig, UpdateOptions{})
		if !options.IsInvalid(err) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("AddDomain(%q) = %v, want an *options.Error containing %q", tt.spec, err, tt.want)
		}
	}
	assert.Equal(t, before, readTree(t, dir))
}

func TestAddMigrationAfterUsers(t *testing.T) {
	dir := writeProject(t, shopProject(t, "artist name:string"))
	// A migration of the user's own takes the next number; gen's comes
	// after it.
	name := filepath.Join(dir, "internal", "database", "migrations", "00004_add_artist_bio.sql")
	require.NoError(t, os.WriteFile(name, []byte("-- +goose Up\nALTER TABLE artists ADD COLUMN bio TEXT;\n"), 0o644))
	u, err := AddDomain(dir, domain(t, "event title:string"), testConfig, UpdateOptions{})
	mustApply(t, u, err)
	assert.FileExists(t, filepath.Join(dir, "internal", "database", "migrations", "00005_create_events.sql"))
}

func TestRemoveRefusals(t *testing.T) {
	dir := writeProject(t, shopProject(t, "artist name:string", "artwork title:string artist_id:ref(artist)"))
	_, err := RemoveDomain(dir, "artist", testConfig, UpdateOptions{})
	if !options.IsInvalid(err) || !strings.Contains(err.Error(), `domain "artist" is still referred to by artwork.artist_id`) {
		t.Errorf("RemoveDomain(artist) = %v, want a refusal naming artwork.artist_id", err)
	}
	_, err = RemoveDomain(dir, "nosuch", testConfig, UpdateOptions{})
	if !options.IsInvalid(err) || !strings.Contains(err.Error(), "its domains are artist, artwork") {
		t.Errorf("RemoveDomain(nosuch) = %v, want a refusal listing the domains", err)
	}

	// An edited file of the domain is not deleted without --force.
	editFile(t, dir, "internal/service/artwork.go", "package service\n", "package service\n\n// mine\n")
	before := readTree(t, dir)
	_, err = RemoveDomain(dir, "artwork", testConfig, UpdateOptions{})
	var conflict *ConflictError
	if !errors.As(err, &conflict) || !strings.Contains(err.Error(), "internal/service/artwork.go would be deleted, but you edited it") {
		t.Errorf("RemoveDomain(artwork) = %v, want a conflict naming the edited file", err)
	}
	assert.Equal(t, before, readTree(t, dir))
	u, err := RemoveDomain(dir, "artwork", testConfig, UpdateOptions{Force: true})
	mustApply(t, u, err)
	assert.NoFileExists(t, filepath.Join(dir, "internal", "service", "artwork.go"))
}

func TestReAddWithAnotherSpec(t *testing.T) {
	dir := writeProject(t, shopProject(t, "artist name:string", "label name:string"))
	u, err := RemoveDomain(dir, "label", testConfig, UpdateOptions{})
	mustApply(t, u, err)
	_, err = AddDomain(dir, domain(t, "label name:string code:int"), testConfig, UpdateOptions{})
	if !options.IsInvalid(err) || !strings.Contains(err.Error(), `its table labels is still there, made for "label name:string"`) {
		t.Errorf("AddDomain(label with another spec) = %v, want a refusal naming the old spec", err)
	}
}

func TestRemoveDropTable(t *testing.T) {
	dir := writeProject(t, shopProject(t, "artist name:string", "label name:string"))
	u, err := RemoveDomain(dir, "label", testConfig, UpdateOptions{DropTable: true})
	mustApply(t, u, err)
	drop := readFile(t, dir, "internal/database/migrations/00005_drop_labels.sql")
	assert.Contains(t, drop, "-- +goose Up\n")
	assert.Contains(t, drop, "DROP TABLE labels;")
	assert.Contains(t, drop, "-- +goose Down\n")
	assert.Contains(t, drop, "CREATE TABLE labels (")
	// The next domain's migration comes after the drop.
	u, err = AddDomain(dir, domain(t, "event title:string"), testConfig, UpdateOptions{})
	mustApply(t, u, err)
	assert.FileExists(t, filepath.Join(dir, "internal", "database", "migrations", "00006_create_events.sql"))
}

func BenchmarkAddDomain(b *testing.B) {
	p := options.Project{Name: "big", Module: "example.com/big", Database: options.SQLite, Auth: true}
	for i := range 50 {
		d, err := options.ParseDomain("d" + string(rune('a'+i/26)) + string(rune('a'+i%26)) + " name:string:unique bio:text? n:int? at:time? day:date? kind:enum(a|b)")
		require.NoError(b, err)
		p.Domains = append(p.Domains, d)
	}
	plan, err := New(p, testConfig)
	require.NoError(b, err)
	dir := filepath.Join(b.TempDir(), "big")
	require.NoError(b, Write(plan, dir, WriteOptions{}))
	d, err := options.ParseDomain("artwork title:string year:int? daa_id:ref(daa)")
	require.NoError(b, err)
	for b.Loop() {
		if _, err := AddDomain(dir, d, testConfig, UpdateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestRemoveDropCollection(t *testing.T) {
	p := options.Project{Name: "feed", Module: "example.com/feed", Database: options.MongoDB}
	p.Domains = []options.Domain{domain(t, "artist name:string"), domain(t, "label name:string")}
	dir := writeProject(t, p)
	u, err := RemoveDomain(dir, "label", testConfig, UpdateOptions{DropTable: true})
	mustApply(t, u, err)
	assert.Contains(t, readFile(t, dir, "internal/database/indexes.go"), `var dropped = []string{"labels"}`)
	assert.Contains(t, readFile(t, dir, "internal/database/database.go"), "dropCollections(ctx, db, logger)")
	m, err := ParseManifest([]byte(readFile(t, dir, ManifestFile)))
	require.NoError(t, err)
	assert.Equal(t, []string{"labels"}, m.Dropped)

	// Adding the domain back stops the drop: the project is gen new's again.
	u, err = AddDomain(dir, domain(t, "label name:string"), testConfig, UpdateOptions{})
	mustApply(t, u, err)
	assertTree(t, planTree(t, p), dir)

	// The last collection of a project without auth has no startup
	// migration left to drop it in.
	u, err = RemoveDomain(dir, "label", testConfig, UpdateOptions{})
	mustApply(t, u, err)
	_, err = RemoveDomain(dir, "artist", testConfig, UpdateOptions{DropTable: true})
	assert.True(t, options.IsInvalid(err), "RemoveDomain(last, drop) = %v, want a refusal", err)
}

func TestApplyAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("old"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "blocker"), []byte("a file, not a directory"), 0o644))
	u := &Update{Dir: dir, Changes: []Change{
		{Path: "a.txt", Action: Replace, Old: []byte("old"), New: []byte("new")},
		{Path: "b.txt", Action: Create, New: []byte("b")},
		{Path: "blocker/c.txt", Action: Create, New: []byte("c")},
	}}
	require.Error(t, Apply(u))
	assert.Equal(t, map[string]string{"a.txt": "old", "blocker": "a file, not a directory"}, readTree(t, dir))

	u.Changes = u.Changes[:2]
	require.NoError(t, Apply(u))
	assert.Equal(t, map[string]string{"a.txt": "new", "b.txt": "b", "blocker": "a file, not a directory"}, readTree(t, dir))
	info, err := os.Stat(filepath.Join(dir, "a.txt"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "a replaced file keeps its permissions")
}
