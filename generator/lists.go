package generator

import (
	"fmt"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"github.com/go-gen/gen/options"
)

// What the list templates need: the keys a domain's lists sort by, the
// filters they accept and the indexes that serve both. Which operators and
// keys a field gets is read from its type's row (types.go).

// Sortable reports whether lists sort by the field: a required field that
// is unique or indexed, of a type its row allows. Optional fields are never
// sort keys, so the keyset of a page never holds a NULL.
func (f Field) Sortable() bool { return (f.Unique || f.Index) && !f.Optional && f.row().sortable }

// HasRange reports whether lists filter the field by range.
func (f Field) HasRange() bool { return slices.Contains(f.FilterOps(), "gt") }

// TextOf is the Go expression, in package model, of the value v of the
// field (never a pointer) in text: how filters and cursors name it.
func (f Field) TextOf(v string) string { return fmt.Sprintf(f.row().text, v) }

// ParseText is the Go expression, in package model, that turns the text s
// back into a value of the field and an error.
func (f Field) ParseText(s string) string { return fmt.Sprintf(f.row().parse, s, f.baseType("")) }

// CompareOf is the Go expression, in package model, that orders the values
// a and b of the field the way every database does: -1, 0 or +1.
func (f Field) CompareOf(a, b string) string { return fmt.Sprintf(f.row().compare, a, b) }

// QueryType is the Go type of a filter's query parameter in package handler.
func (f Field) QueryType() string {
	if t := f.row().queryType; t != "" {
		return t
	}
	if t := f.row().wireType; t != "" {
		return "schema." + t
	}
	return f.baseType("model.")
}

// FromQuery converts the value v of a filter's query parameter to the
// model's type.
func (f Field) FromQuery(v string) string {
	if form := f.row().fromQuery; form != "" {
		return fmt.Sprintf(form, v)
	}
	if f.row().wireType != "" {
		return fmt.Sprintf(f.row().toModel.required, v)
	}
	return v
}

// SQLValue is the SQLite query argument of the value v of the field (never
// a pointer).
func (f Field) SQLValue(v string) string {
	out, _ := f.row().sqliteArg.of(v, false)
	return out
}

// BSONValue is the value a MongoDB query compares with for the value v of
// the field (never a pointer).
func (f Field) BSONValue(v string) string {
	out, _ := f.row().toBSON.of(v, false)
	return out
}

// FilterParam is one query parameter of a list: a field and an operator.
type FilterParam struct {
	Field Field
	Op    string // eq, gt, gte, lt, lte
}

// opDocs describe the operators in the OpenAPI document.
var opDocs = map[string]string{
	"eq":  "is",
	"gt":  "is greater than",
	"gte": "is at least",
	"lt":  "is less than",
	"lte": "is at most",
}

// Go is the parameter's field name in the handler's input: Price, PriceGt.
func (p FilterParam) Go() string {
	if p.Op == "eq" {
		return p.Field.Go
	}
	return p.Field.Go + capitalize(p.Op)
}

// Query is the parameter's name in the query string: price, price[gt].
func (p FilterParam) Query() string {
	if p.Op == "eq" {
		return p.Field.Name
	}
	return p.Field.Name + "[" + p.Op + "]"
}

// OpGo is the operator's constant in package model: model.OpGt.
func (p FilterParam) OpGo() string { return "model.Op" + capitalize(p.Op) }

// Doc describes the parameter in the OpenAPI document.
func (p FilterParam) Doc(plural string) string {
	return "Only " + plural + " whose " + p.Field.Name + " " + opDocs[p.Op] + " this value"
}

// Filters are the fields lists filter by, in spec order.
func (d Domain) Filters() []Field {
	return d.filter(func(f Field) bool { return len(f.FilterOps()) > 0 })
}

// FilterParams are the query parameters of the domain's list filters.
func (d Domain) FilterParams() []FilterParam {
	var out []FilterParam
	for _, f := range d.Filters() {
		for _, op := range f.FilterOps() {
			out = append(out, FilterParam{Field: f, Op: op})
		}
	}
	return out
}

// SortFields are the fields lists sort by besides created_at and
// updated_at, in spec order.
func (d Domain) SortFields() []Field { return d.filter(Field.Sortable) }

// SortValues are the values of the sort parameter, comma-separated: every
// key ascending and descending.
func (d Domain) SortValues() string {
	keys := []string{"created_at", "updated_at"}
	for _, f := range d.SortFields() {
		keys = append(keys, f.Name)
	}
	var values []string
	for _, k := range keys {
		values = append(values, k, "-"+k)
	}
	return strings.Join(values, ",")
}

// ListIndex is an index that serves lists, besides the one of the default
// order (created_at, id): its columns after the owner's in an owned domain.
type ListIndex []string

// Name is the index's name in a SQL table: the table and its columns.
func (ix ListIndex) Name(table string, owned bool) string {
	name := table + "_" + strings.Join(ix, "_")
	if owned {
		name = table + "_owner_id_" + strings.Join(ix, "_")
	}
	return name[:min(len(name), pgMaxIdentifier)]
}

// SQL is the index's column list in SQL.
func (ix ListIndex) SQL(owned bool) string {
	cols := strings.Join(ix, ", ")
	if owned {
		cols = "owner_id, " + cols
	}
	return cols
}

