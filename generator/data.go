package generator

import (
	"fmt"
	"strings"

	"github.com/go-gen/gen/internal/naming"
	"github.com/go-gen/gen/options"
)

// Project is the data every project-wide template is executed with.
type Project struct {
	Name     string
	Module   string
	Database options.Database
	Auth     bool
	Domains  []Domain
	// Dropped lists the MongoDB collections of removed domains, which the
	// project drops at startup.
	Dropped []string
}

// DomainData is the data of a per-domain template: one domain and the
// project around it.
type DomainData struct {
	Project *Project
	Domain  Domain
}

// Domain is a domain with every spelling its templates need.
type Domain struct {
	spec string

	Name        string // artist, blog_post
	Go          string // Artist, BlogPost
	GoPlural    string // Artists, BlogPosts
	Var         string // artist, blogPost
	VarPlural   string // artists, blogPosts
	Table       string // artists, blog_posts
	Path        string // artists, blog-posts (URL segment)
	Human       string // artist, blog post
	HumanPlural string // artists, blog posts
	Owned       bool
	Fields      []Field
	// Migration is the zero-padded id of the migration creating the table;
	// empty on MongoDB.
	Migration string
}

// HasUnique reports whether any field of the domain is unique.
func (d Domain) HasUnique() bool {
	for _, f := range d.Fields {
		if f.Unique {
			return true
		}
	}
	return false
}

// Refs returns the domain's ref fields in spec order.
func (d Domain) Refs() []Field {
	var refs []Field
	for _, f := range d.Fields {
		if f.IsRef() {
			refs = append(refs, f)
		}
	}
	return refs
}

// HasRefs reports whether the domain has a ref field, and so a list filter.
func (d Domain) HasRefs() bool { return len(d.Refs()) > 0 }

// Reference is a ref field seen from the domain it points at.
type Reference struct {
	Child Domain
	Field Field
}

// ReferencesTo lists the ref fields of every domain that point at the
// domain named parent, in domain order.
func (p *Project) ReferencesTo(parent string) []Reference {
	var refs []Reference
	for _, d := range p.Domains {
		for _, f := range d.Refs() {
			if f.Ref == parent {
				refs = append(refs, Reference{Child: d, Field: f})
			}
		}
	}
	return refs
}

// AnyRefs reports whether any domain has a ref field.
func (p *Project) AnyRefs() bool { return p.anyField(Field.IsRef) }

// Spec returns the canonical spec the domain was made from.
func (d Domain) Spec() string { return d.spec }

// Field is a domain field with every spelling its templates need.
type Field struct {
	Name   string // ref_code: JSON key and column
	Go     string // RefCode
	Human  string // ref code
	Type   options.FieldType
	MaxLen int
	Values []EnumValue
	// Ref is the name of the domain a ref field points at, "" for other
	// fields; Parent spells that domain. A ref field's row (types.go) is
	// uuid's with what a ref adds.
	Ref      string
	Parent   Parent
	Optional bool
	Unique   bool
	Index    bool

	// owned is set on the fields of owned domains, whose unique fields are
	// unique per owner.
	owned bool
}

// Parent is the domain a ref field points at, in the spellings a child's
// templates need.
type Parent struct {
	Name        string // artist
	Go          string // Artist
	Table       string // artists
	Human       string // artist
	HumanPlural string // artists
}

// IsRef reports whether f is a ref(domain) field.
func (f Field) IsRef() bool { return f.Ref != "" }

// EnumValue is one allowed value of an enum field.
type EnumValue struct {
	Value string // concert
	Go    string // EventKindConcert
}

// newProject builds the template data of p. migrations holds the ids of
// domains that have one already (from a manifest); the others get the next
// free ids in order.
func newProject(p options.Project, migrations map[string]string) *Project {
	data := &Project{
		Name:     p.Name,
		Module:   p.ModulePath(),
		Database: p.Database,
		Auth:     p.Auth,
	}
	next := 1
	switch {
	case p.Auth && p.Database == options.Postgres:
		next = 4 // after usersMigration, rateLimitsMigration and postgresSessionsMigration
	case p.Auth:
		next = 3 // after usersMigration and sqliteSessionsMigration
	}
	for _, id := range migrations {
		var n int
		if _, err := fmt.Sscanf(id, "%d", &n); err == nil && n >= next {
			next = n + 1
		}
	}
	for _, d := range p.Domains {
		id, ok := migrations[d.Name]
		if !ok && p.Database != options.MongoDB { // MongoDB needs no migrations
			id = fmt.Sprintf("%05d", next)
			next++
		}
		data.Domains = append(data.Domains, newDomain(d, id))
	}
	return data
}

