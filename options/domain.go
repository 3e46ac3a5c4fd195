package options

import (
	"errors"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-gen/gen/internal/naming"
)

// FieldType is the type of a domain field in the spec grammar.
type FieldType string

// The field types of the spec grammar.
const (
	String FieldType = "string" // up to MaxLen characters (default 255)
	Text   FieldType = "text"   // unbounded text
	Int    FieldType = "int"    // int64
	Float  FieldType = "float"  // float64
	Bool   FieldType = "bool"
	Time   FieldType = "time"  // RFC 3339 timestamp
	Date   FieldType = "date"  // YYYY-MM-DD
	UUID   FieldType = "uuid"  // a UUID in its canonical text form
	Email  FieldType = "email" // an e-mail address
	Enum   FieldType = "enum"  // one of Values
	Ref    FieldType = "ref"   // the id of a row of domain Ref
)

// grammar is one row per field type, in the order of the grammar: what
// the spec, the form and the completion know of it. The generator keeps
// its own row per type (generator/types.go).
var grammar = []typeRow{
	{typ: String, help: "text up to a maximum length", arg: "N", maxLen: DefaultStringMax, parse: parseLength, format: formatLength},
	{typ: Text, help: "text of any length"},
	{typ: Int, help: "a whole number"},
	{typ: Float, help: "a decimal number"},
	{typ: Bool, help: "true or false", noUnique: true},
	{typ: Time, help: "a timestamp (RFC 3339)"},
	{typ: Date, help: "a calendar day (YYYY-MM-DD)"},
	{typ: UUID, help: "a UUID"},
	{typ: Email, help: "an e-mail address", maxLen: EmailMax},
	{typ: Enum, help: "one of a list of values", arg: "a|b", argRequired: true, noUnique: true, parse: parseEnum,
		format: func(f Field) string { return strings.Join(f.Values, "|") }},
	{typ: Ref, help: "the id of a row of another domain", arg: "domain", argRequired: true, indexed: true, parse: parseRef,
		format: func(f Field) string { return f.Ref }},
}

// typeRow is the grammar of one field type.
type typeRow struct {
	typ FieldType
	// help says what a field of the type holds, as the form offers it.
	help string
	// arg names the argument in parentheses, "" when the type takes none;
	// argRequired when it may not be left out.
	arg         string
	argRequired bool
	// maxLen is the MaxLen of every field of the type, or the default of
	// the argument.
	maxLen int
	// parse reads the argument, given or not, into f.
	parse func(f *Field, arg string, hasArg bool) error
	// format is the argument of f in its canonical spec, "" for none.
	format func(f Field) string
	// noUnique: a unique field of the type would allow one row per value.
	noUnique bool
	// indexed: fields of the type are always indexed.
	indexed bool
}

// FieldTypes lists every field type in the order of the grammar.
func FieldTypes() []FieldType {
	types := make([]FieldType, len(grammar))
	for i, r := range grammar {
		types[i] = r.typ
	}
	return types
}

func (t FieldType) row() (typeRow, bool) {
	for _, r := range grammar {
		if r.typ == t {
			return r, true
		}
	}
	return typeRow{}, false
}

// Help says what a field of type t holds: "bool: true or false".
func (t FieldType) Help() string {
	r, _ := t.row()
	return string(t) + ": " + r.help
}

// NeedsArg reports whether the type is always written with an argument in
// parentheses, such as enum(a|b).
func (t FieldType) NeedsArg() bool {
	r, _ := t.row()
	return r.argRequired
}

// AllowsUnique reports whether a field of the type may be :unique.
func (t FieldType) AllowsUnique() bool {
	r, _ := t.row()
	return !r.noUnique
}

// AlwaysIndexed reports whether fields of the type are indexed without
// :index.
func (t FieldType) AlwaysIndexed() bool {
	r, _ := t.row()
	return r.indexed
}

// TypeForms lists how each type is written, in the order of the grammar:
// string, string(N), text, ..., enum(a|b), ref(domain).
func TypeForms() []string {
	var forms []string
	for _, r := range grammar {
		if !r.argRequired {
			forms = append(forms, string(r.typ))
		}
		if r.arg != "" {
			forms = append(forms, string(r.typ)+"("+r.arg+")")
		}
	}
	return forms
}

