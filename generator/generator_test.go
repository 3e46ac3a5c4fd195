package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-gen/gen/options"
	"github.com/go-gen/gen/templates"
)

func TestManifestRoundTrip(t *testing.T) {
	c := goldenCases[len(goldenCases)-1]
	plan := c.plan(t)
	var raw []byte
	for _, f := range plan.Files {
		if f.Path == ManifestFile {
			raw = f.Content
		}
	}
	require.NotNil(t, raw, "the plan has no %s", ManifestFile)
	m, err := ParseManifest(raw)
	require.NoError(t, err)
	p, err := m.Project()
	require.NoError(t, err)
	assert.Equal(t, c.options(t), p, "options rebuilt from the manifest")
	for _, f := range plan.Files {
		if f.Path == ManifestFile {
			continue
		}
		assert.Equal(t, hash(f.Content), m.Files[f.Path], "manifest hash of %s", f.Path)
	}
	assert.Len(t, m.Files, len(plan.Files)-1, "the manifest hashes every file but itself")
}

func TestNewRejectsInvalidOptions(t *testing.T) {
	_, err := New(options.Project{Name: "Bad Name", Database: options.SQLite}, Config{})
	if !options.IsInvalid(err) {
		t.Errorf("New(bad name) = %v, want an *options.Error", err)
	}
}

func TestMigrationIDs(t *testing.T) {
	p := findCase(t, "sqlite-types").options(t)
	data := newProject(p, map[string]string{p.Domains[1].Name: "00007"})
	got := []string{data.Domains[0].Migration, data.Domains[1].Migration, data.Domains[2].Migration}
	want := []string{"00008", "00007", "00009"}
	assert.Equal(t, want, got, "existing ids are kept, new ones follow the highest")

	// With auth the users table takes the first id and the sessions the
	// second (after the rate limits on PostgreSQL).
	p = findCase(t, "sqlite-auth").options(t)
	data = newProject(p, nil)
	got = []string{data.Domains[0].Migration, data.Domains[1].Migration}
	assert.Equal(t, []string{"00003", "00004"}, got, "domain ids after the users and sessions migrations")
	p = findCase(t, "postgres-auth").options(t)
	data = newProject(p, nil)
	assert.Equal(t, "00004", data.Domains[0].Migration, "first domain id after the users, rate limits and sessions migrations")

	// MongoDB has no migrations.
	data = newProject(findCase(t, "mongodb-auth").options(t), nil)
	for _, d := range data.Domains {
		assert.Empty(t, d.Migration, "MongoDB domain %s", d.Name)
	}
}

func findCase(t testing.TB, name string) goldenCase {
	t.Helper()
	for _, c := range goldenCases {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no golden case %s", name)
	return goldenCase{}
}

// TestEveryTemplateIsUsed keeps the template tree and the file table in
// step: a template no row names is dead, a row without a template fails.
func TestEveryTemplateIsUsed(t *testing.T) {
	used := map[string]bool{}
	for _, row := range projectFiles {
		used[row.template] = true
	}
	err := fs.WalkDir(templates.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !used[name] {
			t.Errorf("template %s is in no row of projectFiles", name)
		}
		delete(used, name)
		return nil
	})
	require.NoError(t, err)
	for name := range used {
		t.Errorf("projectFiles names %s, which is not in templates/project", name)
	}
}

func TestWriteNewDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "demo")
	plan := &Plan{Files: []File{{Path: "go.mod", Content: []byte("module demo\n")}, {Path: "internal/x/x.go", Content: []byte("package x\n")}}}
	require.NoError(t, Write(plan, dir, WriteOptions{}))
	for _, f := range plan.Files {
		got, err := os.ReadFile(filepath.Join(dir, f.Path))
		require.NoError(t, err)
		assert.Equal(t, string(f.Content), string(got))
	}
	entries, err := os.ReadDir(filepath.Dir(dir))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "the staging directory is gone")
}

func TestWriteRefusesNonEmpty(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mine.txt"), []byte("mine"), 0o644))
	plan := &Plan{Files: []File{{Path: "go.mod", Content: []byte("module demo\n")}}}
	err := Write(plan, dir, WriteOptions{})
	require.Error(t, err)
	assert.True(t, options.IsInvalid(err), "refusal is an input error: %v", err)
	_, statErr := os.Stat(filepath.Join(dir, "go.mod"))
	assert.True(t, errors.Is(statErr, fs.ErrNotExist), "nothing written")

	require.NoError(t, Write(plan, dir, WriteOptions{Force: true}))
	mine, err := os.ReadFile(filepath.Join(dir, "mine.txt"))
	require.NoError(t, err)
	assert.Equal(t, "mine", string(mine), "--force leaves other files alone")
}

// TestWriteIsAllOrNothing makes a move fail half-way (a file stands where
// a directory must go) and checks the target is as it was.
func TestWriteIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("old a"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "z"), []byte("a file"), 0o644))
	plan := &Plan{Files: []File{
		{Path: "a.txt", Content: []byte("new a")},
		{Path: "b.txt", Content: []byte("new b")},
		{Path: "z/blocked.txt", Content: []byte("z is a file, not a directory")},
	}}
	err := Write(plan, dir, WriteOptions{Force: true})
	require.Error(t, err)
	a, readErr := os.ReadFile(filepath.Join(dir, "a.txt"))
	require.NoError(t, readErr)
	assert.Equal(t, "old a", string(a), "a replaced file is restored")
	_, statErr := os.Stat(filepath.Join(dir, "b.txt"))
	assert.True(t, errors.Is(statErr, fs.ErrNotExist), "a created file is removed")
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		assert.False(t, strings.Contains(e.Name(), ".gen-"), "staging directory %s left behind", e.Name())
	}
}

// BenchmarkNew measures gen new with auth and ten domains of every field
// type, every other one owned: rendering, formatting and writing the whole
// project.
func BenchmarkNew(b *testing.B) {
	specs := findCase(b, "sqlite-types").specs
	p := options.Project{Name: "bench", Module: "example.com/bench", Database: options.SQLite, Auth: true}
	for i := range 10 {
		d, err := options.ParseDomain(specs[i%len(specs)])
		require.NoError(b, err)
		d.Name = fmt.Sprintf("thing%d", i)
		d.Owned = i%2 == 1
		p.Domains = append(p.Domains, d)
	}
	root := b.TempDir()
	b.ResetTimer()
	for i := range b.N {
		plan, err := New(p, Config{Version: testVersion})
		if err != nil {
			b.Fatal(err)
		}
		if err := Write(plan, filepath.Join(root, fmt.Sprint(i)), WriteOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
