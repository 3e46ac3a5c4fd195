package generator

import (
	"fmt"
	"strconv"
	"strings"
	"text/template"

	"github.com/go-gen/gen/internal/naming"
	"github.com/go-gen/gen/options"
)

// This file holds what the templates need to know about field types: the Go,
// wire and SQL spelling of each type, its struct tags, its conversions
// between layers, and the sample values the generated tests use.

// fieldFuncs are the template functions beyond sprig's hermetic set.
var fieldFuncs = template.FuncMap{
	"withArticle": withArticle,
	"capitalize":  capitalize,
	"uuidTags":    uuidParamTags,
}

// usesDate reports whether any domain has a date field.
func usesDate(p *Project) bool { return p.Uses(options.Date) }

// Uses reports whether any domain has a field of type t.
func (p *Project) Uses(t options.FieldType) bool {
	return p.anyField(func(f Field) bool { return f.Type == t })
}

// UsesRequired reports whether any domain has a required field of type t.
func (p *Project) UsesRequired(t options.FieldType) bool {
	return p.anyField(func(f Field) bool { return f.Type == t && !f.Optional })
}

// UsesOptional reports whether any domain has an optional field of type t.
func (p *Project) UsesOptional(t options.FieldType) bool {
	return p.anyField(func(f Field) bool { return f.Type == t && f.Optional })
}

// AnyRequired reports whether any domain has a required field. The users
// of auth are not counted: their code does not share the domains' helpers.
func (p *Project) AnyRequired() bool {
	return p.anyField(func(f Field) bool { return !f.Optional })
}

// AnyOptional reports whether any domain has an optional field. The users
// of auth are not counted: their code does not share the domains' helpers.
func (p *Project) AnyOptional() bool {
	return p.anyField(func(f Field) bool { return f.Optional })
}

// UsesNullTime reports whether any domain stores a nullable time or date,
// which the repository scans into a *time.Time.
func (p *Project) UsesNullTime() bool {
	return p.UsesOptional(options.Time) || p.UsesOptional(options.Date)
}

func (p *Project) anyField(match func(Field) bool) bool {
	for _, d := range p.Domains {
		for _, f := range d.Fields {
			if match(f) {
				return true
			}
		}
	}
	return false
}