// typeList is how errors name the valid types.
func typeList() string { return strings.Join(TypeForms(), ", ") }

// DefaultStringMax is the maximum length of a string field without (N).
const DefaultStringMax = 255

// EmailMax is the longest e-mail address an email field accepts (RFC 5321).
const EmailMax = 254

// maxStringLen bounds string(N) to what every supported database can index.
const maxStringLen = 10485760

// Field is one typed field of a domain.
type Field struct {
	// Name is the field's snake_case name: JSON key and column.
	Name string
	Type FieldType
	// MaxLen is the maximum length of a String or Email field.
	MaxLen int
	// Values are the allowed values of an Enum field, in spec order.
	Values []string
	// Ref is the domain a Ref field points at.
	Ref string
	// Optional fields may be absent or null.
	Optional bool
	// Unique fields get a unique index; Index fields a plain one.
	Unique bool
	Index  bool
}

// Domain is one resource of a project: a table or collection with its CRUD
// endpoints and every layer between them.
type Domain struct {
	// Name is the singular snake_case name, e.g. "blog_post".
	Name string
	// Owned rows belong to the user who created them (needs auth).
	Owned  bool
	Fields []Field
}

// DefaultFields are the fields of a domain given without any.
func DefaultFields() []Field {
	return []Field{
		{Name: "name", Type: String, MaxLen: DefaultStringMax},
		{Name: "description", Type: Text, Optional: true},
	}
}

// Table returns the domain's table or collection name: "blog_posts".
func (d Domain) Table() string { return naming.Plural(d.Name) }

// Spec returns the canonical spec of d; ParseDomain(d.Spec()) returns d.
func (d Domain) Spec() string {
	var b strings.Builder
	b.WriteString(d.Name)
	if d.Owned {
		b.WriteString(":owned")
	}
	for _, f := range d.Fields {
		b.WriteByte(' ')
		b.WriteString(f.Spec())
	}
	return b.String()
}

// Spec returns the canonical spec of f, e.g. "title:string(80)?:unique".
func (f Field) Spec() string {
	var b strings.Builder
	b.WriteString(f.Name)
	b.WriteByte(':')
	b.WriteString(string(f.Type))
	if r, _ := f.Type.row(); r.format != nil {
		if arg := r.format(f); arg != "" {
			b.WriteString("(" + arg + ")")
		}
	}
	if f.Optional {
		b.WriteByte('?')
	}
	if f.Unique {
		b.WriteString(":unique")
	}
	if f.Index {
		b.WriteString(":index")
	}
	return b.String()
}

var (
	identifier = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	typeSyntax = regexp.MustCompile(`^([a-z]+)(?:\(([^()]*)\))?(\?)?$`)
)

// ParseDomain parses one domain spec, NAME[:owned] FIELD..., given as a
// single string (the --domain flag) whose parts are separated by spaces.
func ParseDomain(spec string) (Domain, error) {
	return ParseDomainArgs(strings.Fields(spec))
}

// ParseDomainArgs parses a domain spec given as separate arguments, as in
// `gen add domain artist name:string bio:text?`. It reports every problem
// in the spec at once. A domain without fields gets DefaultFields.
func ParseDomainArgs(args []string) (Domain, error) {
	if len(args) == 0 {
		return Domain{}, errorf("empty domain spec; write NAME FIELD..., e.g. \"artist name:string bio:text?\"")
	}
	var d Domain
	var errs []error
	head := strings.Split(args[0], ":")
	d.Name = head[0]
	if !identifier.MatchString(d.Name) {
		errs = append(errs, errorf("domain %q: name must be singular snake_case: lower-case letters, digits and single underscores, starting with a letter (e.g. blog_post)", d.Name))
	}
	for _, m := range head[1:] {
		if m == "owned" && !d.Owned {
			d.Owned = true
			continue
		}
		errs = append(errs, errorf("domain %q: unknown modifier %q; the only domain modifier is :owned", d.Name, m))
	}
	for _, arg := range args[1:] {
		f, err := ParseField(arg)
		if err == nil {
			err = CheckFieldName(f.Name, d.Owned, d.Fields)
		}
		if err != nil {
			errs = append(errs, prefix(d.Name, err))
			continue
		}
		d.Fields = append(d.Fields, f)
	}
	if len(args) == 1 {
		d.Fields = DefaultFields()
	}
	if err := errors.Join(errs...); err != nil {
		return Domain{}, err
	}
	return d, nil
}

