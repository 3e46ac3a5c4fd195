package generator

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-gen/gen/options"
)

// Growing a project (gen add domain, gen remove domain) works from the
// manifest: it names the options and domains the project was generated
// with, so gen can render the project as it was and as it will be. Files
// the user never touched (their hash is the manifest's) are replaced by the
// new render; files the user edited get only gen's change, merged into the
// user's version (see mergeLines); files that belong to one domain are never
// re-rendered for another, so adding a domain reads and renders only the
// project-wide files and the new domain's own.

// Action is what an update does to one file.
type Action string

// The actions of an update.
const (
	// Create writes a file that does not exist yet.
	Create Action = "create"
	// Replace rewrites a file gen wrote and the user has not changed.
	Replace Action = "update"
	// Merge adds gen's change to a file the user edited, keeping the edits.
	Merge Action = "merge"
	// Overwrite replaces a file the user edited (only with --force).
	Overwrite Action = "overwrite"
	// Delete removes a file.
	Delete Action = "delete"
)

// Change is one planned change of a file in an existing project.
type Change struct {
	// Path is slash-separated and relative to the project root.
	Path   string
	Action Action
	// Old is the file's content on disk now; nil for Create.
	Old []byte
	// New is the content to write; nil for Delete.
	New []byte

	// edited is set when Old holds edits of the user's.
	edited bool
}

// Loses reports whether the change discards edits the user made: an
// overwrite, or the deletion of an edited file.
func (c Change) Loses() bool { return c.Action == Overwrite || (c.Action == Delete && c.edited) }

// Update is a planned change of an existing project, ready to be applied.
type Update struct {
	Dir     string
	Changes []Change
	// Manifest is the project's new manifest.
	Manifest *Manifest
	// Notes tell the user about files gen left alone.
	Notes []string
}

// UpdateOptions controls how gen changes an existing project.
type UpdateOptions struct {
	// Force allows overwriting or deleting files the user edited, and files
	// gen did not write that stand where gen needs to write.
	Force bool
	// DropTable makes gen remove domain add a migration that drops the
	// domain's table (on MongoDB: drops its collection at startup).
	DropTable bool
}

// ConflictError is an update gen refuses because it would lose the user's
// work; nothing was written. The CLI exits with status 1 on it.
type ConflictError struct {
	Msg string
}

func (e *ConflictError) Error() string { return e.Msg }

// existing is a generated project as found on disk.
type existing struct {
	dir      string
	manifest *Manifest
	options  options.Project
	data     *Project
}

// load reads the project in dir through its manifest.
func load(dir string) (*existing, error) {
	raw, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &options.Error{Msg: fmt.Sprintf("%s has no %s, so it is not a project made by gen new; run gen inside one, or point -C at it", displayDir(dir), ManifestFile)}
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	m, err := ParseManifest(raw)
	if err != nil {
		return nil, err
	}
	p, err := m.Project()
	if err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("%s describes a project gen cannot generate: %w", ManifestFile, err)
	}
	migrations := map[string]string{}
	for i, d := range m.Domains {
		if d.Migration != "" {
			migrations[p.Domains[i].Name] = d.Migration
		}
	}
	data := newProject(p, migrations)
	data.Dropped = m.Dropped
	return &existing{dir: dir, manifest: m, options: p, data: data}, nil
}

func displayDir(dir string) string {
	if dir == "." || dir == "" {
		return "this directory"
	}
	return dir
}

