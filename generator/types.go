package generator

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-gen/gen/options"
)

// This file holds the generator's knowledge of each field type, one row per
// type (the way ent describes its fields): the Go, wire and database types,
// the struct tags and docs, the conversions between layers, the rule the
// model checks, the sample and bad values of the generated tests, and the
// list filters the type allows.
// The Field methods in the other files read these rows; templates never
// compare type names. Adding a field type means adding a row here (and its
// grammar row in package options); TestEveryTypeHasARow says which columns
// a row must fill.

// fieldType is the row of one field type. Empty columns mean "nothing
// special", as each column's comment says; columns marked required must be
// filled in every row.
type fieldType struct {
	// goType is the type in package model (required); "" for enum only,
	// whose fields each get a named type of their own.
	goType string
	// wireType is the type in package schema when it differs from goType:
	// a type of package schema, such as Date.
	wireType string
	// untyped is the Go type to convert the sample literals to where they
	// must have the field's type (ptr(int64(100))), when an untyped
	// constant would default to another one.
	untyped string
	// modelComment is the line comment of the field in the model struct.
	modelComment string

	// sqlite is the SQLite column type (required).
	sqlite string
	// sqliteCheck is the CHECK condition of a SQLite column, or "".
	sqliteCheck func(f Field) string
	// postgres is the PostgreSQL column type (required); a type whose
	// values have a maximum length takes it as a parameter: varchar(80).
	postgres string
	// pgCheck is the CHECK condition of a PostgreSQL column, or "".
	pgCheck func(f Field) string
	// bson is the type in the MongoDB document when it differs from
	// goType; bsonOptional the type of an optional field when it is not a
	// pointer to the required one.
	bson, bsonOptional string

	// openAPI are the struct tags stating the value's format and pattern
	// in the OpenAPI document (format:"email"), or "". Tags state only
	// what the server enforces: an int states no bounds, as int64's are
	// not representable in the float64 huma keeps them in; format int64
	// (which huma gives every int64) says it, and a number beyond it is
	// refused while decoding.
	openAPI string
	// maxLength: requests are refused when longer than Field.MaxLen.
	maxLength bool
	// nonEmpty: a required field refuses "".
	nonEmpty bool
	// docSuffix follows the field's description in the OpenAPI document.
	docSuffix string
	// readme names the type in the project's README (required).
	readme func(f Field) string

	// The conversions between layers; see conv.
	toModel     conv // create/update body → model (schema package)
	toResponse  conv // model → response body (schema package)
	applyUpdate conv // update body's Optional → Optional of the model type
	keepStored  conv // model value → the value as the database keeps it (service)
	sqliteScan  conv // Scan destination (SQLite)
	sqliteArg   conv // query argument (SQLite)
	pgScanned   conv // scanned value → model value (PostgreSQL)
	toBSON      conv // model → document (MongoDB)
	fromBSON    conv // document → model (MongoDB)
	// parseBSON: fromBSON can fail and returns an error besides the value.
	parseBSON bool
	// compareEqual: values are compared with their Equal method, not ==.
	compareEqual bool
	// subsecond: values carry fractions of a second, which each database
	// keeps to its own precision.
	subsecond bool

	// json gives the primary (n = 1) and the alternative (n = 2) sample
	// value as JSON (required); the alternative differs unless the type has
	// a single value.
	json func(f Field, n int) string
	// jsonWant is json as encoding/json decodes it from a response (numbers
	// are float64, times UTC), when it differs.
	jsonWant func(f Field, n int) string
	// goValue is json as a Go expression of the model type, when it
	// differs from the JSON literal.
	goValue func(f Field, n int) string
	// edge is a Go value at the edge of what a database must keep exactly
	// (largest integer, nanosecond time), when the samples are not.
	edge string
	// zero is the Go zero value when it is a value of its own that a row
	// of the repository tests holds (false), or "".
	zero string
	// zeroInvalid: the zero value is not a valid value (an enum's "", a
	// ref's nil uuid).
	zeroInvalid bool
	// rowValue is the value of a required field in the i-th row of the
	// repository tests, distinct per row where the type allows; nil means
	// the primary sample.
	rowValue func(f Field) string
	// distinct is rowValue for tests without the repository tests'
	// helpers (it may use only the packages fmt, time and uuid), when
	// rowValue calls one.
	distinct func(f Field) string
	// bad are the values requests must refuse (required, may be empty).
	bad func(f Field) []badValue

	// The rule the model checks on a value beyond its Go type (rules.go);
	// a type without one leaves check nil.
	//
	// check is the Go expression, in package model, that returns what is
	// wrong with the value v (never a pointer), or "" when nothing is.
	// Project.Checks says which helpers the expressions call, and so which
	// ones package model declares.
	check func(f Field, v string) string
	// holdsText: the value is text, which may not contain a NUL character
	// (PostgreSQL cannot store one, so no database may); the model checks
	// it, and the generated tests send one.
	holdsText bool
	// invalid are Go values of the model type (without the pointer of an
	// optional field) that break the rule, for the generated service
	// tests, besides the NUL case of a type that holdsText; nil for none
	// beyond it.
	invalid func(f Field) []invalidValue
	// atLimit is a value as long as the field's limit allows, in two-byte
	// characters, which the model must accept (limits count characters,
	// as JSON schema does), or nil when the type has no such limit.
	atLimit func(f Field) string

	// equality: lists filter on the field by equality even when it is not
	// indexed; unique and indexed fields of any type filter by equality.
	equality bool
	// ordered: an indexed or unique field filters by range (gt, gte, lt,
	// lte) too.
	ordered bool
	// sortable: lists sort by a required indexed or unique field (and
	// resume after one of its values). Optional fields are never sort keys,
	// so keyset pagination never meets a NULL.
	sortable bool

	// How lists name a value in text (filters, cursors) and order values,
	// each a Go expression in package model, %s standing for the value:
	// text is the value's text form, parse turns that text (%[1]s) back
	// into the value and an error (%[2]s is the model's type), compare orders two values (%[1]s and %[2]s) as
	// every database does. All three are required.
	text, parse, compare string
	// bytewise: the values are text that lists order byte by byte, as Go
	// compares strings; PostgreSQL columns say so with COLLATE "C" (their
	// equality is unchanged).
	bytewise bool
	// queryType is the Go type of a filter's query parameter in package
	// handler when it differs from WireType, and fromQuery converts it to
	// the model's type ("" when it is that already).
	queryType, fromQuery string
	// badQuery is a filter value in a query string that does not parse as
	// the type, or nil when every text is a value of the type.
	badQuery func(f Field) string
}

