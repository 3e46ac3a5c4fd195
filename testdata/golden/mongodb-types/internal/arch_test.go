// Package internal_test checks the layering of the internal packages.
package internal_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "example.com/demo/internal/"

// forbidden lists, per package, the import path prefixes its non-test files
// must not use.
var forbidden = map[string][]string{
	"handler":    {module + "repository", module + "database", "database/sql", "go.mongodb.org/mongo-driver/", "github.com/pressly/goose"},
	"service":    {module + "handler", module + "repository", module + "database", module + "schema", "net/http", "database/sql", "go.mongodb.org/mongo-driver/", "github.com/danielgtaylor/huma", "github.com/go-chi/"},
	"repository": {module + "handler", module + "schema", "net/http", "github.com/danielgtaylor/huma"},
	"schema":     {module + "handler", module + "service", module + "repository", module + "database", "database/sql", "net/http"},
	"model":      {module, "database/sql", "net/http", "github.com/danielgtaylor/huma"},
	"apperr":     {module, "database/sql", "net/http"},
	"config":     {module},
	"database":   {module},
}

func TestLayering(t *testing.T) {
	dirs, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		rules, ok := forbidden[d.Name()]
		if !ok {
			t.Errorf("package %s has no layering rules; add it to forbidden", d.Name())
			continue
		}
		files, err := filepath.Glob(filepath.Join(d.Name(), "*.go"))
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
					if strings.HasPrefix(path, bad) && path != module+d.Name() {
						t.Errorf("%s imports %s: %s must not depend on %s", file, path, d.Name(), bad)
					}
				}
			}
		}
	}
}
