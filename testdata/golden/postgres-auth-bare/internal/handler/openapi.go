package handler

import (
	"net/http"
	"reflect"
	"slices"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
)

// problemMediaType is the media type huma gives its own error model.
const problemMediaType = "application/problem+json"

// documentErrors returns the operation modifier that documents the error
// statuses an operation can answer because of what it has, so that the
// OpenAPI document lists every status the server gives without each
// handler repeating them:
//   - every operation: 500;
//   - a request body: 400 (unreadable), 413 (over maxBodyBytes), 415 (a
//     media type the operation does not read) and 422 (invalid);
//   - a query parameter: 422;
//   - a path parameter: 404 (idsNotFound answers 404 for an id that is
//     not a uuid in RFC 4122 text form);
//   - a security requirement: 401;
//   - a request body with a password: 503 (every hashing slot is taken);
//   - the auth tag: 429 (login, register and refresh are rate limited).
//
// Every 401 also documents its WWW-Authenticate challenge, and every 429
// and 503 of a password or a rate limit its Retry-After.
// Handlers list only what their own logic answers, such as 409. Every
// error response is documented as errorBody over application/json, the
// media type it is sent as, where huma would say application/problem+json.
func documentErrors(registry huma.Registry) func(*huma.Operation) {
	errSchema := registry.Schema(reflect.TypeFor[errorBody](), true, "")
	return func(op *huma.Operation) {
		statuses := []int{http.StatusInternalServerError}
		if op.RequestBody != nil {
			statuses = append(statuses, http.StatusBadRequest, http.StatusRequestEntityTooLarge,
				http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity)
		}
		inPath, inQuery := false, false
		for _, p := range op.Parameters {
			inPath = inPath || p.In == "path"
			inQuery = inQuery || p.In == "query"
		}
		if inQuery {
			statuses = append(statuses, http.StatusUnprocessableEntity)
		}
		if inPath {
			statuses = append(statuses, http.StatusNotFound)
		}
		if len(op.Security) > 0 {
			statuses = append(statuses, http.StatusUnauthorized)
		}
		tryLater := []int{}
		if hasPassword(registry, op.RequestBody) {
			tryLater = append(tryLater, http.StatusServiceUnavailable)
		}
		if slices.Contains(op.Tags, authTag) {
			tryLater = append(tryLater, http.StatusTooManyRequests)
		}
		statuses = append(statuses, tryLater...)
		if op.RequestBody == nil && !inQuery {
			// huma documents 422 for any operation with a path parameter;
			// without other input, a bad parameter is a 404 here.
			delete(op.Responses, strconv.Itoa(http.StatusUnprocessableEntity))
		}
		// huma's catch-all would hide an undocumented status.
		delete(op.Responses, "default")
		for _, res := range op.Responses {
			if media, ok := res.Content[problemMediaType]; ok {
				delete(res.Content, problemMediaType)
				res.Content["application/json"] = media
			}
		}
		for _, status := range statuses {
			key := strconv.Itoa(status)
			if op.Responses[key] == nil {
				op.Responses[key] = &huma.Response{
					Description: http.StatusText(status),
					Content:     map[string]*huma.MediaType{"application/json": {Schema: errSchema}},
				}
			}
		}
		if res := op.Responses[strconv.Itoa(http.StatusUnauthorized)]; res != nil {
			res.Headers = map[string]*huma.Header{
				"WWW-Authenticate": {
					Description: "The Bearer challenge (RFC 6750)",
					Required:    true,
					Schema:      &huma.Schema{Type: huma.TypeString},
				},
			}
		}
		for _, status := range tryLater {
			op.Responses[strconv.Itoa(status)].Headers = map[string]*huma.Header{
				"Retry-After": {
					Description: "Seconds to wait before trying again",
					Required:    true,
					Schema:      &huma.Schema{Type: huma.TypeInteger, Minimum: new(float64(1))},
				},
			}
		}
	}
}

// hasPassword reports whether a request body has a password property, so
// the operation may hash one.
func hasPassword(registry huma.Registry, body *huma.RequestBody) bool {
	if body == nil {
		return false
	}
	for _, media := range body.Content {
		s := media.Schema
		if s != nil && s.Ref != "" {
			s = registry.SchemaFromRef(s.Ref)
		}
		if s != nil && s.Properties["password"] != nil {
			return true
		}
	}
	return false
}