// withArticle puts "a" or "an" before a phrase by how it sounds:
// "an artist", "a user", "an hour", "a blog post".
func withArticle(phrase string) string {
	w := strings.ToLower(phrase)
	an := strings.IndexByte("aeiou", firstByte(w)) >= 0
	for _, p := range []string{"uni", "use", "usu", "uti", "ure", "uro", "url", "uuid", "eu", "ewe", "one", "once"} {
		if strings.HasPrefix(w, p) {
			an = false
		}
	}
	for _, p := range []string{"hour", "honest", "honor", "honour", "heir"} {
		if strings.HasPrefix(w, p) {
			an = true
		}
	}
	if an {
		return "an " + phrase
	}
	return "a " + phrase
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

// capitalize upper-cases the first letter: "blog post" → "Blog post".
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Domain-level helpers.

// Columns lists the domain's columns in table order, for SELECT and INSERT.
func (d Domain) Columns() string {
	cols := []string{"id"}
	if d.Owned {
		cols = append(cols, "owner_id")
	}
	for _, f := range d.Fields {
		cols = append(cols, f.Name)
	}
	return strings.Join(append(cols, "created_at", "updated_at"), ", ")
}

// Placeholders are the INSERT placeholders of Columns.
func (d Domain) Placeholders() string {
	n := len(d.Fields) + 3
	if d.Owned {
		n++
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// SetClause is the SET list of the UPDATE statement: every field and
// updated_at.
func (d Domain) SetClause() string {
	var set []string
	for _, f := range d.Fields {
		set = append(set, f.Name+" = ?")
	}
	return strings.Join(append(set, "updated_at = ?"), ", ")
}

// ColumnWidth is the width of the widest column name, to align the CREATE
// TABLE statement.
func (d Domain) ColumnWidth() int {
	w := len("created_at")
	for _, f := range d.Fields {
		w = max(w, len(f.Name))
	}
	return w
}

// Indexed are the fields with a plain (not unique) index.
func (d Domain) Indexed() []Field { return d.filter(func(f Field) bool { return f.Index }) }

// Unique are the unique fields.
func (d Domain) Unique() []Field { return d.filter(func(f Field) bool { return f.Unique }) }

// Required are the fields that may not be null.
func (d Domain) Required() []Field { return d.filter(func(f Field) bool { return !f.Optional }) }

// OptionalFields are the fields that may be null.
func (d Domain) OptionalFields() []Field { return d.filter(func(f Field) bool { return f.Optional }) }

// Enums are the enum fields.
func (d Domain) Enums() []Field {
	return d.filter(func(f Field) bool { return f.Type == options.Enum })
}

// OptionalEnums are the enum fields that may be null.
func (d Domain) OptionalEnums() []Field {
	return d.filter(func(f Field) bool { return f.Type == options.Enum && f.Optional })
}

// HasRequired reports whether the domain has a required field.
func (d Domain) HasRequired() bool { return len(d.Required()) > 0 }

// HasOptional reports whether the domain has an optional field.
func (d Domain) HasOptional() bool { return len(d.OptionalFields()) > 0 }

// ChangeField is the field the generated tests change in an update: the
// first required field, or nil when every field is optional.
func (d Domain) ChangeField() *Field {
	for _, f := range d.Fields {
		if !f.Optional {
			return &f
		}
	}
	return nil
}

// changes reports whether f is the ChangeField.
func (d Domain) changes(f Field) bool {
	c := d.ChangeField()
	return c != nil && c.Name == f.Name
}

// FirstOptional is the first optional field, or nil.
func (d Domain) FirstOptional() *Field {
	for _, f := range d.Fields {
		if f.Optional {
			return &f
		}
	}
	return nil
}

// FirstTime is the first field of type time, or nil.
func (d Domain) FirstTime() *Field {
	for _, f := range d.Fields {
		if f.Type == options.Time {
			return &f
		}
	}
	return nil
}

func (d Domain) filter(keep func(Field) bool) []Field {
	var out []Field
	for _, f := range d.Fields {
		if keep(f) {
			out = append(out, f)
		}
	}
	return out
}

// SampleJSON is a valid create body with every required field and no
// optional one, e.g. {"name":"name 1","active":true}.
func (d Domain) SampleJSON() string {
	return jsonObject(d.Required(), Field.JSONValue)
}

// FullJSON is a valid create body with every field set.
func (d Domain) FullJSON() string {
	return jsonObject(d.Fields, Field.JSONValue)
}

// PatchJSON is the update body the generated tests send: it clears every
// optional field and changes ChangeField.
func (d Domain) PatchJSON() string {
	var members []string
	for _, f := range d.Fields {
		switch {
		case f.Optional:
			members = append(members, strconv.Quote(f.Name)+":null")
		case d.changes(f):
			members = append(members, strconv.Quote(f.Name)+":"+f.JSONAlt())
		}
	}
	return "{" + strings.Join(members, ",") + "}"
}

// PatchedWant is the Go literal of a field's JSON value after PatchJSON
// was applied to FullJSON.
func (d Domain) PatchedWant(f Field) string {
	switch {
	case f.Optional:
		return "nil"
	case d.changes(f):
		return f.JSONWantAlt()
	}
	return f.JSONWant()
}

// PatchedGo is the Go value of a required field after PatchJSON was
// applied to an entity holding the primary values.
func (d Domain) PatchedGo(f Field) string {
	if d.changes(f) {
		return f.GoAlt()
	}
	return f.GoValue()
}

// UnknownField is a JSON key that is not a field of the domain.
func (d Domain) UnknownField() string {
	name := "extra"
	for d.hasField(name) {
		name += "_field"
	}
	return name
}

func (d Domain) hasField(name string) bool {
	for _, f := range d.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// BodyCase is one invalid request body of the generated handler tests.
type BodyCase struct {
	Name string // "name too long"
	// Body is a Go expression of type string.
	Body string
	// Field is the field the error details must name.
	Field string
}

// maxTestedLen bounds the strings the generated tests send to prove a
// length limit, well below the 1 MiB body limit.
const maxTestedLen = 100000

// longMarker stands for a too-long string in a body until it is turned
// into a strings.Repeat expression.
const longMarker = "\x00long\x00"

// CreateInvalid are the create bodies the API must refuse with 422.
func (d Domain) CreateInvalid() []BodyCase {
	base := d.Required()
	with := func(f Field, raw string) string {
		return d.bodyExpr(setMember(base, f, raw))
	}
	var cases []BodyCase
	for _, f := range d.Fields {
		if !f.Optional {
			cases = append(cases,
				BodyCase{f.Name + " missing", d.bodyExpr(jsonObject(without(base, f), Field.JSONValue)), f.Name},
				BodyCase{f.Name + " null", with(f, "null"), f.Name})
		}
		for _, b := range f.badValues() {
			cases = append(cases, BodyCase{f.Name + " " + b.why, with(f, b.raw), f.Name})
		}
	}
	unknown := d.UnknownField()
	body := strings.TrimSuffix(d.SampleJSON(), "}")
	if len(base) > 0 {
		body += ","
	}
	cases = append(cases, BodyCase{"unknown field", goRaw(body + strconv.Quote(unknown) + ":1}"), unknown})
	return cases
}

// UpdateInvalid are the update bodies the API must refuse with 422.
func (d Domain) UpdateInvalid() []BodyCase {
	var cases []BodyCase
	for _, f := range d.Fields {
		if !f.Optional {
			cases = append(cases, BodyCase{f.Name + " null", d.bodyExpr("{" + strconv.Quote(f.Name) + ":null}"), f.Name})
		}
		for _, b := range f.badValues() {
			cases = append(cases, BodyCase{f.Name + " " + b.why, d.bodyExpr("{" + strconv.Quote(f.Name) + ":" + b.raw + "}"), f.Name})
		}
	}
	unknown := d.UnknownField()
	return append(cases, BodyCase{"unknown field", goRaw("{" + strconv.Quote(unknown) + ":1}"), unknown})
}

// bodyExpr turns a JSON body into a Go string expression, spelling a
// too-long string as strings.Repeat.
func (d Domain) bodyExpr(body string) string {
	before, after, ok := strings.Cut(body, longMarker)
	if !ok {
		return goRaw(body)
	}
	n, rest, _ := strings.Cut(after, longMarker)
	return goRaw(before) + ` + strings.Repeat("x", ` + n + `) + ` + goRaw(rest)
}

// NullEnumJSON is a create body with every required field and every
// optional enum null.
func (d Domain) NullEnumJSON() string {
	fields := d.Required()
	var members []string
	for _, f := range fields {
		members = append(members, strconv.Quote(f.Name)+":"+f.JSONValue())
	}
	for _, f := range d.OptionalEnums() {
		members = append(members, strconv.Quote(f.Name)+":null")
	}
	return "{" + strings.Join(members, ",") + "}"
}

// goRaw quotes s as a Go raw string literal; the JSON the generator writes
// never holds a backquote.
func goRaw(s string) string { return "`" + s + "`" }

func jsonObject(fields []Field, value func(Field) string) string {
	var members []string
	for _, f := range fields {
		members = append(members, strconv.Quote(f.Name)+":"+value(f))
	}
	return "{" + strings.Join(members, ",") + "}"
}

// setMember is the JSON object of fields with primary values, f set to raw
// (added when f is not among fields).
func setMember(fields []Field, f Field, raw string) string {
	var members []string
	found := false
	for _, g := range fields {
		v := g.JSONValue()
		if g.Name == f.Name {
			v, found = raw, true
		}
		members = append(members, strconv.Quote(g.Name)+":"+v)
	}
	if !found {
		members = append(members, strconv.Quote(f.Name)+":"+raw)
	}
	return "{" + strings.Join(members, ",") + "}"
}

func without(fields []Field, f Field) []Field {
	var out []Field
	for _, g := range fields {
		if g.Name != f.Name {
			out = append(out, g)
		}
	}
	return out
}

// Field-level helpers: types.

// EnumType is the Go type of an enum field in package model: EventKind.
func (f Field) EnumType() string {
	if len(f.Values) == 0 {
		return ""
	}
	v := f.Values[0]
	return strings.TrimSuffix(v.Go, naming.Pascal(v.Value))
}

// baseType is the field's Go type in package model without the pointer of
// an optional field; qualifier prefixes enum types.
func (f Field) baseType(qualifier string) string {
	switch f.Type {
	case options.Int:
		return "int64"
	case options.Float:
		return "float64"
	case options.Bool:
		return "bool"
	case options.Time, options.Date:
		return "time.Time"
	case options.UUID:
		return "uuid.UUID"
	case options.Enum:
		return qualifier + f.EnumType()
	}
	return "string"
}

// GoType is the field's type in package model: *string for an optional
// string, EventKind for an enum.
func (f Field) GoType() string { return f.pointer(f.baseType("")) }

// WireType is the field's type in package schema without the pointer of an
// optional field: Date for a date, model.EventKind for an enum.
func (f Field) WireType() string {
	if f.Type == options.Date {
		return "Date"
	}
	return f.baseType("model.")
}

// SchemaType is the field's type in create and response bodies.
func (f Field) SchemaType() string { return f.pointer(f.WireType()) }

// UpdateType is the field's type in update bodies.
func (f Field) UpdateType() string { return "Optional[" + f.WireType() + "]" }

func (f Field) pointer(t string) string {
	if f.Optional {
		return "*" + t
	}
	return t
}

// SQLType is the SQLite column type.
func (f Field) SQLType() string {
	switch f.Type {
	case options.Int, options.Bool:
		return "INTEGER"
	case options.Float:
		return "REAL"
	}
	return "TEXT"
}

// SQLColumn is the column's definition in CREATE TABLE, its name padded to
// width.
func (f Field) SQLColumn(width int) string {
	def := fmt.Sprintf("%-*s %s", width, f.Name, f.SQLType())
	if !f.Optional {
		def += " NOT NULL"
	}
	if f.Unique && !f.owned { // owned tables declare UNIQUE (owner_id, field)
		def += " UNIQUE"
	}
	var check string
	switch f.Type {
	case options.Bool:
		check = f.Name + " IN (0, 1)"
	case options.Date:
		check = f.Name + " = date(" + f.Name + ")"
	case options.Enum:
		check = f.enumIn()
	}
	if check != "" && f.Optional {
		check = f.Name + " IS NULL OR " + check
	}
	if check != "" {
		def += " CHECK (" + check + ")"
	}
	return def
}

// Field-level helpers: struct tags and docs.

// Doc describes the field in the OpenAPI document.
func (f Field) Doc() string {
	words := strings.Fields(f.Human)
	for i, w := range words {
		// Initialisms keep their capitals: "external ID", "updated by URL".
		if p := naming.Pascal(w); len(w) > 1 && p == strings.ToUpper(w) {
			words[i] = p
		}
	}
	doc := capitalize(strings.Join(words, " "))
	if f.IsRef() {
		doc = f.refDoc()
	}
	switch f.Type {
	case options.Time:
		doc += " (RFC 3339)"
	case options.Date:
		doc += " (YYYY-MM-DD)"
	case options.Email:
		doc += " (an email address)"
	}
	if f.Unique {
		doc += "; unique"
	}
	return doc
}

// CreateTag is the struct tag of the field in the create body.
func (f Field) CreateTag() string {
	json := f.Name
	if f.Optional {
		json += ",omitempty"
	}
	return f.tag(json, f.Optional, true)
}

// UpdateTag is the struct tag of the field in the update body.
func (f Field) UpdateTag() string { return f.tag(f.Name+",omitzero", f.Optional, true) }

// ResponseTag is the struct tag of the field in the response body.
func (f Field) ResponseTag() string { return f.tag(f.Name, f.Optional, false) }

// tag builds a struct tag; limits adds the length limits requests obey.
func (f Field) tag(json string, nullable, limits bool) string {
	parts := []string{`json:"` + json + `"`}
	if nullable {
		parts = append(parts, `nullable:"true"`)
	}
	parts = append(parts, f.openAPITags()...)
	if limits && (f.Type == options.String || f.Type == options.Email) {
		if f.Type == options.String && !f.Optional {
			parts = append(parts, `minLength:"1"`)
		}
		parts = append(parts, `maxLength:"`+strconv.Itoa(f.MaxLen)+`"`)
	}
	if f.Type == options.Enum {
		var values []string
		for _, v := range f.Values {
			values = append(values, v.Value)
		}
		parts = append(parts, `enum:"`+strings.Join(values, ",")+`"`)
	}
	parts = append(parts, `doc:"`+f.Doc()+`"`)
	return "`" + strings.Join(parts, " ") + "`"
}

// Field-level helpers: conversions between layers. recv is the Go
// expression of the value holding the field, such as "c" or "item".

// ToModel converts the field of a create body to the model.
func (f Field) ToModel(recv string) string {
	v := recv + "." + f.Go
	switch {
	case f.Type == options.Time && f.Optional:
		return "utcPtr(" + v + ")"
	case f.Type == options.Time:
		return v + ".UTC()"
	case f.Type == options.Date && f.Optional:
		return v + ".timePtr()"
	case f.Type == options.Date:
		return v + ".Time()"
	}
	return v
}

// ToResponse converts the field of a model to the response.
func (f Field) ToResponse(recv string) string {
	v := recv + "." + f.Go
	switch {
	case f.Type == options.Time && f.Optional:
		return "utcPtr(" + v + ")"
	case f.Type == options.Time:
		return v + ".UTC()"
	case f.Type == options.Date && f.Optional:
		return "datePtr(" + v + ")"
	case f.Type == options.Date:
		return "NewDate(" + v + ")"
	}
	return v
}

// ApplyUpdate is the statement that writes the field of update u into the
// model dst.
func (f Field) ApplyUpdate(u, dst string) string {
	src := u + "." + f.Go
	switch f.Type {
	case options.Time:
		src = "mapOptional(" + src + ", time.Time.UTC)"
	case options.Date:
		src = "mapOptional(" + src + ", Date.Time)"
	}
	if f.Optional {
		return "setOptional(" + src + ", &" + dst + "." + f.Go + ")"
	}
	return "setRequired(" + src + ", " + strconv.Quote(f.Name) + ", &" + dst + "." + f.Go + ", problems)"
}

// ScanArg is the Scan destination of the field of recv.
func (f Field) ScanArg(recv string) string {
	v := "&" + recv + "." + f.Go
	switch {
	case f.Type == options.Time && f.Optional:
		return "scanNullTime(" + v + ")"
	case f.Type == options.Time:
		return "scanTime(" + v + ")"
	case f.Type == options.Date && f.Optional:
		return "scanNullDate(" + v + ")"
	case f.Type == options.Date:
		return "scanDate(" + v + ")"
	}
	return v
}

// SQLArg is the query argument storing the field of recv.
func (f Field) SQLArg(recv string) string {
	v := recv + "." + f.Go
	switch {
	case f.Type == options.Time && f.Optional:
		return "nullTimeArg(" + v + ")"
	case f.Type == options.Time:
		return "timeArg(" + v + ")"
	case f.Type == options.Date && f.Optional:
		return "nullDateArg(" + v + ")"
	case f.Type == options.Date:
		return "dateArg(" + v + ")"
	}
	return v
}

// Field-level helpers: sample values of the generated tests.

// sampleString is the primary (n = 1) or alternative (n = 2) value of a
// string or text field, within its length limit.
func (f Field) sampleString(n int) string {
	s := f.Human + " " + strconv.Itoa(n)
	if f.MaxLen > 0 && len(s) > f.MaxLen {
		s = strings.Repeat(string(rune('a'+n-1)), f.MaxLen)
	}
	return s
}

// altValue is the enum value the alternative sample uses.
func (f Field) altValue() EnumValue { return f.Values[len(f.Values)-1] }

// JSONValue is the primary sample value as JSON.
func (f Field) JSONValue() string {
	switch f.Type {
	case options.String, options.Text:
		return strconv.Quote(f.sampleString(1))
	case options.Int:
		return "100"
	case options.Float:
		return "4.5"
	case options.Bool:
		return "true"
	case options.Time:
		return `"2026-05-01T20:00:00+02:00"`
	case options.Date:
		return `"1933-02-21"`
	case options.UUID:
		return `"0190c3a4-1b2c-7d3e-8f40-123456789abc"`
	case options.Email:
		return `"a@example.com"`
	case options.Enum:
		return strconv.Quote(f.Values[0].Value)
	}
	return "null"
}

// JSONAlt is the alternative sample value as JSON; it differs from
// JSONValue unless the type has a single value.
func (f Field) JSONAlt() string {
	switch f.Type {
	case options.String, options.Text:
		return strconv.Quote(f.sampleString(2))
	case options.Int:
		return "7"
	case options.Float:
		return "2.5"
	case options.Bool:
		return "false"
	case options.Time:
		return `"2026-06-01T09:30:00Z"`
	case options.Date:
		return `"2000-01-02"`
	case options.UUID:
		return `"0190c3a4-1b2c-7d3e-8f40-123456789abd"`
	case options.Email:
		return `"b@example.com"`
	case options.Enum:
		return strconv.Quote(f.altValue().Value)
	}
	return "null"
}

// JSONWant is the Go literal of the primary value as encoding/json decodes
// it from a response: numbers are float64, times UTC.
func (f Field) JSONWant() string {
	switch f.Type {
	case options.Int:
		return "100.0"
	case options.Time:
		return `"2026-05-01T18:00:00Z"`
	}
	return f.JSONValue()
}

// JSONWantAlt is JSONWant of the alternative value.
func (f Field) JSONWantAlt() string {
	if f.Type == options.Int {
		return "7.0"
	}
	return f.JSONAlt()
}

// GoValue is the primary sample value as a Go expression of the model
// type (without the pointer of an optional field).
func (f Field) GoValue() string {
	switch f.Type {
	case options.Time:
		return "time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC)"
	case options.Date:
		return "time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC)"
	case options.UUID:
		return `uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc")`
	case options.Enum:
		return "model." + f.Values[0].Go
	}
	return f.JSONValue()
}

// GoAlt is the alternative sample value as a Go expression.
func (f Field) GoAlt() string {
	switch f.Type {
	case options.Time:
		return "time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)"
	case options.Date:
		return "time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC)"
	case options.UUID:
		return `uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd")`
	case options.Enum:
		return "model." + f.altValue().Go
	}
	return f.JSONAlt()
}

// GoPtr is a pointer to the primary sample value, for optional fields; it
// uses the ptr helper of the generated tests.
func (f Field) GoPtr() string {
	if f.Type == options.Int {
		return "ptr(int64(100))"
	}
	return "ptr(" + f.GoValue() + ")"
}

// GoEdge is a value of the model type at the edge of what the database
// must keep exactly (largest integer, nanosecond time), or "" when the
// primary sample is edge enough.
func (f Field) GoEdge() string {
	switch f.Type {
	case options.Int:
		return "math.MaxInt64"
	case options.Time:
		return "time.Date(2026, 5, 1, 18, 30, 0, 123456789, time.UTC)"
	}
	return ""
}

// GoEdgePtr is GoEdge, or GoValue, as a pointer.
func (f Field) GoEdgePtr() string {
	switch f.Type {
	case options.Int:
		return "ptr(int64(math.MaxInt64))"
	case options.Time:
		return "ptr(" + f.GoEdge() + ")"
	}
	return f.GoPtr()
}

// RowValue is the value of a required field in the i-th row of the
// repository tests: distinct per row wherever the type allows, so unique
// fields do not clash.
func (f Field) RowValue() string {
	switch f.Type {
	case options.String, options.Text:
		return `fmt.Sprintf("` + f.Human + ` %d", i)`
	case options.Email:
		return `fmt.Sprintf("user%d@example.com", i)`
	case options.Int:
		return "int64(i)"
	case options.Float:
		return "float64(i)"
	case options.Time:
		return "timestamp(i)"
	case options.Date:
		return "time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)"
	case options.UUID:
		return "uuid.New()"
	}
	return f.GoValue()
}

// OutsideEnum is a string that is not a value of the enum field.
func (f Field) OutsideEnum() string {
	v := "bogus"
	for f.isValue(v) {
		v += "_value"
	}
	return v
}

func (f Field) isValue(s string) bool {
	for _, v := range f.Values {
		if v.Value == s {
			return true
		}
	}
	return false
}

// NotEqual is a Go expression that is true when the field value a differs
// from b; both are of the field's required type.
func (f Field) NotEqual(a, b string) string {
	if f.Type == options.Time || f.Type == options.Date {
		return "!" + a + ".Equal(" + b + ")"
	}
	return a + " != " + b
}

// badValue is a JSON value the API must refuse for a field, and why.
type badValue struct {
	why, raw string
}

// badValues are the invalid values of the field's type the generated
// handler tests send.
func (f Field) badValues() []badValue {
	switch f.Type {
	case options.String:
		var bad []badValue
		if f.MaxLen < maxTestedLen {
			bad = append(bad, badValue{why: "too long", raw: `"` + longMarker + strconv.Itoa(f.MaxLen+1) + longMarker + `"`})
		}
		if !f.Optional {
			bad = append(bad, badValue{why: "empty", raw: `""`})
		}
		return bad
	case options.Text:
		return []badValue{{why: "wrong type", raw: "1"}}
	case options.Int:
		return []badValue{{why: "not an integer", raw: "1.5"}, {why: "too large", raw: "1e30"}, {why: "above int64", raw: "9223372036854775808"}}
	case options.Float:
		return []badValue{{why: "wrong type", raw: `"high"`}}
	case options.Bool:
		return []badValue{{why: "wrong type", raw: `"yes"`}}
	case options.Time:
		return []badValue{{why: "not a time", raw: `"tomorrow"`}}
	case options.Date:
		return []badValue{{why: "not a date", raw: `"1933-02-30"`}}
	case options.UUID:
		return append([]badValue{{why: "not a uuid", raw: `"nope"`}}, uuidOtherForms...)
	case options.Email:
		return []badValue{{why: "not an email", raw: `"nope"`}}
	case options.Enum:
		return []badValue{{why: "not in enum", raw: strconv.Quote(f.OutsideEnum())}}
	}
	return nil
}

// PostgreSQL helpers.

// PGType is the field's PostgreSQL column type.
func (f Field) PGType() string {
	switch f.Type {
	case options.String, options.Email:
		return fmt.Sprintf("varchar(%d)", f.MaxLen)
	case options.Int:
		return "bigint"
	case options.Float:
		return "double precision"
	case options.Bool:
		return "boolean"
	case options.Time:
		return "timestamptz"
	case options.Date:
		return "date"
	case options.UUID, options.Ref:
		return "uuid"
	}
	return "text"
}

// PGColumn is the column's definition in a PostgreSQL CREATE TABLE, its
// name padded to width.
func (f Field) PGColumn(width int) string {
	def := fmt.Sprintf("%-*s %s", width, f.Name, f.PGType())
	if !f.Optional {
		def += " NOT NULL"
	}
	if f.Unique && !f.owned { // owned tables declare UNIQUE (owner_id, field)
		def += " UNIQUE"
	}
	if f.Type == options.Enum {
		def += " CHECK (" + f.enumIn() + ")"
	}
	return def
}

// enumIn is the SQL condition that an enum column holds one of its values.
func (f Field) enumIn() string {
	values := make([]string, len(f.Values))
	for i, v := range f.Values {
		values[i] = "'" + v.Value + "'"
	}
	return f.Name + " IN (" + strings.Join(values, ", ") + ")"
}

// PGValues are the numbered INSERT parameters of Columns: $1, $2, ….
func (d Domain) PGValues() string {
	n := len(strings.Split(d.Columns(), ", "))
	params := make([]string, n)
	for i := range params {
		params[i] = fmt.Sprintf("$%d", i+1)
	}
	return strings.Join(params, ", ")
}

// PGSetClause is the SET list of the PostgreSQL UPDATE statement: every
// field and updated_at, numbered from $1; the id follows as PGSetIDParam.
func (d Domain) PGSetClause() string {
	var set []string
	for i, f := range d.Fields {
		set = append(set, fmt.Sprintf("%s = $%d", f.Name, i+1))
	}
	return strings.Join(append(set, fmt.Sprintf("updated_at = $%d", len(d.Fields)+1)), ", ")
}

// PGSetIDParam is the parameter of the id in the UPDATE statement, after
// PGSetClause's.
func (d Domain) PGSetIDParam() string { return fmt.Sprintf("$%d", len(d.Fields)+2) }
