package generator

// This file holds what the OpenAPI document of a generated project states
// about a uuid beyond its JSON type: the format and the pattern the server
// enforces, for the uuid and ref rows (types.go) and for the ids in paths
// and list filters.

// uuidPattern is the one text form of a uuid the API accepts: the RFC 4122
// form with dashes, hex digits in either case. google/uuid and huma also
// accept braces, a urn:uuid: prefix and 32 digits without dashes; the
// pattern refuses those, so the document states exactly what is accepted.
const uuidPattern = `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`

// uuidTags are the struct tags of a uuid in a body, a query or a path.
const uuidTags = `format:"uuid" pattern:"` + uuidPattern + `" patternDescription:"a uuid in RFC 4122 text form"`

// uuidParamTags gives templates the struct tags of a uuid parameter that
// is not a field, such as an id in a path; a ref in a list filter takes
// the tags of its row (Field.OpenAPITags).
func uuidParamTags() string { return uuidTags }

// uuidOtherForms are texts google/uuid reads as a uuid that the API
// refuses, as the generated tests send them.
var uuidOtherForms = []badValue{
	{why: "uuid in braces", raw: `"{0190c3a4-1b2c-7d3e-8f40-123456789abc}"`},
	{why: "uuid urn", raw: `"urn:uuid:0190c3a4-1b2c-7d3e-8f40-123456789abc"`},
	{why: "uuid without dashes", raw: `"0190c3a41b2c7d3e8f40123456789abc"`},
}