// Columns shared by several rows: strings ordered byte by byte, and times.
const (
	stringText    = "%s"
	stringParse   = "%[1]s, nil"
	stringCompare = "strings.Compare(%[1]s, %[2]s)"
	timeText      = "%s.UTC().Format(time.RFC3339Nano)"
	timeParse     = "time.Parse(time.RFC3339Nano, %[1]s)"
	timeCompare   = "%[1]s.Compare(%[2]s)"
)

// fieldTypes holds the row of every options.FieldType.
var fieldTypes = map[options.FieldType]*fieldType{
	options.String: {
		goType: "string", sqlite: "TEXT", postgres: "varchar",
		maxLength: true, nonEmpty: true,
		readme: func(f Field) string { return "string ≤ " + strconv.Itoa(f.MaxLen) },
		json:   quoted(sampleString), rowValue: humanRow,
		bad: func(f Field) []badValue {
			var bad []badValue
			if f.MaxLen < maxTestedLen {
				bad = append(bad, badValue{why: "too long", raw: `"` + longMarker + strconv.Itoa(f.MaxLen+1) + longMarker + `"`})
			}
			if !f.Optional {
				bad = append(bad, badValue{why: "empty", raw: `""`})
			}
			return bad
		},
		check: func(f Field, v string) string {
			if !f.Optional { // a required string may not be empty
				return "checkRequiredString(" + v + ", " + strconv.Itoa(f.MaxLen) + ")"
			}
			return "checkString(" + v + ", " + strconv.Itoa(f.MaxLen) + ")"
		},
		holdsText: true,
		invalid: func(f Field) []invalidValue {
			bad := []invalidValue{{"too long", `strings.Repeat("x", ` + strconv.Itoa(f.MaxLen+1) + `)`}}
			if !f.Optional {
				bad = append(bad, invalidValue{"empty", `""`})
			}
			return bad
		},
		atLimit:  func(f Field) string { return `strings.Repeat("é", ` + strconv.Itoa(f.MaxLen) + `)` },
		sortable: true, text: stringText, parse: stringParse, compare: stringCompare, bytewise: true,
	},
	options.Text: {
		goType: "string", sqlite: "TEXT", postgres: "text",
		readme: named("text"),
		json:   quoted(sampleString), rowValue: humanRow,
		bad:       refuse(badValue{why: "wrong type", raw: "1"}),
		check:     func(_ Field, v string) string { return "checkText(" + v + ")" },
		holdsText: true,
		text:      stringText, parse: stringParse, compare: stringCompare, bytewise: true,
	},
	options.Int: {
		goType: "int64", untyped: "int64", sqlite: "INTEGER", postgres: "bigint",
		readme: named("integer"),
		json:   fixed("100", "7"), jsonWant: fixed("100.0", "7.0"),
		edge:     "math.MaxInt64",
		rowValue: named("int64(i)"),
		bad:      refuse(badValue{why: "not an integer", raw: "1.5"}, badValue{why: "too large", raw: "1e30"}, badValue{why: "above int64", raw: "9223372036854775808"}),
		ordered:  true,
		badQuery: named("1.5"),
		sortable: true, text: "strconv.FormatInt(%s, 10)", parse: "strconv.ParseInt(%[1]s, 10, 64)", compare: "cmp.Compare(%[1]s, %[2]s)",
	},
	options.Float: {
		goType: "float64", sqlite: "REAL", postgres: "double precision",
		readme:   named("number"),
		json:     fixed("4.5", "2.5"),
		rowValue: named("float64(i)"),
		bad:      refuse(badValue{why: "wrong type", raw: `"high"`}),
		ordered:  true,
		badQuery: named("high"),
		sortable: true, text: "strconv.FormatFloat(%s, 'g', -1, 64)", parse: "parseFloat(%[1]s)", compare: "cmp.Compare(%[1]s, %[2]s)",
	},
	options.Bool: {
		goType: "bool", sqlite: "INTEGER", postgres: "boolean",
		sqliteCheck: func(f Field) string { return f.Name + " IN (0, 1)" },
		readme:      named("boolean"),
		json:        fixed("true", "false"),
		zero:        "false",
		bad:         refuse(badValue{why: "wrong type", raw: `"yes"`}),
		equality:    true,
		badQuery:    named("yes"),
		sortable:    true, text: "strconv.FormatBool(%s)", parse: "strconv.ParseBool(%[1]s)", compare: "compareBool(%[1]s, %[2]s)",
	},
	options.Time: {
		goType: "time.Time", sqlite: "TEXT", postgres: "timestamptz",
		docSuffix:    " (RFC 3339)",
		readme:       named("RFC 3339 time"),
		toModel:      conv{"%s.UTC()", "utcPtr(%s)"},
		toResponse:   conv{"%s.UTC()", "utcPtr(%s)"},
		applyUpdate:  conv{"mapOptional(%s, time.Time.UTC)", "mapOptional(%s, time.Time.UTC)"},
		keepStored:   conv{"stored(%s)", "storedPtr(%s)"},
		sqliteScan:   conv{"scanTime(%s)", "scanNullTime(%s)"},
		sqliteArg:    conv{"timeArg(%s)", "nullTimeArg(%s)"},
		pgScanned:    conv{"%s.UTC()", "utcPtr(%s)"}, // pgx returns timestamptz in the local time zone
		bsonOptional: "*bson.DateTime",
		toBSON:       conv{"", "dateTime(%s)"},
		fromBSON:     conv{"", "utcTime(%s)"},
		compareEqual: true,
		subsecond:    true,
		json:         fixed(`"2026-05-01T20:00:00+02:00"`, `"2026-06-01T09:30:00Z"`),
		jsonWant:     fixed(`"2026-05-01T18:00:00Z"`, `"2026-06-01T09:30:00Z"`),
		goValue:      fixed("time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC)", "time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)"),
		edge:         "time.Date(2026, 5, 1, 18, 30, 0, 123456789, time.UTC)",
		rowValue:     named("timestamp(i)"),
		distinct:     named("time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(i) * time.Second)"),
		bad:          refuse(badValue{why: "not a time", raw: `"tomorrow"`}),
		ordered:      true,
		badQuery:     named("tomorrow"),
		sortable:     true, text: timeText, parse: timeParse, compare: timeCompare,
	},
	options.Date: {
		goType: "time.Time", wireType: "Date", sqlite: "TEXT", postgres: "date",
		modelComment: "a calendar date: midnight UTC",
		sqliteCheck:  func(f Field) string { return f.Name + " = date(" + f.Name + ")" },
		docSuffix:    " (YYYY-MM-DD)",
		readme:       named("date `YYYY-MM-DD`"),
		toModel:      conv{"%s.Time()", "%s.timePtr()"},
		toResponse:   conv{"NewDate(%s)", "datePtr(%s)"},
		applyUpdate:  conv{"mapOptional(%s, Date.Time)", "mapOptional(%s, Date.Time)"},
		sqliteScan:   conv{"scanDate(%s)", "scanNullDate(%s)"},
		sqliteArg:    conv{"dateArg(%s)", "nullDateArg(%s)"},
		bsonOptional: "*bson.DateTime",
		toBSON:       conv{"", "dateTime(%s)"},
		fromBSON:     conv{"", "utcTime(%s)"},
		compareEqual: true,
		json:         fixed(`"1933-02-21"`, `"2000-01-02"`),
		goValue:      fixed("time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC)", "time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC)"),
		rowValue:     named("time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)"),
		bad:          refuse(badValue{why: "not a date", raw: `"1933-02-30"`}),
		ordered:      true,
		badQuery:     named("1933-02-30"),
		sortable:     true, text: "%s.Format(time.DateOnly)", parse: "time.Parse(time.DateOnly, %[1]s)", compare: timeCompare,
	},
	options.UUID: uuidType(),
	options.Email: {
		goType: "string", sqlite: "TEXT", postgres: "varchar",
		openAPI: `format:"email"`, maxLength: true,
		docSuffix: " (an email address)",
		readme:    named("email"),
		json:      fixed(`"a@example.com"`, `"b@example.com"`),
		rowValue:  named(`fmt.Sprintf("user%d@example.com", i)`),
		bad:       refuse(badValue{why: "not an email", raw: `"nope"`}),
		check:     func(_ Field, v string) string { return "checkEmail(" + v + ")" },
		holdsText: true,
		invalid: func(Field) []invalidValue {
			return []invalidValue{
				{"not an email", `"nope"`},
				{"with a display name", `"Ada <ada@example.com>"`},
				{"too long", `strings.Repeat("a", 243) + "@example.com"`},
			}
		},
		sortable: true, text: stringText, parse: stringParse, compare: stringCompare, bytewise: true,
	},
	options.Enum: {
		sqlite: "TEXT", postgres: "text",
		sqliteCheck: Field.enumIn, pgCheck: Field.enumIn,
		readme: func(f Field) string {
			values := make([]string, len(f.Values))
			for i, v := range f.Values {
				values[i] = "`" + v.Value + "`"
			}
			return "one of " + strings.Join(values, ", ")
		},
		json:        func(f Field, n int) string { return strconv.Quote(f.enumValue(n).Value) },
		goValue:     func(f Field, n int) string { return "model." + f.enumValue(n).Go },
		zeroInvalid: true,
		bad: func(f Field) []badValue {
			return []badValue{{why: "not in enum", raw: strconv.Quote(f.OutsideEnum())}}
		},
		check: func(f Field, v string) string {
			values := make([]string, len(f.Values))
			for i, e := range f.Values {
				values[i] = e.Go
			}
			return "checkEnum(" + v + ", " + strings.Join(values, ", ") + ")"
		},
		invalid: func(f Field) []invalidValue {
			return []invalidValue{{"not in enum", "model." + f.EnumType() + "(" + strconv.Quote(f.OutsideEnum()) + ")"}}
		},
		equality: true,
		badQuery: Field.OutsideEnum,
		sortable: true, bytewise: true, text: "string(%s)", parse: "%[2]s(%[1]s), nil", compare: "strings.Compare(string(%[1]s), string(%[2]s))",
	},
	options.Ref: refType(),
}

