// Package internal_test checks the layering of the internal packages.
package internal_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "example.com/bare/internal/"

// forbidden lists, per package, the import path prefixes its non-test files
// must not use.
var forbidden = map[string][]string{
	"handler":    {module + "repository", module + "database", "database/sql", "modernc.org/", "github.com/pressly/goose"},
	"service":    {module + "handler", module + "repository", module + "database", module + "schema", "net/http", "database/sql", "modernc.org/", "github.com/danielgtaylor/huma", "github.com/go-chi/"},
	"repository": {module + "handler", module + "schema", module + "repository/repotest", "net/http", "github.com/danielgtaylor/huma"},
	// Only tests import repotest; it knows the repositories by their
	// interfaces alone, so it works with every store.
	"repository/repotest": {module + "handler", module + "repository", module + "database", module + "schema", "database/sql", "net/http", "modernc.org/"},
	"schema":              {module + "handler", module + "service", module + "repository", module + "database", "database/sql", "net/http"},
	"model":               {module, "database/sql", "net/http", "github.com/danielgtaylor/huma"},
	"apperr":              {module, "database/sql", "net/http"},
	"config":              {module},
	"telemetry":           {module},
	"database":            {module},
	"security":            {module, "database/sql", "net/http"},
	// mail adapts an SMTP client to the service's Mailer port.
	"mail": {module + "handler", module + "repository", module + "database", module + "schema", "database/sql", "net/http", "modernc.org/"},
}

func TestLayering(t *testing.T) {
	// Every directory holding Go files is a package that needs rules.
	var pkgs []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path == "." || filepath.Ext(path) != ".go" {
			return err
		}
		if dir := filepath.ToSlash(filepath.Dir(path)); dir != "." && !slices.Contains(pkgs, dir) {
			pkgs = append(pkgs, dir)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range pkgs {
		rules, ok := forbidden[pkg]
		if !ok {
			t.Errorf("package %s has no layering rules; add it to forbidden", pkg)
			continue
		}
		files, err := filepath.Glob(filepath.Join(pkg, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue // tests may wire real dependencies together
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, err := strconv.Unquote(imp.Path.Value)
				if err != nil {
					t.Fatal(err)
				}
				for _, bad := range rules {
					if strings.HasPrefix(path, bad) && path != module+pkg {
						t.Errorf("%s imports %s: %s must not depend on %s", file, path, pkg, bad)
					}
				}
			}
		}
	}
}
