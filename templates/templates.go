// Package templates embeds what generated projects are made of: the template
// tree of a project, and the tidied go.mod and go.sum bodies of each module
// variant. The generator's file table (package generator) says which
// template renders to which path and when; this package holds the files and
// nothing else.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed all:project all:modules
var embedded embed.FS

var (
	// FS is the template tree, rooted at the generated project's root.
	FS = sub("project")
	// Modules holds VARIANT.mod (a go.mod without its module line) and
	// VARIANT.sum for every module variant.
	Modules = sub("modules")
)

func sub(dir string) fs.FS {
	s, err := fs.Sub(embedded, dir)
	if err != nil {
		panic(err) // unreachable: dir is a literal embedded above
	}
	return s
}
