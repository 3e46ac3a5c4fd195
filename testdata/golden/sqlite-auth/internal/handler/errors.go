package handler

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"

	"example.com/shop/internal/apperr"
)

// errorBody is the JSON body of every error response:
// {"error": message, "code": kind, "details": {field: problem}}.
type errorBody struct {
	status  int
	Message string            `json:"error" doc:"What went wrong"`
	Code    string            `json:"code" doc:"Kind of error, e.g. not_found, validation"`
	Details map[string]string `json:"details" doc:"Problems by field name"`
}

func (e *errorBody) Error() string  { return e.Message }
func (e *errorBody) GetStatus() int { return e.status }

// huma builds every error response, including its own (validation, malformed
// JSON, body too large, errors returned by handlers), through these two
// package variables. Replacing them is the only way to give all errors one
// shape, so they are set once here, before any API exists.
func init() {
	huma.NewError = newError
	huma.NewErrorWithContext = newErrorWithContext
}

// newErrorWithContext is newError that also logs the cause of a 5xx.
func newErrorWithContext(ctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
	e := newError(status, msg, errs...)
	if e.GetStatus() >= http.StatusInternalServerError && ctx != nil {
		c := ctx.Context()
		loggerFrom(c).ErrorContext(c, "request failed", "status", e.GetStatus(), "error", errors.Join(errs...))
	}
	return e
}

// newError is the one place that decides the status and body of an error.
// An application error among errs decides alone; otherwise status, msg and
// the details huma collected are used. 5xx responses never carry internals.
func newError(status int, msg string, errs ...error) huma.StatusError {
	for _, err := range errs {
		var ae *apperr.Error
		if errors.As(err, &ae) {
			return fromApp(ae)
		}
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return newBody(http.StatusRequestEntityTooLarge, "", nil)
		}
	}
	if status >= http.StatusInternalServerError {
		if status == http.StatusInternalServerError {
			msg = ""
		}
		return newBody(status, msg, nil)
	}
	if inPath(errs) {
		// A path parameter that does not fit its schema, such as an id
		// that is not a uuid, names nothing that exists.
		return newBody(http.StatusNotFound, "", nil)
	}
	if status != http.StatusUnprocessableEntity && msg == "validation failed" {
		msg = "" // huma says "validation failed" for unreadable bodies too
	}
	details := map[string]string{}
	for _, err := range errs {
		addDetail(details, err)
	}
	return newBody(status, msg, details)
}

// fromApp maps an application error kind to its HTTP status.
func fromApp(e *apperr.Error) *errorBody {
	status := http.StatusInternalServerError
	switch e.Kind {
	case apperr.NotFound:
		status = http.StatusNotFound
	case apperr.AlreadyExists, apperr.Conflict:
		status = http.StatusConflict
	case apperr.Validation:
		status = http.StatusUnprocessableEntity
	case apperr.Unauthorized:
		status = http.StatusUnauthorized
	case apperr.Forbidden:
		status = http.StatusForbidden
	}
	if status == http.StatusInternalServerError {
		return newBody(status, "", nil)
	}
	b := newBody(status, e.Message, e.Details)
	b.Code = string(e.Kind)
	return b
}

func newBody(status int, msg string, details map[string]string) *errorBody {
	if msg == "" {
		msg = message(status)
	}
	if details == nil {
		details = map[string]string{}
	}
	return &errorBody{status: status, Message: msg, Code: code(status), Details: details}
}

// message is the default message for a status.
func message(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "malformed request"
	case http.StatusRequestEntityTooLarge:
		return "request body too large"
	case http.StatusInternalServerError:
		return "internal server error"
	default:
		return strings.ToLower(http.StatusText(status))
	}
}

// code names the kind of error a status stands for.
func code(status int) string {
	switch status {
	case http.StatusNotFound:
		return string(apperr.NotFound)
	case http.StatusConflict:
		return string(apperr.Conflict)
	case http.StatusUnprocessableEntity:
		return string(apperr.Validation)
	case http.StatusUnauthorized:
		return string(apperr.Unauthorized)
	case http.StatusForbidden:
		return string(apperr.Forbidden)
	case http.StatusRequestEntityTooLarge:
		return "body_too_large"
	case http.StatusInternalServerError:
		return "internal"
	default:
		return strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
	}
}

// inPath reports whether huma found a problem with a path parameter.
func inPath(errs []error) bool {
	for _, err := range errs {
		var d huma.ErrorDetailer
		if errors.As(err, &d) && strings.HasPrefix(d.ErrorDetail().Location, "path.") {
			return true
		}
	}
	return false
}

// addDetail records one problem huma found. Its location ("body.name",
// "query.limit", "path.id") becomes the field name without the first part.
func addDetail(details map[string]string, err error) {
	if err == nil {
		return
	}
	var d huma.ErrorDetailer
	if !errors.As(err, &d) {
		add(details, "", err.Error())
		return
	}
	detail := d.ErrorDetail()
	location, field, _ := strings.Cut(detail.Location, ".")
	// A missing property is reported at its parent object; name the property.
	var missing string
	if _, err := fmt.Sscanf(detail.Message, validation.MsgExpectedRequiredProperty, &missing); err == nil {
		if field != "" {
			missing = field + "." + missing
		}
		add(details, missing, "required")
		return
	}
	if field == "" {
		if f, problem, ok := unmarshalProblem(detail.Message); ok && location == "body" {
			add(details, f, problem)
			return
		}
		field = location
	}
	add(details, field, detail.Message)
}

// unmarshalProblem names the property of a body that fits the OpenAPI
// document but not its Go type, such as an integer beyond int64. huma
// reports it on the whole body with encoding/json's message
// ("json: cannot unmarshal number 1e30 into Go struct field
// EventCreate.seats of type int64"), which holds the property's path.
func unmarshalProblem(msg string) (field, problem string, ok bool) {
	_, rest, ok := strings.Cut(msg, " into Go struct field ")
	if !ok {
		return "", "", false
	}
	path, goType, ok := strings.Cut(rest, " of type ")
	if !ok {
		return "", "", false
	}
	_, field, ok = strings.Cut(path, ".")
	return field, "expected " + goType, ok && field != ""
}

func add(details map[string]string, field, problem string) {
	if field == "" {
		field = "request"
	}
	if prev, ok := details[field]; ok {
		problem = prev + "; " + problem
	}
	details[field] = problem
}

// writeError writes an error response outside huma (unknown routes, panics,
// oversized bodies), in the same shape as every other error.
func writeError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	body := newBody(status, msg, nil)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(body); err != nil {
		loggerFrom(r.Context()).WarnContext(r.Context(), "write error response", "error", err)
	}
}