// uuidType is the row of uuid, which ref builds on.
func uuidType() *fieldType {
	return &fieldType{
		goType: "uuid.UUID", sqlite: "TEXT", postgres: "uuid", bson: "string",
		openAPI:   uuidTags,
		readme:    named("uuid"),
		toBSON:    conv{"%s.String()", "uuidString(%s)"},
		fromBSON:  conv{"uuid.Parse(%s)", "parseUUID(%s)"},
		parseBSON: true,
		json:      fixed(`"0190c3a4-1b2c-7d3e-8f40-123456789abc"`, `"0190c3a4-1b2c-7d3e-8f40-123456789abd"`),
		goValue:   fixed(`uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc")`, `uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abd")`),
		rowValue:  named("uuid.New()"),
		bad:       refuse(append([]badValue{{why: "not a uuid", raw: `"nope"`}}, uuidOtherForms...)...),
		badQuery:  named("nope"),
		sortable:  true, text: "%s.String()", parse: "uuid.Parse(%[1]s)", compare: "compareUUID(%[1]s, %[2]s)",
		queryType: "string", fromQuery: "paramID(%s)",
	}
}

// refType is the row of ref(domain): a uuid naming a row of the parent,
// whose nil value refers to nothing; lists filter by it.
func refType() *fieldType {
	t := uuidType()
	t.readme = func(f Field) string { return "ref → " + f.Parent.HumanPlural }
	t.zeroInvalid = true
	t.equality = true
	return t
}

