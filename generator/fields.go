package generator

import (
	"strconv"
	"strings"

	"github.com/go-gen/gen/internal/naming"
)

// What every layer's templates need to know about a field: its Go and wire
// types, its docs and struct tags, and its conversions between schema,
// model and service. The per-type parts are columns of the rows in
// types.go; the database and test helpers are in sql.go, postgres.go,
// mongodb.go and samples.go.

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
	if t := f.row().goType; t != "" {
		return t
	}
	return qualifier + f.EnumType()
}

// GoType is the field's type in package model: *string for an optional
// string, EventKind for an enum.
func (f Field) GoType() string { return f.pointer(f.baseType("")) }

// WireType is the field's type in package schema without the pointer of an
// optional field: Date for a date, model.EventKind for an enum.
func (f Field) WireType() string {
	if t := f.row().wireType; t != "" {
		return t
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

// TypeDoc names the field's type in the project's README: "string ≤ 80",
// "one of `draft`, `published`".
func (f Field) TypeDoc() string { return f.row().readme(f) }

// ModelComment is the line comment of the field in the model struct, or "".
func (f Field) ModelComment() string { return f.row().modelComment }

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
	doc += f.row().docSuffix
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

// OpenAPITags are the struct tags stating the format and pattern of the
// field's values, in a body or a query parameter, or "".
func (f Field) OpenAPITags() string { return f.row().openAPI }

// tag builds a struct tag; limits adds the length limits requests obey.
func (f Field) tag(json string, nullable, limits bool) string {
	parts := []string{`json:"` + json + `"`}
	if nullable {
		parts = append(parts, `nullable:"true"`)
	}
	if t := f.OpenAPITags(); t != "" {
		parts = append(parts, t)
	}
	r := f.row()
	if limits && r.maxLength {
		if r.nonEmpty && !f.Optional {
			parts = append(parts, `minLength:"1"`)
		}
		parts = append(parts, `maxLength:"`+strconv.Itoa(f.MaxLen)+`"`)
	}
	if len(f.Values) > 0 {
		var values []string
		for _, v := range f.Values {
			values = append(values, v.Value)
		}
		parts = append(parts, `enum:"`+strings.Join(values, ",")+`"`)
	}
	parts = append(parts, `doc:"`+f.Doc()+`"`)
	return "`" + strings.Join(parts, " ") + "`"
}

// ToModel converts the field of a create body to the model.
func (f Field) ToModel(recv string) string {
	return f.convert(f.row().toModel, recv+"."+f.Go)
}

// ToResponse converts the field of a model to the response.
func (f Field) ToResponse(recv string) string {
	return f.convert(f.row().toResponse, recv+"."+f.Go)
}

// ApplyUpdate is the statement that writes the field of update u into the
// model dst.
func (f Field) ApplyUpdate(u, dst string) string {
	src, _ := f.row().applyUpdate.of(u+"."+f.Go, false)
	if f.Optional {
		return "setOptional(" + src + ", &" + dst + "." + f.Go + ")"
	}
	return "setRequired(" + src + ", " + strconv.Quote(f.Name) + ", &" + dst + "." + f.Go + ", problems)"
}

// KeepAsStored is the statement that sets the field of recv to its value
// as the database keeps it, or "" when the database keeps every value of
// the type exactly.
func (f Field) KeepAsStored(recv string) string {
	return f.assign(f.row().keepStored, recv)
}

// assign is the statement that applies c to the field of recv, or "".
func (f Field) assign(c conv, recv string) string {
	v := recv + "." + f.Go
	if out, ok := c.of(v, f.Optional); ok {
		return v + " = " + out
	}
	return ""
}
