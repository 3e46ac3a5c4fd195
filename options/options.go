// Package options holds what a user asks gen for — a project, its database,
// auth and domains with typed fields — as plain data, with the parser of the
// domain-spec grammar and the validation every entry point shares (flags, the
// interactive form and the manifest of an existing project).
//
// Nothing here renders or writes files; see package generator for that.
package options

import (
	"errors"
	"fmt"
	"regexp"
	"slices"

	"golang.org/x/mod/module"

	"github.com/go-gen/gen/internal/naming"
)

// Error is a problem with what the user asked for: a bad name, an unknown
// type, a clash. The CLI exits with status 2 on it. Validation joins every
// problem it finds with errors.Join, so one run reports them all.
type Error struct {
	Msg string
}

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

// IsInvalid reports whether err is, or wraps, a problem with user input.
func IsInvalid(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

// Database is the kind of database a generated project stores its data in.
// It implements pflag.Value so a --db flag validates while it parses.
type Database string

// The databases gen can generate code for.
const (
	SQLite   Database = "sqlite"
	Postgres Database = "postgres"
	MongoDB  Database = "mongodb"
)

// Databases lists every supported database, the default first.
func Databases() []Database { return []Database{SQLite, Postgres, MongoDB} }

// String returns the flag spelling of d.
func (d *Database) String() string { return string(*d) }

// Type names the flag's value in help text.
func (d *Database) Type() string { return "sqlite|postgres|mongodb" }

// Set parses a flag value.
func (d *Database) Set(s string) error {
	db, err := ParseDatabase(s)
	if err != nil {
		return err
	}
	*d = db
	return nil
}

// ParseDatabase parses the name of a database.
func ParseDatabase(s string) (Database, error) {
	for _, db := range Databases() {
		if string(db) == s {
			return db, nil
		}
	}
	return "", errorf("unknown database %q; use sqlite, postgres or mongodb", s)
}

// Project is everything gen needs to generate a project.
type Project struct {
	// Name is the project's short name: its directory, binary and default
	// SQLite file.
	Name string
	// Module is the Go module path of the generated project.
	Module   string
	Database Database
	// Auth adds users, JWT access and refresh tokens and protects every
	// domain endpoint.
	Auth    bool
	Domains []Domain
}

var projectName = regexp.MustCompile(`^[a-z][a-z0-9]*([-_][a-z0-9]+)*$`)

// Validate checks the whole project and reports every problem at once as
// *Error values joined with errors.Join; it returns nil when p can be
// generated.
func (p Project) Validate() error {
	var errs []error
	if err := CheckProjectName(p.Name); err != nil {
		errs = append(errs, err)
	}
	if err := CheckModulePath(p.Module, p.Name); err != nil {
		errs = append(errs, err)
	}
	if _, err := ParseDatabase(string(p.Database)); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, ValidateDomains(p.Domains, p.Auth)...)
	return errors.Join(errs...)
}

// CheckProjectName checks a project name on its own.
func CheckProjectName(name string) error {
	if name == "" {
		return errorf("a project name is required, e.g. gen new shop")
	}
	if !projectName.MatchString(name) {
		return errorf("project name %q is invalid; use lower-case letters, digits, - and _, starting with a letter (e.g. my-shop)", name)
	}
	return nil
}

// CheckModulePath checks the module path of project name; "" is valid and
// means the name.
func CheckModulePath(path, name string) error {
	if path == "" {
		return nil
	}
	if err := module.CheckImportPath(path); err != nil {
		return errorf("module path %q is invalid; use a Go module path such as example.com/%s", path, fallback(name, "shop"))
	}
	return nil
}

// CheckNewDomain checks the name of a domain about to join earlier, the
// domains already in the project, as both the command line and the form
// would: the name's spelling, reserved names and clashes with earlier.
func CheckNewDomain(name string, earlier []Domain, auth bool) error {
	d, err := ParseDomainArgs([]string{name})
	if err != nil {
		return err
	}
	for _, e := range earlier {
		if e.Name == name {
			return errorf("domain %q is in the project already; pick another name", name)
		}
	}
	return errors.Join(ValidateDomains(append(slices.Clip(earlier), d), auth)...)
}

// ValidateDomains checks a project's domains against each other and against
// the project's other options, in order, returning one error per problem.
func ValidateDomains(domains []Domain, auth bool) []error {
	var errs []error
	names := map[string]bool{}
	tables := map[string]string{}
	goTypes := map[string]string{} // Go type name → what declares it
	for _, d := range domains {
		goTypes[naming.Pascal(d.Name)] = fmt.Sprintf("domain %q", d.Name)
	}
	for _, d := range domains {
		if problem := reservedDomain(d.Name, auth); problem != "" {
			errs = append(errs, errorf("domain %q %s; pick another name", d.Name, problem))
			continue
		}
		if names[d.Name] {
			errs = append(errs, errorf("domain %q is given twice; give each domain once", d.Name))
			continue
		}
		if other, ok := tables[d.Table()]; ok {
			errs = append(errs, errorf("domains %q and %q would share the table %q; rename one", other, d.Name, d.Table()))
			continue
		}
		names[d.Name] = true
		tables[d.Table()] = d.Name
		for _, f := range d.Fields {
			if f.Type == Enum {
				enumType := naming.Pascal(d.Name) + naming.Pascal(f.Name)
				if other, ok := goTypes[enumType]; ok {
					errs = append(errs, errorf("domain %q, field %q: its enum type %s clashes with %s; rename one", d.Name, f.Name, enumType, other))
				}
				goTypes[enumType] = fmt.Sprintf("enum field %q of domain %q", f.Name, d.Name)
			}
			if f.Type == Ref {
				if problem := refProblem(f.Ref, d.Name, names, auth); problem != "" {
					errs = append(errs, errorf("domain %q, field %q: %s", d.Name, f.Name, problem))
				}
			}
		}
		if d.Owned && !auth {
			errs = append(errs, errorf("domain %q is :owned, which needs auth; drop :owned or leave auth on", d.Name))
		}
	}
	return errs
}

// refProblem says why a ref field of domain from cannot point at target,
// given the domains declared before from, or returns "".
func refProblem(target, from string, earlier map[string]bool, auth bool) string {
	switch {
	case target == from:
		return fmt.Sprintf("a domain cannot refer to itself; ref(%s) needs %s to have its own rows first", target, target)
	case target == "user" && auth:
		return "ref(user) is not supported; make the domain :owned to record the user who created each row"
	case !earlier[target]:
		return fmt.Sprintf("ref(%s) names no domain declared before it; declare %s first (gen add domain %s …)", target, target, target)
	}
	return ""
}

func fallback(s, def string) string {
	if s == "" || !projectName.MatchString(s) {
		return def
	}
	return s
}

// ModulePath returns the Go module path: Module, or Name when none was given.
func (p Project) ModulePath() string {
	if p.Module != "" {
		return p.Module
	}
	return p.Name
}