// row is the row of the field's type.
func (f Field) row() *fieldType { return fieldTypes[f.Type] }

// conv is how a value turns into another layer's form: a Go expression in
// which %s stands for the value, one for required fields and one for
// optional ones. An empty form leaves the value as it is.
type conv struct{ required, optional string }

// of applies c to the expression v of a field that is optional or not; ok
// is false when c leaves the value as it is.
func (c conv) of(v string, optional bool) (out string, ok bool) {
	form := c.required
	if optional {
		form = c.optional
	}
	if form == "" {
		return v, false
	}
	return fmt.Sprintf(form, v), true
}

// convert applies the conversion c of f's row to v.
func (f Field) convert(c conv, v string) string {
	out, _ := c.of(v, f.Optional)
	return out
}

// called matches the names of the functions and methods a conversion calls.
var called = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)\(`)

// calls lists the functions and methods the conversions of f call, for
// its optionality.
func (f Field) calls() []string {
	var names []string
	for _, c := range f.row().convs() {
		if form, ok := c.of("", f.Optional); ok {
			for _, m := range called.FindAllStringSubmatch(form, -1) {
				names = append(names, m[1])
			}
		}
	}
	return names
}

// convs are every conversion of the row.
func (r *fieldType) convs() []conv {
	var out []conv
	v := reflect.ValueOf(*r)
	for i := range v.NumField() {
		if v.Field(i).Type() == reflect.TypeFor[conv]() {
			c := v.Field(i)
			out = append(out, conv{c.Field(0).String(), c.Field(1).String()})
		}
	}
	return out
}

// Calls reports whether a conversion of some field of the project calls
// the generated helper of that name, which templates then emit. A name no
// row calls is an error, so a misspelt helper fails the render.
func (p *Project) Calls(helper string) (bool, error) {
	known := false
	for _, t := range options.FieldTypes() {
		for _, optional := range []bool{false, true} {
			if slices.Contains(Field{Type: t, Optional: optional}.calls(), helper) {
				known = true
			}
		}
	}
	if !known {
		return false, fmt.Errorf("no field type calls %q", helper)
	}
	return p.anyField(func(f Field) bool { return slices.Contains(f.calls(), helper) }), nil
}

// UsesWireType reports whether a field of the project has the wire type
// name of package schema, such as Date, which templates then emit. A name
// no row has is an error.
func (p *Project) UsesWireType(name string) (bool, error) {
	if !slices.ContainsFunc(options.FieldTypes(), func(t options.FieldType) bool { return fieldTypes[t].wireType == name }) {
		return false, fmt.Errorf("no field type has the wire type %q", name)
	}
	return p.anyField(func(f Field) bool { return f.row().wireType == name }), nil
}

// Helpers to write rows.

// named is a column that is the same text for every field.
func named(s string) func(Field) string { return func(Field) string { return s } }

// fixed is a sample column with the same primary and alternative values
// for every field.
func fixed(primary, alternative string) func(Field, int) string {
	return func(_ Field, n int) string {
		if n == 2 {
			return alternative
		}
		return primary
	}
}

// quoted is a sample column of JSON strings made by sample.
func quoted(sample func(Field, int) string) func(Field, int) string {
	return func(f Field, n int) string { return strconv.Quote(sample(f, n)) }
}

// refuse is a bad column with the same values for every field.
func refuse(bad ...badValue) func(Field) []badValue {
	return func(Field) []badValue { return bad }
}

// sampleString is the primary (n = 1) or alternative (n = 2) value of a
// string or text field, within its length limit.
func sampleString(f Field, n int) string {
	s := f.Human + " " + strconv.Itoa(n)
	if f.MaxLen > 0 && len(s) > f.MaxLen {
		s = strings.Repeat(string(rune('a'+n-1)), f.MaxLen)
	}
	return s
}

// humanRow is the row value of a text field: its human name and the row.
func humanRow(f Field) string { return `fmt.Sprintf("` + f.Human + ` %d", i)` }

// enumValue is the enum value of the primary (n = 1) or the alternative
// (n = 2) sample: the first and the last.
func (f Field) enumValue(n int) EnumValue {
	if n == 2 {
		return f.Values[len(f.Values)-1]
	}
	return f.Values[0]
}

// FilterOps are the operators lists filter the field by: "eq" for unique,
// indexed, ref, enum and bool fields, and "gt", "gte", "lt", "lte" besides
// for indexed or unique fields of an ordered type (int, float, date, time).
func (f Field) FilterOps() []string {
	indexed := f.Unique || f.Index
	var ops []string
	if indexed || f.row().equality {
		ops = append(ops, "eq")
	}
	if indexed && f.row().ordered {
		ops = append(ops, "gt", "gte", "lt", "lte")
	}
	return ops
}
