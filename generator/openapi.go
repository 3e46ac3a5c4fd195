package generator

import "github.com/go-gen/gen/options"

// This file holds what the OpenAPI document of a generated project states
// about a field type beyond its JSON type: the format and the pattern the
// server enforces.

// uuidPattern is the one text form of a uuid the API accepts: the RFC 4122
// form with dashes, hex digits in either case. google/uuid and huma also
// accept braces, a urn:uuid: prefix and 32 digits without dashes; the
// pattern refuses those, so the document states exactly what is accepted.
const uuidPattern = `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`

// uuidTags are the struct tags of a uuid in a body, a query or a path.
const uuidTags = `format:"uuid" pattern:"` + uuidPattern + `" patternDescription:"a uuid in RFC 4122 text form"`

// uuidParamTags gives templates the struct tags of a uuid parameter, such
// as an id in a path or a ref in a list filter.
func uuidParamTags() string { return uuidTags }

// uuidOtherForms are texts google/uuid reads as a uuid that the API
// refuses, as the generated tests send them.
var uuidOtherForms = []badValue{
	{why: "uuid in braces", raw: `"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"`},
	{why: "uuid urn", raw: `"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"`},
	{why: "uuid without dashes", raw: `"0190c3a41b2c7d3e8f40123456789abc"`},
}

// AnyOptionalEnum reports whether any domain has an enum field that may be
// null, whose OpenAPI schema must list null among its values.
func (p *Project) AnyOptionalEnum() bool {
	return p.anyField(func(f Field) bool { return f.Type == options.Enum && f.Optional })
}

// openAPITags are the struct tags stating the field's format and pattern.
// An int states none: int64's bounds are not representable in the float64
// huma keeps them in, so the document relies on format int64 (which huma
// gives every int64) and a number beyond it is refused while decoding.
func (f Field) openAPITags() []string {
	switch f.Type {
	case options.Email:
		return []string{`format:"email"`}
	case options.UUID:
		return []string{uuidTags}
	}
	return nil
}
