// Package generator turns validated options into a project on disk:
//
//	options.Project → Plan (every file rendered from typed data and
//	formatted, in memory) → Write (all or nothing) → manifest
//
// Nothing touches disk until the whole plan rendered and formatted, so a
// template bug can never leave a half-written project. The package never
// reads flags or prompts; package main is one of its clients.
//
// An existing project grows through its manifest (update.go):
//
//	gen.yaml → options.Project ± a domain → the project-wide files and the
//	new domain's files rendered → each compared with the disk and the
//	manifest's hash: created, replaced, or merged into the user's edits
//	(merge.go) → Update → Apply (all or nothing) → manifest
//
// Per-domain templates render the same bytes for a domain whatever other
// domains the project has, which is what lets AddDomain leave every other
// domain's files alone; TestAddMatchesNew holds the package to it.
//
// A project recorded by another version of gen is not grown (its files came
// from other templates) but upgraded (upgrade.go):
//
//	gen.yaml → the recorded gen's own render (the base, supplied by the
//	caller) and this gen's render (the target) → each file replaced,
//	merged, created or deleted as for gen add → Upgrade → Apply → manifest
//	recording this gen
package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"

	"github.com/Masterminds/sprig/v3"

	"github.com/go-gen/gen/options"
	"github.com/go-gen/gen/templates"
)

// File is one planned output file.
type File struct {
	// Path is slash-separated and relative to the project root.
	Path    string
	Content []byte
}

// Plan is a whole project rendered in memory, ready to be written.
type Plan struct {
	Files    []File
	Manifest *Manifest
}

// Config carries what the generator needs beyond the project's options.
type Config struct {
	// Version is gen's own version, recorded in the manifest.
	Version string
}

// New renders every file of a new project. p must be valid (see
// options.Project.Validate); New validates it again and returns the same
// *options.Error values if not.
func New(p options.Project, cfg Config) (*Plan, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	data := newProject(p, nil)
	files, err := render(data)
	if err != nil {
		return nil, err
	}
	m := &Manifest{
		Gen:      cfg.Version,
		Name:     p.Name,
		Module:   data.Module,
		Database: p.Database,
		Auth:     p.Auth,
		Files:    make(map[string]string, len(files)),
	}
	for _, d := range data.Domains {
		m.Domains = append(m.Domains, ManifestDomain{Spec: d.Spec(), Migration: d.Migration})
	}
	for _, f := range files {
		m.Files[f.Path] = hash(f.Content)
	}
	manifest, err := m.Marshal()
	if err != nil {
		return nil, err
	}
	files = append(files, File{Path: ManifestFile, Content: manifest})
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return &Plan{Files: files, Manifest: m}, nil
}

var (
	parseOnce sync.Once
	parsed    *template.Template
	parseErr  error
)

// parseTemplates parses the embedded templates once per process.
func parseTemplates() (*template.Template, error) {
	parseOnce.Do(func() {
		parsed, parseErr = parseTree(templates.FS)
	})
	return parsed, parseErr
}

// parseTree parses every file of fsys as a template named by its path, so
// equal base names in different directories stay apart.
func parseTree(fsys fs.FS) (*template.Template, error) {
	root := template.New("").Option("missingkey=error").Funcs(sprig.HermeticTxtFuncMap()).Funcs(fieldFuncs)
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		if _, err := root.New(name).Parse(string(text)); err != nil {
			return fmt.Errorf("parse template: %w", err)
		}
		return nil
	})
	return root, err
}

// job is one file to render: a template, its data and the output path.
type job struct {
	template, path string
	data           any
}

// render executes every row of the file table that applies to the project
// and formats the Go files among the results. Files render in parallel;
// the result and the error reported do not depend on scheduling.
func render(p *Project) ([]File, error) {
	return renderJobs(projectJobs(p, func(Domain) bool { return true }), p, true)
}

// projectJobs lists the files of p: every project-wide row that applies,
// and the per-domain rows of the domains for which domain holds.
func projectJobs(p *Project, domain func(Domain) bool) []job {
	var jobs []job
	for _, row := range projectFiles {
		if row.when != nil && !row.when(p) {
			continue
		}
		if !row.perDomain {
			jobs = append(jobs, job{row.template, row.path, p})
			continue
		}
		for _, d := range p.Domains {
			if domain(d) {
				jobs = append(jobs, job{row.template, domainPath(row.path, d), DomainData{Project: p, Domain: d}})
			}
		}
	}
	return jobs
}

// domainPath is the output path of a per-domain row for d.
func domainPath(rowPath string, d Domain) string {
	return strings.NewReplacer("{domain}", d.Name, "{migration}", d.Migration, "{table}", d.Table).Replace(rowPath)
}

// renderJobs renders jobs, and p's go.mod and go.sum when modules is true.
func renderJobs(jobs []job, p *Project, modules bool) ([]File, error) {
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	files := make([]File, len(jobs))
	errs := make([]error, len(jobs))
	parallel(len(jobs), func(i int) {
		files[i], errs[i] = renderFile(t, jobs[i].template, jobs[i].path, jobs[i].data)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if !modules {
		return files, nil
	}
	gomod, gosum, err := moduleFiles(p)
	if err != nil {
		return nil, err
	}
	files = append(files, File{Path: "go.mod", Content: gomod})
	if len(gosum) > 0 {
		files = append(files, File{Path: "go.sum", Content: gosum})
	}
	return files, nil
}

// parallel calls fn(0) … fn(n-1) on as many goroutines as there are CPUs.
func parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
}

func renderFile(t *template.Template, name, out string, data any) (File, error) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return File{}, fmt.Errorf("execute template %q for %s: %w", name, out, err)
	}
	content := buf.Bytes()
	if path.Ext(out) == ".go" {
		formatted, err := formatGo(out, content)
		if err != nil {
			return File{}, fmt.Errorf("format %s (template %q): %w", out, name, err)
		}
		content = formatted
	}
	return File{Path: out, Content: content}, nil
}