// AddDomain plans adding d to the project in dir. Adding a domain the
// project has with the same spec plans nothing; with another spec it is an
// *options.Error, and so is a project recorded by another version of gen
// (see Upgrade). A plan that would lose the user's edits is a
// *ConflictError unless opt.Force.
func AddDomain(dir string, d options.Domain, cfg Config, opt UpdateOptions) (*Update, error) {
	e, err := load(dir)
	if err != nil {
		return nil, err
	}
	if err := e.checkSameVersion("gen add domain", cfg); err != nil {
		return nil, err
	}
	for _, have := range e.options.Domains {
		if have.Name != d.Name {
			continue
		}
		if have.Spec() == d.Spec() {
			return &Update{Dir: dir, Manifest: e.manifest}, nil
		}
		return nil, &options.Error{Msg: fmt.Sprintf("domain %q exists already as %q; gen add cannot change a domain (edit its files, or gen remove domain %s first)", d.Name, have.Spec(), d.Name)}
	}
	p := e.options
	p.Domains = append(slices.Clone(p.Domains), d)
	if err := p.Validate(); err != nil {
		return nil, err
	}
	migrations := map[string]string{}
	for _, old := range e.data.Domains {
		migrations[old.Name] = old.Migration
	}
	removed := slices.Clone(e.manifest.Removed)
	if p.Database != options.MongoDB {
		// A domain removed earlier whose table stayed comes back on its
		// old table and migration, as long as its spec is the same.
		if i := slices.IndexFunc(removed, func(r ManifestDomain) bool { return specName(r.Spec) == d.Name }); i >= 0 {
			if removed[i].Spec != d.Spec() {
				return nil, &options.Error{Msg: fmt.Sprintf("domain %q was removed earlier and its table %s is still there, made for %q; add it back with that spec, or add it back, then gen remove domain %s --drop-table, then add the new spec", d.Name, d.Table(), removed[i].Spec, d.Name)}
			}
			migrations[d.Name] = removed[i].Migration
			removed = slices.Delete(removed, i, i+1)
		} else {
			next, err := e.nextMigration()
			if err != nil {
				return nil, err
			}
			migrations[d.Name] = next
		}
	}
	data := newProject(p, migrations)
	data.Dropped = slices.DeleteFunc(slices.Clone(e.manifest.Dropped), func(c string) bool { return c == d.Table() })
	u, err := e.update(data, func(x Domain) bool { return x.Name == d.Name }, nil, cfg, opt)
	if err != nil {
		return nil, err
	}
	u.Manifest.Dropped = data.Dropped
	u.Manifest.Removed = removed
	return u, e.recordManifest(u)
}

// specName is the domain name a canonical spec starts with.
func specName(spec string) string {
	name, _, _ := strings.Cut(spec, " ")
	name, _, _ = strings.Cut(name, ":")
	return name
}

// RemoveDomain plans removing the domain name from the project in dir: its
// files, its wiring and its manifest entry. Its table and data stay unless
// opt.DropTable. The migration that created the table stays too, as
// databases have applied it. A project recorded by another version of gen
// is an *options.Error (see Upgrade).
func RemoveDomain(dir, name string, cfg Config, opt UpdateOptions) (*Update, error) {
	e, err := load(dir)
	if err != nil {
		return nil, err
	}
	if err := e.checkSameVersion("gen remove domain", cfg); err != nil {
		return nil, err
	}
	i := slices.IndexFunc(e.data.Domains, func(d Domain) bool { return d.Name == name })
	if i < 0 {
		var names []string
		for _, d := range e.data.Domains {
			names = append(names, d.Name)
		}
		have := "it has no domains"
		if len(names) > 0 {
			have = "its domains are " + strings.Join(names, ", ")
		}
		return nil, &options.Error{Msg: fmt.Sprintf("the project has no domain %q; %s", name, have)}
	}
	gone := e.data.Domains[i]
	if refs := e.data.ReferencesTo(name); len(refs) > 0 {
		var by []string
		for _, r := range refs {
			by = append(by, r.Child.Name+"."+r.Field.Name)
		}
		return nil, &options.Error{Msg: fmt.Sprintf("domain %q is still referred to by %s; remove those first", name, strings.Join(by, ", "))}
	}
	p := e.options
	p.Domains = slices.Delete(slices.Clone(p.Domains), i, i+1)
	migrations := map[string]string{}
	for _, d := range e.data.Domains {
		migrations[d.Name] = d.Migration
	}
	data := newProject(p, migrations)
	data.Dropped = slices.Clone(e.manifest.Dropped)

	// The domain's own files go, except its migration: databases have
	// applied it, and goose must still find it.
	var removed []string
	for _, j := range projectJobs(e.data, func(d Domain) bool { return d.Name == name }) {
		if _, perDomain := j.data.(DomainData); perDomain && !strings.HasPrefix(j.path, migrationsDir) {
			removed = append(removed, j.path)
		}
	}
	var extra []File
	if opt.DropTable {
		if p.Database == options.MongoDB {
			if !data.HasTables() {
				return nil, &options.Error{Msg: fmt.Sprintf("--drop-table needs another collection to stay: without domains or auth the project has no startup migration to drop %s in; drop it with mongosh instead", gone.Table)}
			}
			if !slices.Contains(data.Dropped, gone.Table) {
				data.Dropped = append(data.Dropped, gone.Table)
			}
		} else {
			f, err := e.dropMigration(gone)
			if err != nil {
				return nil, err
			}
			extra = append(extra, f)
		}
	}
	u, err := e.update(data, func(Domain) bool { return false }, removed, cfg, opt)
	if err != nil {
		return nil, err
	}
	for _, f := range extra {
		u.Changes = append(u.Changes, Change{Path: f.Path, Action: Create, New: f.Content})
		u.Manifest.Files[f.Path] = hash(f.Content)
	}
	u.Manifest.Dropped = data.Dropped
	u.Manifest.Removed = slices.Clone(e.manifest.Removed)
	if gone.Migration != "" && !opt.DropTable {
		u.Manifest.Removed = append(u.Manifest.Removed, ManifestDomain{Spec: gone.Spec(), Migration: gone.Migration})
	}
	sortChanges(u.Changes)
	return u, e.recordManifest(u)
}