func prefix(domain string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return errorf("domain %q: %s", domain, e.Msg)
	}
	return err
}

// CheckFieldName checks the name of a field about to join earlier, the
// fields of its domain so far; owned tells whether the domain is :owned.
func CheckFieldName(name string, owned bool, earlier []Field) error {
	if !identifier.MatchString(name) {
		return errorf("field %q: name must be snake_case: lower-case letters, digits and single underscores, starting with a letter (e.g. first_name)", name)
	}
	for _, f := range earlier {
		if f.Name == name {
			return errorf("field %q is given twice; give each field once", name)
		}
	}
	if problem := reservedField(name, owned); problem != "" {
		return errorf("field %q %s; pick another name", name, problem)
	}
	return nil
}

// ParseField parses one field spec, name:type[?][:modifier...], on its own;
// ParseDomainArgs also checks it against the other fields of its domain. A
// type's parentheses may hold no colon, so splitting on ':' is safe.
func ParseField(spec string) (Field, error) {
	parts := strings.Split(spec, ":")
	if len(parts) < 2 || parts[1] == "" {
		return Field{}, errorf("field %q has no type; write name:type, e.g. %s:string", spec, parts[0])
	}
	f := Field{Name: parts[0]}
	if err := CheckFieldName(f.Name, false, nil); err != nil {
		return Field{}, err
	}
	m := typeSyntax.FindStringSubmatch(parts[1])
	if m == nil {
		return Field{}, errorf("field %q: cannot read type %q; use one of %s, optionally followed by ?", f.Name, parts[1], typeList())
	}
	kind, arg, hasArg := m[1], m[2], strings.Contains(parts[1], "(")
	f.Optional = m[3] == "?"
	f.Type = FieldType(kind)
	row, ok := f.Type.row()
	switch {
	case !ok:
		return Field{}, errorf("field %q: unknown type %q; use one of %s", f.Name, kind, typeList())
	case row.parse == nil && hasArg:
		return Field{}, errorf("field %q: type %s takes no (...)", f.Name, kind)
	}
	f.MaxLen = row.maxLen
	if row.parse != nil {
		if err := row.parse(&f, arg, hasArg); err != nil {
			return Field{}, err
		}
	}
	for _, mod := range parts[2:] {
		switch {
		case mod == "unique" && !f.Unique:
			f.Unique = true
		case mod == "index" && !f.Index:
			f.Index = true
		default:
			return Field{}, errorf("field %q: unknown or repeated modifier %q; use :unique or :index", f.Name, mod)
		}
	}
	if f.Unique && f.Index {
		return Field{}, errorf("field %q: :unique already creates an index; drop :index", f.Name)
	}
	if f.Unique && !f.Type.AllowsUnique() {
		return Field{}, errorf("field %q: a unique %s allows one row per value; use :index", f.Name, f.Type)
	}
	return f, nil
}

// parseLength reads the N of string(N), which defaults to maxLen.
func parseLength(f *Field, arg string, hasArg bool) error {
	if !hasArg {
		return nil
	}
	n, err := strconv.Atoi(arg)
	if err != nil || n < 1 || n > maxStringLen {
		return errorf("field %q: string(%s) needs a length from 1 to %d", f.Name, arg, maxStringLen)
	}
	f.MaxLen = n
	return nil
}

// formatLength is the (N) of a string field, "" for the default length.
func formatLength(f Field) string {
	if f.MaxLen == DefaultStringMax {
		return ""
	}
	return strconv.Itoa(f.MaxLen)
}

