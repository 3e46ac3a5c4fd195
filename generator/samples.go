package generator

import (
	"strconv"
	"strings"
)

// The values the generated tests use: sample request bodies, the bodies the
// API must refuse, and each field's sample, edge and bad values (their
// per-type parts are columns of the rows in types.go).

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

// JSONValue is the primary sample value as JSON.
func (f Field) JSONValue() string { return f.row().json(f, 1) }

// JSONAlt is the alternative sample value as JSON; it differs from
// JSONValue unless the type has a single value.
func (f Field) JSONAlt() string { return f.row().json(f, 2) }

// JSONWant is the Go literal of the primary value as encoding/json decodes
// it from a response: numbers are float64, times UTC.
func (f Field) JSONWant() string { return f.want(1) }

// JSONWantAlt is JSONWant of the alternative value.
func (f Field) JSONWantAlt() string { return f.want(2) }

func (f Field) want(n int) string {
	if w := f.row().jsonWant; w != nil {
		return w(f, n)
	}
	return f.row().json(f, n)
}

// GoValue is the primary sample value as a Go expression of the model
// type (without the pointer of an optional field).
func (f Field) GoValue() string { return f.goSample(1) }

// GoAlt is the alternative sample value as a Go expression.
func (f Field) GoAlt() string { return f.goSample(2) }

func (f Field) goSample(n int) string {
	if v := f.row().goValue; v != nil {
		return v(f, n)
	}
	return f.row().json(f, n)
}

// GoPtr is a pointer to the primary sample value, for optional fields; it
// uses the ptr helper of the generated tests.
func (f Field) GoPtr() string { return f.ptr(f.GoValue()) }

// ptr is the pointer to the sample value v of the field's type.
func (f Field) ptr(v string) string {
	if t := f.row().untyped; t != "" {
		v = t + "(" + v + ")"
	}
	return "ptr(" + v + ")"
}

// GoEdge is a value of the model type at the edge of what the database
// must keep exactly (largest integer, nanosecond time), or "" when the
// primary sample is edge enough.
func (f Field) GoEdge() string { return f.row().edge }

// GoEdgePtr is GoEdge, or GoValue, as a pointer.
func (f Field) GoEdgePtr() string {
	if e := f.GoEdge(); e != "" {
		return f.ptr(e)
	}
	return f.GoPtr()
}

// RowValue is the value of a required field in the i-th row of the
// repository tests: distinct per row wherever the type allows, so unique
// fields do not clash.
func (f Field) RowValue() string {
	if v := f.row().rowValue; v != nil {
		return v(f)
	}
	return f.GoValue()
}

// DistinctValue is a Go expression of the field's required type whose
// value differs for each value of the int variable i, for tests that store
// several rows of a domain with unique fields. It needs only the packages
// fmt, time and uuid.
func (f Field) DistinctValue() string {
	if v := f.row().distinct; v != nil {
		return v(f)
	}
	return f.RowValue()
}

// GoZero is the Go zero value of the field's type when it is a value of
// its own that the repository tests store (false), or "".
func (f Field) GoZero() string { return f.row().zero }

// ZeroIsValue reports whether the zero value of the field's type is a
// valid value of the field (an enum's "" and a ref's nil uuid are not).
func (f Field) ZeroIsValue() bool { return !f.row().zeroInvalid }

// Subsecond reports whether the field's values carry fractions of a
// second, which each database keeps to its own precision.
func (f Field) Subsecond() bool { return f.row().subsecond }

// FirstSubsecond is the first field whose values carry fractions of a
// second (a time), which the service cuts to the database's precision, or
// nil.
func (d Domain) FirstSubsecond() *Field {
	for _, f := range d.Fields {
		if f.Subsecond() {
			return &f
		}
	}
	return nil
}

// LengthLimited reports whether the field holds at most MaxLen characters.
func (f Field) LengthLimited() bool { return f.row().maxLength }

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
	if f.row().compareEqual {
		return "!" + a + ".Equal(" + b + ")"
	}
	return a + " != " + b
}

// Equal is a Go expression that is true when the field values a and b are
// equal; both are of the field's required type. It is the negation of
// NotEqual.
func (f Field) Equal(a, b string) string {
	if f.row().compareEqual {
		return a + ".Equal(" + b + ")"
	}
	return a + " == " + b
}

// badValue is a JSON value the API must refuse for a field, and why.
type badValue struct {
	why, raw string
}

// badValues are the invalid values of the field's type the generated
// handler tests send.
func (f Field) badValues() []badValue { return f.row().bad(f) }