// ListIndexes are the indexes that serve the domain's lists, each ending
// in id for the keyset: (updated_at, id); (field, id) for every sort key
// and field filtered by range; (field, created_at, id) for every field
// filtered by equality that is not unique (the unique ones are served by
// their unique index). An owned domain's indexes start with owner_id.
func (d Domain) ListIndexes() []ListIndex {
	out := []ListIndex{{"updated_at", "id"}}
	for _, f := range d.Fields {
		if f.Sortable() || f.HasRange() {
			out = append(out, ListIndex{f.Name, "id"})
		}
	}
	for _, f := range d.Fields {
		if slices.Contains(f.FilterOps(), "eq") && !f.Unique {
			out = append(out, ListIndex{f.Name, "created_at", "id"})
		}
	}
	return out
}

// PlainIndexes are the fields with an index of their own: the indexed
// fields of an owned domain, whose list indexes all start with the owner
// and so serve neither superusers' lists nor lookups by the field alone
// (the delete check of a ref's parent). A domain without owners finds each
// indexed field at the start of a list index.
func (d Domain) PlainIndexes() []Field {
	if !d.Owned {
		return nil
	}
	return d.Indexed()
}

// BaseType is the field's Go type in package model without the pointer of
// an optional field.
func (f Field) BaseType() string { return f.baseType("") }

// MatchFunc is the helper of package model that matches the field's value
// with a filter's conditions.
func (f Field) MatchFunc() string {
	if f.Optional {
		return "matchOptional"
	}
	return "matchAll"
}

// ListCalls reports whether the list code of package model calls the
// helper of that name for some field: the parse, text and compare
// expressions of the sort keys and filters, and the match functions.
func (p *Project) ListCalls(helper string) bool {
	return p.anyListField(func(f Field) bool {
		var code []string
		if f.Sortable() {
			code = append(code, f.ParseText("s"), f.TextOf("v"), f.CompareOf("a", "b"))
		}
		if len(f.FilterOps()) > 0 {
			code = append(code, f.TextOf("v"), f.CompareOf("a", "b"), f.MatchFunc()+"(")
		}
		return strings.Contains(strings.Join(code, " "), helper+"(")
	})
}

// FiltersCall reports whether the handlers call the helper of that name to
// convert the query parameter of some field's filter.
func (p *Project) FiltersCall(helper string) bool {
	return p.anyListField(func(f Field) bool {
		return len(f.FilterOps()) > 0 && strings.Contains(f.FromQuery("v"), helper+"(")
	})
}

// Tags are the struct tags of the parameter besides its name and doc: the
// format, pattern or values of the field.
func (p FilterParam) Tags() string {
	var tags []string
	if t := p.Field.OpenAPITags(); t != "" {
		tags = append(tags, t)
	}
	if len(p.Field.Values) > 0 {
		var values []string
		for _, v := range p.Field.Values {
			values = append(values, v.Value)
		}
		tags = append(tags, `enum:"`+strings.Join(values, ",")+`"`)
	}
	return strings.Join(tags, " ")
}

// ModelType is BaseType as other packages than model spell it.
func (f Field) ModelType() string { return f.baseType("model.") }

// BadQuery is a value of the parameter that does not parse as the field's
// type, or "" when every text does.
func (p FilterParam) BadQuery() string {
	if bad := p.Field.row().badQuery; bad != nil {
		return bad(p.Field)
	}
	return ""
}

// Sample is a value of the parameter in a query string: the field's
// primary sample.
func (p FilterParam) Sample() string {
	return strings.Trim(p.Field.row().json(p.Field, 1), `"`)
}

// UserDomain describes the users of auth as a domain, for the list code
// they share with the domains: GET /users sorts by email and filters by
// email, is_active and is_superuser. Only the fields lists use are given.
func (p *Project) UserDomain() Domain {
	return newDomain(options.Domain{Name: "user", Fields: []options.Field{
		{Name: "email", Type: options.Email, MaxLen: 254, Unique: true},
		{Name: "is_active", Type: options.Bool},
		{Name: "is_superuser", Type: options.Bool},
	}}, "")
}

// anyListField reports whether match holds for a field of a domain or of
// the users of auth, which share the list code.
func (p *Project) anyListField(match func(Field) bool) bool {
	if p.Auth && slices.ContainsFunc(p.UserDomain().Fields, match) {
		return true
	}
	return p.anyField(match)
}

// A call of one function on the value (or values) alone, which a Go
// expression can pass as the function itself.
var (
	unaryCall  = regexp.MustCompile(`^([A-Za-z_][\w.]*)\(%(?:\[1\])?s\)$`)
	binaryCall = regexp.MustCompile(`^([A-Za-z_][\w.]*)\(%\[1\]s, %\[2\]s\)$`)
)

// funcOf returns the function form calls when it calls one on its
// arguments alone (and not a conversion to a predeclared type, such as
// string(v)), or the function literal with params that evaluates form.
func funcOf(form, params, result string, args ...any) string {
	for _, re := range []*regexp.Regexp{unaryCall, binaryCall} {
		if m := re.FindStringSubmatch(form); m != nil {
			if _, isType := types.Universe.Lookup(m[1]).(*types.TypeName); !isType {
				return m[1]
			}
		}
	}
	return "func(" + params + ") " + result + " { return " + fmt.Sprintf(form, args...) + " }"
}

// CompareFunc is a Go function, in package model, that orders two values
// of the field: CompareOf as a function.
func (f Field) CompareFunc() string {
	return funcOf(f.row().compare, "a, b "+f.BaseType(), "int", "a", "b")
}

// TextFunc is a Go function, in package model, that returns a value of the
// field in text: TextOf as a function.
func (f Field) TextFunc() string {
	return funcOf(f.row().text, "v "+f.BaseType(), "string", "v")
}

// AnyFilters reports whether a list of the project (a domain's, or the
// users' of auth) has a filter, and so needs the code of filters.
func (p *Project) AnyFilters() bool {
	return p.anyListField(func(f Field) bool { return len(f.FilterOps()) > 0 })
}