// parseEnum reads the values of enum(a|b).
func parseEnum(f *Field, arg string, hasArg bool) error {
	if !hasArg || arg == "" {
		return errorf("field %q: enum needs its values, e.g. %s:enum(draft|published)", f.Name, f.Name)
	}
	values := strings.Split(arg, "|")
	seen := map[string]bool{}
	for _, v := range values {
		if !identifier.MatchString(v) {
			return errorf("field %q: enum value %q must be snake_case (lower-case letters, digits and _), e.g. enum(draft|published)", f.Name, v)
		}
		if seen[v] {
			return errorf("field %q: enum value %q is given twice", f.Name, v)
		}
		seen[v] = true
	}
	f.Values = values
	return nil
}

// parseRef reads the domain of ref(domain).
func parseRef(f *Field, arg string, hasArg bool) error {
	if !hasArg || !identifier.MatchString(arg) {
		return errorf("field %q: ref needs the name of a domain, e.g. %s:ref(artist)", f.Name, f.Name)
	}
	if !strings.HasSuffix(f.Name, "_id") {
		return errorf("field %q: a ref field's name ends in _id, e.g. %s_id:ref(%s)", f.Name, arg, arg)
	}
	f.Ref = arg
	return nil
}

// reservedDomain says why name cannot be a domain, or returns "".
func reservedDomain(name string, auth bool) string {
	switch {
	case token.IsKeyword(name):
		return "is a Go keyword"
	case types.Universe.Lookup(name) != nil:
		return "is a predeclared Go identifier"
	case generatedNames[name]:
		return "clashes with a package or type of the generated project"
	case auth && (name == "user" || name == "auth" || name == "user_change"):
		return "is taken by the generated auth code"
	}
	return ""
}

// generatedNames are the packages and shared type names of the generated
// project that a domain's Go name or table must not collide with.
var generatedNames = map[string]bool{
	"api": true, "apperr": true, "cmd": true, "config": true, "database": true,
	"date": true, "docs": true, "error": true, "handler": true, "health": true,
	"internal": true, "main": true, "migration": true, "model": true,
	"openapi": true, "optional": true, "page": true, "repository": true,
	"schema": true, "security": true, "server": true, "service": true,
	"goose_db_version": true, "test": true,
}

// reservedField says why name cannot be a field, or returns "".
func reservedField(name string, owned bool) string {
	switch {
	case name == "id" || name == "created_at" || name == "updated_at":
		return "is set by the server on every row"
	case owned && name == "owner_id":
		return "is set by the server on owned rows"
	case name == "model" || name == "apply":
		return "clashes with a method of the generated request types"
	case sqlReserved[name]:
		return "is a reserved word in SQL"
	}
	return ""
}

// sqlReserved are SQL keywords that PostgreSQL or SQLite refuse as column
// names without quoting.
var sqlReserved = map[string]bool{
	"all": true, "analyse": true, "analyze": true, "and": true, "any": true,
	"array": true, "as": true, "asc": true, "asymmetric": true, "both": true,
	"case": true, "cast": true, "check": true, "collate": true, "column": true,
	"constraint": true, "create": true, "current_date": true,
	"current_time": true, "current_timestamp": true, "current_user": true,
	"default": true, "deferrable": true, "delete": true, "desc": true,
	"distinct": true, "do": true, "drop": true, "else": true, "end": true,
	"except": true, "exists": true, "false": true, "fetch": true, "for": true,
	"foreign": true, "from": true, "grant": true, "group": true, "having": true,
	"in": true, "index": true, "initially": true, "insert": true,
	"intersect": true, "into": true, "is": true, "join": true, "leading": true,
	"limit": true, "localtime": true, "not": true, "null": true, "offset": true,
	"on": true, "only": true, "or": true, "order": true, "placing": true,
	"primary": true, "references": true, "returning": true, "select": true,
	"session_user": true, "some": true, "symmetric": true, "table": true,
	"then": true, "to": true, "trailing": true, "true": true, "union": true,
	"unique": true, "update": true, "user": true, "using": true, "values": true,
	"variadic": true, "when": true, "where": true, "window": true, "with": true,
}
