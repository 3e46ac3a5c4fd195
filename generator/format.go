package generator

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/imports"
)

// formatGo removes the imports a rendered file does not use and formats it
// with goimports' rules (gofmt plus grouped, sorted imports).
//
// Templates import every package a file may need and leave the pruning to
// this step. imports.Process could prune too, but to decide that an import
// is unused it resolves the package's real name by scanning the module
// cache, which costs hundreds of milliseconds and depends on the machine;
// every import of a generated file is named after the last element of its
// path, so the name is known without looking.
func formatGo(name string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	pruned := false
	for _, imp := range append([]*ast.ImportSpec(nil), f.Imports...) {
		importPath, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			return nil, err
		}
		alias, pkg := "", packageName(importPath)
		if imp.Name != nil {
			alias, pkg = imp.Name.Name, imp.Name.Name
		}
		if pkg == "_" || pkg == "." || used[pkg] {
			continue
		}
		astutil.DeleteNamedImport(fset, f, alias, importPath)
		pruned = true
	}
	if !pruned {
		return imports.Process(name, src, &imports.Options{Comments: true, TabIndent: true, TabWidth: 8, FormatOnly: true})
	}
	// Deleting imports keeps their groups sorted, so gofmt is all that is
	// left to do.
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// packageName is the name a package is imported under by default: the last
// element of its path, skipping a major-version suffix ("…/chi/v5" → chi).
func packageName(importPath string) string {
	base := path.Base(importPath)
	if majorVersion.MatchString(base) {
		base = path.Base(path.Dir(importPath))
	}
	return base
}