// recordManifest adds the new manifest to an update that changes anything.
func (e *existing) recordManifest(u *Update) error {
	if len(u.Changes) == 0 {
		return nil
	}
	content, err := u.Manifest.Marshal()
	if err != nil {
		return err
	}
	old, err := os.ReadFile(filepath.Join(e.dir, ManifestFile))
	if err != nil {
		return fmt.Errorf("read manifest: %w", err)
	}
	u.Changes = append(u.Changes, Change{Path: ManifestFile, Action: Replace, Old: old, New: content})
	return nil
}

// migrationsDir holds a SQL project's migrations.
const migrationsDir = "internal/database/migrations/"

var migrationVersion = regexp.MustCompile(`^([0-9]+)_.*\.sql$`)

// nextMigration returns the id of the next migration: one past the highest
// version in the manifest or on disk (the user may have added their own).
func (e *existing) nextMigration() (string, error) {
	high := 0
	switch {
	case e.options.Auth && e.options.Database == options.Postgres:
		high = 2 // rateLimitsMigration
	case e.options.Auth:
		high = 1 // usersMigration
	}
	consider := func(name string) {
		if m := migrationVersion.FindStringSubmatch(name); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n > high {
				high = n
			}
		}
	}
	for p := range e.manifest.Files {
		if strings.HasPrefix(p, migrationsDir) {
			consider(strings.TrimPrefix(p, migrationsDir))
		}
	}
	entries, err := os.ReadDir(filepath.Join(e.dir, filepath.FromSlash(migrationsDir)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("read migrations: %w", err)
	}
	for _, entry := range entries {
		consider(entry.Name())
	}
	return fmt.Sprintf("%05d", high+1), nil
}

// dropMigration renders the migration that drops d's table; its down
// migration creates the table again, empty.
func (e *existing) dropMigration(d Domain) (File, error) {
	id, err := e.nextMigration()
	if err != nil {
		return File{}, err
	}
	create := job{}
	for _, j := range projectJobs(e.data, func(x Domain) bool { return x.Name == d.Name }) {
		if strings.HasPrefix(j.path, migrationsDir) {
			create = j
		}
	}
	files, err := renderJobs([]job{create}, e.data, false)
	if err != nil {
		return File{}, err
	}
	up, _, _ := strings.Cut(strings.TrimPrefix(string(files[0].Content), "-- +goose Up\n"), "-- +goose Down")
	content := fmt.Sprintf("-- +goose Up\n-- gen remove domain %s --drop-table: the table and every row in it go.\nDROP TABLE %s;\n\n-- +goose Down\n-- The table comes back empty.\n%s", d.Name, d.Table, strings.TrimRight(up, "\n")+"\n")
	return File{Path: fmt.Sprintf("%s%s_drop_%s.sql", migrationsDir, id, d.Table), Content: []byte(content)}, nil
}

