package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/go-gen/gen/options"
)

// Upgrading a project (gen upgrade) brings it from the gen version its
// manifest records to the running one. The base of the three-way merge is
// the project as the recorded version generated it — that version's own
// gen new, run with the manifest's options and domains, which the caller
// supplies as Upgrade's base — and the target is this gen's render of the
// same manifest. Files the user never touched are replaced by the target,
// files the user edited get the change from base to target merged into
// them (mergeChange, as for gen add), files gen no longer generates go when
// untouched and stay, reported, when edited, and new files are created.
// Migrations are never edited: a new one gets an id after every migration
// the project has.
//
// A version of gen is what the manifest's gen field holds: a semantic
// version for a release ("v1.2.0"), a Go pseudo-version for a build of a
// commit ("v0.0.0-20261129095537-c36ea7dfbb78", what go install …@<commit>
// records), or "(devel)" for a build that carries no version. Two versions
// are the same when they are the same string; one is newer than another
// only when both are semantic versions and it sorts after it.

// DevelVersion is the version of a gen built without version information
// (go run, go build with -buildvcs=false, a test binary).
const DevelVersion = "(devel)"

// Newer reports whether version a is known to be newer than b: both are
// semantic versions (pseudo-versions included) and a sorts after b.
func Newer(a, b string) bool {
	return semver.IsValid(a) && semver.IsValid(b) && semver.Compare(a, b) > 0
}

// Downloadable reports whether the Go module proxy can serve version of
// gen: a semantic version or pseudo-version without build metadata (such
// as the "+dirty" of a build with uncommitted changes).
func Downloadable(version string) bool {
	return semver.IsValid(version) && semver.Build(version) == ""
}

// CheckUpgrade tells gen upgrade what to do with a project whose manifest
// is m when the running gen is current: nothing (upToDate, m records
// current already), an upgrade (false, nil), or a refusal (an
// *options.Error) when m was written by a newer gen.
func CheckUpgrade(m *Manifest, current string) (upToDate bool, err error) {
	switch {
	case m.Gen == current:
		return true, nil
	case Newer(m.Gen, current):
		return false, &options.Error{Msg: fmt.Sprintf("%s was written by gen %s, which is newer than this gen %s; install gen %s or later to work on this project", ManifestFile, m.Gen, current, m.Gen)}
	}
	return false, nil
}

// checkSameVersion refuses, with an *options.Error, to change a project
// recorded by another version of gen: its files were generated from other
// templates, so gen add and gen remove would rewrite them silently.
func (e *existing) checkSameVersion(command string, cfg Config) error {
	if e.manifest.Gen == cfg.Version {
		return nil
	}
	if Newer(e.manifest.Gen, cfg.Version) {
		return &options.Error{Msg: fmt.Sprintf("%s was written by gen %s, which is newer than this gen %s; run %s with gen %s or later", ManifestFile, e.manifest.Gen, cfg.Version, command, e.manifest.Gen)}
	}
	return &options.Error{Msg: fmt.Sprintf("%s was written by gen %s, and this is gen %s; run gen upgrade first to bring the project to this gen, then %s", ManifestFile, e.manifest.Gen, cfg.Version, command)}
}

// LoadManifest reads the manifest of the project in dir and checks that it
// describes a project gen can generate. A directory without one is an
// *options.Error.
func LoadManifest(dir string) (*Manifest, error) {
	e, err := load(dir)
	if err != nil {
		return nil, err
	}
	return e.manifest, nil
}

// Upgrade plans bringing the project in dir to this gen (cfg.Version).
// base is the project as the gen version its manifest records generated
// it: every file that version's gen new wrote for the manifest's options
// and domains, by slash-separated path, gen.yaml left out. A project that
// records cfg.Version already plans nothing; one recorded by a newer gen is
// an *options.Error. A plan that would lose the user's edits is a
// *ConflictError unless opt.Force.
func Upgrade(dir string, base map[string][]byte, cfg Config, opt UpdateOptions) (*Update, error) {
	e, err := load(dir)
	if err != nil {
		return nil, err
	}
	upToDate, err := CheckUpgrade(e.manifest, cfg.Version)
	if err != nil {
		return nil, err
	}
	if upToDate {
		return &Update{Dir: dir, Manifest: e.manifest}, nil
	}
	files, err := renderJobs(projectJobs(e.data, func(Domain) bool { return true }), e.data, true)
	if err != nil {
		return nil, err
	}
	m := *e.manifest
	m.Gen = cfg.Version
	m.Files = maps.Clone(e.manifest.Files)
	u := &Update{Dir: dir, Manifest: &m}

	migrations, err := e.migrations()
	if err != nil {
		return nil, err
	}
	baseMigrations := map[string][]byte{} // by name without the id
	for p, content := range base {
		if name, ok := migrationName(p); ok {
			baseMigrations[name] = content
		}
	}

	var problems []string
	target := map[string]bool{}
	edited := map[string][]byte{} // path → the user's version
	newContent := map[string][]byte{}
	for _, f := range files {
		if name, ok := migrationName(f.Path); ok {
			e.upgradeMigration(u, migrations, name, f, baseMigrations[name])
			continue
		}
		target[f.Path] = true
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

	// Files the old gen generated and this one does not: gone when the
	// user left them alone, kept (and no longer gen's) when edited.
	for _, p := range sortedKeys(base) {
		if _, migration := migrationName(p); migration || target[p] {
			continue
		}
		recorded, tracked := e.manifest.Files[p]
		if !tracked {
			continue
		}
		delete(m.Files, p)
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("read %s: %w", p, err)
		case hash(old) == recorded:
			u.Changes = append(u.Changes, Change{Path: p, Action: Delete, Old: old})
		default:
			u.Notes = append(u.Notes, fmt.Sprintf("kept %s: gen no longer generates it, and you edited it; delete it if nothing uses it", p))
		}
	}

	for _, p := range sortedKeys(edited) {
		c, problem := mergeChange(p, base[p], edited[p], newContent[p], opt.Force)
		switch {
		case problem != "":
			problems = append(problems, problem)
		case c.Action != "":
			u.Changes = append(u.Changes, c)
		}
	}
	if len(problems) > 0 {
		return nil, &ConflictError{Msg: "nothing was changed:\n" + strings.Join(problems, "\n")}
	}
	sortChanges(u.Changes)
	content, err := m.Marshal()
	if err != nil {
		return nil, err
	}
	old, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	u.Changes = append(u.Changes, Change{Path: ManifestFile, Action: Replace, Old: old, New: content})
	return u, nil
}

