package generator

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-gen/gen/options"
)

// The versions of gen in the upgrade tests.
const (
	oldVersion = "v0.1.0"
	newVersion = "v0.2.0"
)

// oldProject writes the project p as an older gen would have generated it:
// today's render changed by edit (the old gen's templates), with a
// manifest recording oldVersion. It returns the directory and that render,
// the base of an upgrade.
func oldProject(t *testing.T, p options.Project, edit func(files map[string][]byte)) (string, map[string][]byte) {
	t.Helper()
	plan, err := New(p, Config{Version: oldVersion})
	require.NoError(t, err)
	base := map[string][]byte{}
	for _, f := range plan.Files {
		if f.Path != ManifestFile {
			base[f.Path] = f.Content
		}
	}
	edit(base)
	m := *plan.Manifest
	m.Files = map[string]string{}
	dir := filepath.Join(t.TempDir(), "project")
	for p, content := range base {
		m.Files[p] = hash(content)
		require.NoError(t, writeFile(filepath.Join(dir, filepath.FromSlash(p)), content))
	}
	manifest, err := m.Marshal()
	require.NoError(t, err)
	require.NoError(t, writeFile(filepath.Join(dir, ManifestFile), manifest))
	return dir, maps.Clone(base)
}

func actions(u *Update) map[string]Action {
	a := map[string]Action{}
	for _, c := range u.Changes {
		a[c.Path] = c.Action
	}
	return a
}

