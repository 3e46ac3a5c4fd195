// Package schema holds the request and response bodies of the HTTP API and
// the conversions between them and the model entities.
package schema

import (
	"bytes"
	"encoding/json"
	"reflect"

	"github.com/danielgtaylor/huma/v2"

	"example.com/bare/internal/apperr"
)

// Optional is a field of a partial update. It tells three cases apart:
// absent from the document (Set is false), present and null (Set and Null),
// and present with a value.
//
// Use it without a pointer and with the omitzero JSON option so the field
// is not required. Its OpenAPI schema is the schema of T; add
// nullable:"true" to fields that may be cleared with null.
type Optional[T any] struct {
	Value T
	Set   bool
	Null  bool
}

// UnmarshalJSON records that the field was present and whether it was null.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(b, []byte("null")) {
		var zero T
		o.Value, o.Null = zero, true
		return nil
	}
	o.Null = false
	return json.Unmarshal(b, &o.Value)
}

// Schema makes the OpenAPI schema of an Optional[T] the schema of T.
func (Optional[T]) Schema(r huma.Registry) *huma.Schema {
	return r.Schema(reflect.TypeFor[T](), true, "")
}

// invalid turns the problems collected while applying an update into a
// validation error, or nil when there were none.
func invalid(problems map[string]string) error {
	if len(problems) == 0 {
		return nil
	}
	return apperr.Invalid(problems)
}