// projectMigrations are the migrations a project has: every migration file
// its manifest records or its migrations directory holds (the user may
// have written their own), by name without the id.
type projectMigrations struct {
	byName map[string]string // name → path, for those gen wrote
	high   int               // the highest id of all
}

// migrations lists the migrations of the project.
func (e *existing) migrations() (*projectMigrations, error) {
	pm := &projectMigrations{byName: map[string]string{}}
	consider := func(p string) {
		name, ok := migrationName(p)
		if !ok {
			return
		}
		id, _, _ := strings.Cut(strings.TrimPrefix(p, migrationsDir), "_")
		if n, err := strconv.Atoi(id); err == nil && n > pm.high {
			pm.high = n
		}
		if _, tracked := e.manifest.Files[p]; tracked {
			if _, seen := pm.byName[name]; !seen || e.domainMigration(p) {
				pm.byName[name] = p
			}
		}
	}
	for p := range e.manifest.Files {
		consider(p)
	}
	entries, err := os.ReadDir(filepath.Join(e.dir, filepath.FromSlash(migrationsDir)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	for _, entry := range entries {
		consider(migrationsDir + entry.Name())
	}
	return pm, nil
}

// domainMigration reports whether p is the migration of one of the
// project's domains (rather than that of a domain removed since, whose
// table was dropped and which had the same name).
func (e *existing) domainMigration(p string) bool {
	for _, d := range e.data.Domains {
		if d.Migration != "" && strings.HasPrefix(p, migrationsDir+d.Migration+"_") {
			return true
		}
	}
	return false
}

// migrationName returns the name of the migration at p without its id
// ("create_users.sql"), and whether p is a migration at all.
func migrationName(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, migrationsDir)
	if !ok || strings.Contains(rest, "/") {
		return "", false
	}
	m := migrationVersion.FindStringSubmatch(rest)
	if m == nil {
		return "", false
	}
	return strings.TrimPrefix(rest, m[1]+"_"), true
}

// upgradeMigration plans the migration f of the target render, named name:
// one the project has already stays as it is, since databases have applied
// it (a note says so when gen now generates it differently); a new one is
// created with an id after every migration of the project.
func (e *existing) upgradeMigration(u *Update, pm *projectMigrations, name string, f File, base []byte) {
	if p, ok := pm.byName[name]; ok {
		if base != nil && !bytes.Equal(base, f.Content) {
			u.Notes = append(u.Notes, fmt.Sprintf("kept %s as it is: gen now generates it differently, but a migration databases have applied is never edited; write a new migration for the difference if the code needs it", p))
		}
		return
	}
	pm.high++
	p := fmt.Sprintf("%s%05d_%s", migrationsDir, pm.high, name)
	pm.byName[name] = p
	u.Changes = append(u.Changes, Change{Path: p, Action: Create, New: f.Content})
	u.Manifest.Files[p] = hash(f.Content)
}

// CheckVersion refuses, with an *options.Error, to run command on the
// project in dir when its manifest records another version of gen than
// cfg.Version.
func CheckVersion(dir, command string, cfg Config) error {
	e, err := load(dir)
	if err != nil {
		return err
	}
	return e.checkSameVersion(command, cfg)
}

// jobs lists the files of data like projectJobs, with each project-wide
// migration at the path the project has it under: gen upgrade gives a
// migration that a later gen added an id after every migration the project
// had (and records it in the manifest), not the id gen new would give it.
func (e *existing) jobs(data *Project, domain func(Domain) bool) []job {
	jobs := projectJobs(data, domain)
	for i, j := range jobs {
		if _, perDomain := j.data.(DomainData); perDomain {
			continue
		}
		name, ok := migrationName(j.path)
		if _, tracked := e.manifest.Files[j.path]; !ok || tracked {
			continue
		}
		for _, p := range sortedKeys(e.manifest.Files) {
			if n, ok := migrationName(p); ok && n == name && !e.domainMigration(p) {
				jobs[i].path = p
				break
			}
		}
	}
	return jobs
}
