package generator

import "text/template"

// fileRow is one row of the file table: which template renders to which
// path, and when. Adding an output file means adding a row.
type fileRow struct {
	// template is the template's path in templates.FS.
	template string
	// path is the output path. In per-domain rows {domain} is replaced by
	// the domain's name and {migration} by its migration id.
	path string
	// perDomain rows render once per domain with DomainData; the others
	// once with *Project.
	perDomain bool
	// when reports whether the project needs the file; nil means always.
	when func(*Project) bool
}

// projectFiles is the file table of a generated project.
var projectFiles = []fileRow{
	{template: "README.md.tmpl", path: "README.md"},
}

// funcs are the template functions beyond sprig's hermetic set.
var funcs = template.FuncMap{}
