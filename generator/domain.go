package generator

import (
	"slices"

	"github.com/go-gen/gen/options"
)

// Selections of a domain's fields, and of every domain's, that the
// templates range over.

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

// Indexed are the fields with a plain (not unique) index.
func (d Domain) Indexed() []Field { return d.filter(func(f Field) bool { return f.Index }) }

// Unique are the unique fields.
func (d Domain) Unique() []Field { return d.filter(func(f Field) bool { return f.Unique }) }

// RequiredUnique are the unique fields that may not be null: rows a test
// stores side by side must differ in them.
func (d Domain) RequiredUnique() []Field {
	return d.filter(func(f Field) bool { return f.Unique && !f.Optional })
}

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

// AnyOptionalEnum reports whether any domain has an enum field that may be
// null, whose OpenAPI schema must list null among its values.
func (p *Project) AnyOptionalEnum() bool {
	return slices.ContainsFunc(p.Domains, func(d Domain) bool { return len(d.OptionalEnums()) > 0 })
}

// HasRequired reports whether the domain has a required field.
func (d Domain) HasRequired() bool { return len(d.Required()) > 0 }

// HasOptional reports whether the domain has an optional field.
func (d Domain) HasOptional() bool { return len(d.OptionalFields()) > 0 }

// FirstOptional is the first optional field, or nil.
func (d Domain) FirstOptional() *Field {
	for _, f := range d.Fields {
		if f.Optional {
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