// plan decides what writing f does to the project and records it in u:
// nothing when the file is up to date, a create, a note for a generated
// file the user deleted, a replace of a file nobody edited, or an
// overwrite of a file gen did not write, which needs force (without it,
// plan returns the problem). A file the user edited goes into edited with
// its current content, to be merged.
func (e *existing) plan(u *Update, f File, force bool, edited map[string][]byte) (problem string, err error) {
	old, err := os.ReadFile(filepath.Join(e.dir, filepath.FromSlash(f.Path)))
	recorded, tracked := e.manifest.Files[f.Path]
	switch {
	case errors.Is(err, fs.ErrNotExist) && tracked:
		u.Notes = append(u.Notes, fmt.Sprintf("skipped %s: you deleted it", f.Path))
	case errors.Is(err, fs.ErrNotExist):
		u.Changes = append(u.Changes, Change{Path: f.Path, Action: Create, New: f.Content})
	case err != nil:
		return "", fmt.Errorf("read %s: %w", f.Path, err)
	case bytes.Equal(old, f.Content):
		// Up to date.
	case !tracked && !force:
		return fmt.Sprintf("%s exists, but gen did not write it; move it away, or pass --force to replace it", f.Path), nil
	case !tracked:
		u.Changes = append(u.Changes, Change{Path: f.Path, Action: Overwrite, Old: old, New: f.Content, edited: true})
	case hash(old) == recorded:
		u.Changes = append(u.Changes, Change{Path: f.Path, Action: Replace, Old: old, New: f.Content})
	default:
		edited[f.Path] = old
	}
	return "", nil
}