func TestUpgrade(t *testing.T) {
	p := shopProject(t, "note:owned title:string", "artist name:string")
	want := planTree(t, p)
	oldLine := "\t// An old gen wrote this line.\n"
	dir, base := oldProject(t, p, func(files map[string][]byte) {
		files["internal/handler/handler.go"] = []byte(strings.Replace(string(files["internal/handler/handler.go"]), "\treturn r\n", oldLine+"\treturn r\n", 1))
		files["internal/handler/errors.go"] = append(files["internal/handler/errors.go"], "\n// An old gen's comment.\n"...)
		files["internal/legacy.go"] = []byte("package internal\n")
		files["internal/legacy_edited.go"] = []byte("package internal\n")
	})
	// The user's edits: a route in a file the template change touches, a
	// file gen no longer generates, a file of their own.
	editFile(t, dir, "internal/handler/handler.go", "\tregisterArtists(private, d.Artists)\n",
		"\tregisterArtists(private, d.Artists)\n\tr.Get(\"/ping\", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(\"pong\")) })\n")
	editFile(t, dir, "internal/legacy_edited.go", "package internal\n", "package internal\n\n// Mine.\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "NOTES.md"), []byte("mine\n"), 0o644))
	handler := readFile(t, dir, "internal/handler/handler.go")

	u, err := Upgrade(dir, base, Config{Version: newVersion}, UpdateOptions{})
	require.NoError(t, err)
	got := actions(u)
	assert.Equal(t, Merge, got["internal/handler/handler.go"])
	assert.Equal(t, Replace, got["internal/handler/errors.go"])
	assert.Equal(t, Delete, got["internal/legacy.go"])
	assert.NotContains(t, got, "internal/legacy_edited.go")
	assert.NotContains(t, got, "internal/service/note.go", "unchanged files are left alone")
	assert.Contains(t, u.Notes, "kept internal/legacy_edited.go: gen no longer generates it, and you edited it; delete it if nothing uses it")
	require.NoError(t, Apply(u))

	assert.Equal(t, strings.Replace(handler, oldLine, "", 1), readFile(t, dir, "internal/handler/handler.go"), "gen's change merged, the route kept")
	assert.Equal(t, want["internal/handler/errors.go"], readFile(t, dir, "internal/handler/errors.go"))
	assert.NoFileExists(t, filepath.Join(dir, "internal", "legacy.go"))
	assert.Equal(t, "package internal\n\n// Mine.\n", readFile(t, dir, "internal/legacy_edited.go"))
	assert.Equal(t, "mine\n", readFile(t, dir, "NOTES.md"))

	// The manifest is the one gen new writes today: the new version and
	// the hash of every file as this gen generates it.
	assert.Equal(t, strings.Replace(want[ManifestFile], "gen: "+testVersion, "gen: "+newVersion, 1), readFile(t, dir, ManifestFile))
	m, err := LoadManifest(dir)
	require.NoError(t, err)
	assert.Equal(t, newVersion, m.Gen)

	// Running it again changes nothing.
	u, err = Upgrade(dir, base, Config{Version: newVersion}, UpdateOptions{})
	require.NoError(t, err)
	assert.Empty(t, u.Changes)
}

func TestUpgradeConflict(t *testing.T) {
	p := shopProject(t, "artist name:string")
	oldLine := "\t// An old gen wrote this line.\n"
	dir, base := oldProject(t, p, func(files map[string][]byte) {
		files["internal/handler/handler.go"] = []byte(strings.Replace(string(files["internal/handler/handler.go"]), "\treturn r\n", oldLine+"\treturn r\n", 1))
	})
	// The user edited the very line gen's change removes.
	editFile(t, dir, "internal/handler/handler.go", oldLine, "\t// An old gen wrote this line; we keep it.\n")
	before := readTree(t, dir)

	_, err := Upgrade(dir, base, Config{Version: newVersion}, UpdateOptions{})
	var conflict *ConflictError
	require.ErrorAs(t, err, &conflict)
	assert.Contains(t, err.Error(), "internal/handler/handler.go: your edits overlap what gen needs to change")
	assert.Contains(t, err.Error(), "- \t// An old gen wrote this line; we keep it.")
	assert.Equal(t, before, readTree(t, dir), "nothing changed")

	u, err := Upgrade(dir, base, Config{Version: newVersion}, UpdateOptions{Force: true})
	require.NoError(t, err)
	assert.Equal(t, Overwrite, actions(u)["internal/handler/handler.go"])
	require.NoError(t, Apply(u))
	assert.Equal(t, planTree(t, p)["internal/handler/handler.go"], readFile(t, dir, "internal/handler/handler.go"))
}

// TestUpgradeMigrations: a migration a later gen added gets an id after
// every migration the project has, applied ones stay as they are, and
// gen add after the upgrade keeps it where it is.
func TestUpgradeMigrations(t *testing.T) {
	p := shopProject(t, "artist name:string")
	p.Database = options.Postgres
	users := migrationsDir + "00001_create_users.sql"
	// The old gen had no rate_limits table (00002 today) and gave the
	// first domain 00002; its users table was another.
	dir, base := oldProject(t, p, func(files map[string][]byte) {
		delete(files, migrationsDir+"00002_create_rate_limits.sql")
		files[migrationsDir+"00002_create_artists.sql"] = files[migrationsDir+"00003_create_artists.sql"]
		delete(files, migrationsDir+"00003_create_artists.sql")
		files[users] = append([]byte("-- the old users table\n"), files[users]...)
	})
	raw := readFile(t, dir, ManifestFile)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ManifestFile), []byte(strings.Replace(raw, `migration: "00003"`, `migration: "00002"`, 1)), 0o644))
	// And the user wrote a migration of their own.
	require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.FromSlash(migrationsDir), "00007_add_index.sql"), []byte("-- +goose Up\n"), 0o644))
	usersBefore := readFile(t, dir, users)

	u, err := Upgrade(dir, base, Config{Version: newVersion}, UpdateOptions{})
	require.NoError(t, err)
	got := actions(u)
	assert.Equal(t, Create, got[migrationsDir+"00008_create_rate_limits.sql"], "after every migration, the user's included")
	assert.NotContains(t, got, migrationsDir+"00002_create_rate_limits.sql")
	assert.NotContains(t, got, users, "applied migrations are never edited")
	assert.NotContains(t, got, migrationsDir+"00002_create_artists.sql")
	assert.Contains(t, u.Notes, "kept "+users+" as it is: gen now generates it differently, but a migration databases have applied is never edited; write a new migration for the difference if the code needs it")
	require.NoError(t, Apply(u))
	assert.Equal(t, usersBefore, readFile(t, dir, users))

	// gen add finds the rate_limits migration where the upgrade put it.
	u, err = AddDomain(dir, domain(t, "event title:string"), Config{Version: newVersion}, UpdateOptions{})
	require.NoError(t, err)
	got = actions(u)
	assert.Equal(t, Create, got[migrationsDir+"00009_create_events.sql"])
	for p := range got {
		assert.NotContains(t, p, "rate_limits")
	}
}