func newDomain(d options.Domain, migration string) Domain {
	plural := naming.Plural(d.Name)
	out := Domain{
		spec:        d.Spec(),
		Name:        d.Name,
		Go:          naming.Pascal(d.Name),
		GoPlural:    naming.Pascal(plural),
		Var:         naming.Camel(d.Name),
		VarPlural:   naming.Camel(plural),
		Table:       plural,
		Path:        naming.Kebab(plural),
		Human:       naming.Human(d.Name),
		HumanPlural: naming.Human(plural),
		Owned:       d.Owned,
		Migration:   migration,
	}
	for _, f := range d.Fields {
		field := Field{
			Name:     f.Name,
			Go:       naming.Pascal(f.Name),
			Human:    naming.Human(f.Name),
			Type:     f.Type,
			MaxLen:   f.MaxLen,
			Ref:      f.Ref,
			Optional: f.Optional,
			Unique:   f.Unique,
			Index:    f.Index,
			owned:    d.Owned,
		}
		if f.Type == options.Ref {
			// A ref is a uuid column with a foreign key, always indexed: the
			// list filter and the parent's delete check look rows up by it
			// alone, which an owned domain's unique (owner_id, ref) index
			// cannot serve, so such a ref is indexed besides.
			field.Index = !f.Unique || d.Owned
			plural := naming.Plural(f.Ref)
			field.Parent = Parent{
				Name:        f.Ref,
				Go:          naming.Pascal(f.Ref),
				Table:       plural,
				Human:       naming.Human(f.Ref),
				HumanPlural: naming.Human(plural),
			}
		}
		for _, v := range f.Values {
			field.Values = append(field.Values, EnumValue{Value: v, Go: out.Go + field.Go + naming.Pascal(v)})
		}
		out.Fields = append(out.Fields, field)
	}
	return out
}

// Title is the project's name as a title: "my-shop" → "My Shop".
func (p *Project) Title() string {
	words := strings.FieldsFunc(p.Name, func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// HasTables reports whether the project stores anything, and so needs
// migrations.
func (p *Project) HasTables() bool { return p.Auth || len(p.Domains) > 0 }

// HasOwned reports whether any domain is owned.
func (p *Project) HasOwned() bool {
	for _, d := range p.Domains {
		if d.Owned {
			return true
		}
	}
	return false
}

// HasServer reports whether the database is a server the project connects
// to (PostgreSQL, MongoDB) rather than a file it opens (SQLite).
func (p *Project) HasServer() bool { return p.Database != options.SQLite }

// UpdatesMayGiveUp reports whether the project stores rows whose updates
// can fail because the row kept changing under them: MongoDB updates are a
// compare-and-set retried a bounded number of times, while the SQL
// databases lock the row.
func (p *Project) UpdatesMayGiveUp() bool { return p.Database == options.MongoDB && p.HasTables() }

// DBTitle is the database's proper name.
func (p *Project) DBTitle() string {
	switch p.Database {
	case options.Postgres:
		return "PostgreSQL"
	case options.MongoDB:
		return "MongoDB"
	}
	return "SQLite"
}

// DefaultDatabaseURL is DATABASE_URL's default: a file beside the binary for
// SQLite, the database of the generated compose.yaml for the servers.
func (p *Project) DefaultDatabaseURL() string {
	switch p.Database {
	case options.Postgres:
		return "postgres://postgres:postgres@localhost:5432/" + p.DBName() + "?sslmode=disable"
	case options.MongoDB:
		return "mongodb://localhost:27017/" + p.DBName()
	}
	return "./" + p.Name + ".db"
}

// SampleDatabaseURL is a DATABASE_URL other than the default, for the
// generated configuration tests.
func (p *Project) SampleDatabaseURL() string {
	switch p.Database {
	case options.Postgres:
		return "postgres://app:secret@db.example:5432/app"
	case options.MongoDB:
		return "mongodb://app:secret@db.example:27017/app"
	}
	return "/tmp/x.db"
}

// SampleReadURL is a DATABASE_READ_URL for the generated configuration
// tests of server databases.
func (p *Project) SampleReadURL() string {
	if p.Database == options.MongoDB {
		return "mongodb://app:secret@replica.example:27017/app"
	}
	return "postgres://app:secret@replica.example:5432/app"
}

// DBName is the database name of the project on a server: its name with
// dashes as underscores.
func (p *Project) DBName() string { return strings.ReplaceAll(p.Name, "-", "_") }

// DBType is the Go type of the database handle main passes around.
func (p *Project) DBType() string {
	if p.HasServer() {
		return "*database.DB"
	}
	return "*sql.DB"
}

// RepoArgs are the arguments main passes to every repository constructor.
func (p *Project) RepoArgs() string {
	if p.HasServer() {
		return "db.Primary, db.Replica"
	}
	return "db"
}

// DriverImport is the import path prefix of the database driver, which
// only the repository and database packages may use.
func (p *Project) DriverImport() string {
	switch p.Database {
	case options.Postgres:
		return "github.com/jackc/pgx/"
	case options.MongoDB:
		return "go.mongodb.org/mongo-driver/"
	}
	return "modernc.org/"
}