// update plans bringing the project from e to data: every project-wide
// file, the per-domain files of the domains for which render holds, and the
// removal of the files in removed and of project-wide files data no longer
// needs.
func (e *existing) update(data *Project, render func(Domain) bool, removed []string, cfg Config, opt UpdateOptions) (*Update, error) {
	files, err := renderJobs(e.jobs(data, render), data, true)
	if err != nil {
		return nil, err
	}
	m := &Manifest{
		Gen:      cfg.Version,
		Name:     e.manifest.Name,
		Module:   e.manifest.Module,
		Database: e.manifest.Database,
		Auth:     e.manifest.Auth,
		Files:    make(map[string]string, len(e.manifest.Files)+len(files)),
	}
	for _, d := range data.Domains {
		m.Domains = append(m.Domains, ManifestDomain{Spec: d.Spec(), Migration: d.Migration})
	}
	for p, h := range e.manifest.Files {
		m.Files[p] = h
	}
	u := &Update{Dir: e.dir, Manifest: m}

	var problems []string
	edited := map[string][]byte{} // path → the user's version
	newContent := map[string][]byte{}
	for _, f := range files {
		newContent[f.Path] = f.Content
		m.Files[f.Path] = hash(f.Content)
		problem, err := e.plan(u, f, opt.Force, edited)
		if err != nil {
			return nil, err
		}
		if problem != "" {
			problems = append(problems, problem)
		}
	}

	// Project-wide files the project no longer needs (e.g. the date type
	// once no domain has a date) go like the removed domain's files.
	for _, j := range e.jobs(e.data, func(Domain) bool { return false }) {
		if _, ok := newContent[j.path]; !ok {
			removed = append(removed, j.path)
		}
	}
	for _, p := range removed {
		delete(m.Files, p)
		old, err := os.ReadFile(filepath.Join(e.dir, filepath.FromSlash(p)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return nil, fmt.Errorf("read %s: %w", p, err)
		case hash(old) == e.manifest.Files[p]:
			u.Changes = append(u.Changes, Change{Path: p, Action: Delete, Old: old})
		case opt.Force:
			u.Changes = append(u.Changes, Change{Path: p, Action: Delete, Old: old, edited: true})
		default:
			problems = append(problems, fmt.Sprintf("%s would be deleted, but you edited it; pass --force to delete it anyway", p))
		}
	}

	if len(edited) > 0 {
		base, err := e.render(edited)
		if err != nil {
			return nil, err
		}
		for _, p := range sortedKeys(edited) {
			c, problem := mergeChange(p, base[p], edited[p], newContent[p], opt.Force)
			switch {
			case problem != "":
				problems = append(problems, problem)
			case c.Action != "":
				u.Changes = append(u.Changes, c)
			default:
				// gen's change does not touch this file: it stays the user's,
				// and the manifest keeps recording gen's version.
				m.Files[p] = e.manifest.Files[p]
			}
		}
	}
	if len(problems) > 0 {
		return nil, &ConflictError{Msg: "nothing was changed:\n" + strings.Join(problems, "\n")}
	}
	sortChanges(u.Changes)
	return u, nil
}

// render renders the files at paths as gen generated them for the project
// the manifest describes: the base of a merge.
func (e *existing) render(paths map[string][]byte) (map[string][]byte, error) {
	var jobs []job
	for _, j := range e.jobs(e.data, func(Domain) bool { return true }) {
		if _, ok := paths[j.path]; ok {
			jobs = append(jobs, j)
		}
	}
	_, mod := paths["go.mod"]
	_, sum := paths["go.sum"]
	files, err := renderJobs(jobs, e.data, mod || sum)
	if err != nil {
		return nil, err
	}
	base := map[string][]byte{}
	for _, f := range files {
		base[f.Path] = f.Content
	}
	return base, nil
}

// mergeChange merges gen's change of one edited file (base → theirs) into
// the user's version mine. It returns the change to make (none when gen's
// change leaves the file alone), or a problem to report.
func mergeChange(p string, base, mine, theirs []byte, force bool) (Change, string) {
	if base == nil {
		// Rendered by another version of gen, or from a template that no
		// longer exists: nothing to merge against.
		if force {
			return Change{Path: p, Action: Overwrite, Old: mine, New: theirs, edited: true}, ""
		}
		return Change{}, fmt.Sprintf("%s: you edited it and gen cannot tell your edits from its own; pass --force to replace it", p)
	}
	if bytes.Equal(base, theirs) {
		return Change{}, ""
	}
	var merged []byte
	switch p {
	case "go.mod":
		out, err := mergeGoMod(base, mine, theirs)
		if err != nil {
			return Change{}, err.Error()
		}
		merged = out
	case "go.sum":
		merged = mergeGoSum(mine, theirs)
	default:
		out, conflicts := mergeLines(base, mine, theirs)
		if len(conflicts) > 0 {
			if force {
				return Change{Path: p, Action: Overwrite, Old: mine, New: theirs, edited: true}, ""
			}
			return Change{}, conflictError(p, conflicts) + "\n  make that change by hand, or pass --force to replace the file with gen's version"
		}
		if path.Ext(p) == ".go" {
			formatted, err := format.Source(out)
			if err != nil {
				return Change{}, fmt.Sprintf("%s: merging gen's change into your edits gives code that does not parse (%v); make the change by hand", p, err)
			}
			out = formatted
		}
		merged = out
	}
	if bytes.Equal(merged, mine) {
		return Change{}, ""
	}
	return Change{Path: p, Action: Merge, Old: mine, New: merged}, ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func sortChanges(cs []Change) {
	slices.SortFunc(cs, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
}

// LoadProject returns the options the project in dir was generated with,
// as its manifest records them.
func LoadProject(dir string) (options.Project, error) {
	e, err := load(dir)
	if err != nil {
		return options.Project{}, err
	}
	return e.options, nil
}

// DomainNames lists the domains of the project in dir, in manifest order.
func DomainNames(dir string) ([]string, error) {
	p, err := LoadProject(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, d := range p.Domains {
		names = append(names, d.Name)
	}
	return names, nil
}