func TestUpgradeVersions(t *testing.T) {
	p := shopProject(t, "artist name:string")
	dir, base := oldProject(t, p, func(map[string][]byte) {})

	// A project of this version: nothing to do.
	u, err := Upgrade(dir, base, Config{Version: oldVersion}, UpdateOptions{})
	require.NoError(t, err)
	assert.Empty(t, u.Changes)

	// A project of a newer gen is refused, by gen upgrade, add and remove.
	var invalid *options.Error
	_, err = Upgrade(dir, base, Config{Version: "v0.0.9"}, UpdateOptions{})
	require.ErrorAs(t, err, &invalid)
	assert.Equal(t, "gen.yaml was written by gen v0.1.0, which is newer than this gen v0.0.9; install gen v0.1.0 or later to work on this project", err.Error())
	_, err = AddDomain(dir, domain(t, "event title:string"), Config{Version: "v0.0.9"}, UpdateOptions{})
	require.ErrorAs(t, err, &invalid)
	assert.Contains(t, err.Error(), "newer than this gen v0.0.9; run gen add domain with gen v0.1.0 or later")

	// An older one: gen add and remove refuse and point to gen upgrade.
	before := readTree(t, dir)
	_, err = AddDomain(dir, domain(t, "event title:string"), Config{Version: newVersion}, UpdateOptions{})
	require.ErrorAs(t, err, &invalid)
	assert.Equal(t, "gen.yaml was written by gen v0.1.0, and this is gen v0.2.0; run gen upgrade first to bring the project to this gen, then gen add domain", err.Error())
	_, err = RemoveDomain(dir, "artist", Config{Version: newVersion}, UpdateOptions{})
	require.ErrorAs(t, err, &invalid)
	assert.Contains(t, err.Error(), "run gen upgrade first")
	assert.Equal(t, before, readTree(t, dir))
}

func TestVersionOrder(t *testing.T) {
	tests := []struct {
		a, b  string
		newer bool
	}{
		{"v0.2.0", "v0.1.0", true},
		{"v0.1.0", "v0.2.0", false},
		{"v0.1.0", "v0.0.0-20261129095537-c36ea7dfbb78", true},
		{"v0.0.0-20261129095537-c36ea7dfbb78", "v0.0.0-20261129093934-3424521aaaaa", true},
		{"v0.0.0-20261129093934-3424521aaaaa", "v0.0.0-20261129095537-c36ea7dfbb78", false},
		{"v1.0.0+dirty", "v1.0.0", false},
		{DevelVersion, "v0.1.0", false},
		{"v0.1.0", DevelVersion, false},
	}
	for _, tt := range tests {
		if got := Newer(tt.a, tt.b); got != tt.newer {
			t.Errorf("Newer(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.newer)
		}
	}
	for v, want := range map[string]bool{
		"v1.2.0": true, "v0.0.0-20261129095537-c36ea7dfbb78": true,
		"v0.0.0-20261129095537-c36ea7dfbb78+dirty": false, DevelVersion: false, "1.2.0": false,
	} {
		if got := Downloadable(v); got != want {
			t.Errorf("Downloadable(%q) = %v, want %v", v, got, want)
		}
	}
}
