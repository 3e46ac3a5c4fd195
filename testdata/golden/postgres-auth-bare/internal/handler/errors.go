package handler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"

	"example.com/bare/internal/apperr"
)

// errorBody is the JSON body of every error response:
// {"error": message, "code": kind, "details": {field: problem}}.
type errorBody struct {
	status int
	// retryAfter, when positive, is sent as the Retry-After header.
	retryAfter time.Duration
	Message    string            `json:"error" doc:"What went wrong"`
	Code       string            `json:"code" doc:"Kind of error, e.g. not_found, validation"`
	Details    map[string]string `json:"details" doc:"Problems by field name"`
}

// errorBody is a huma.StatusError: returned by a handler, huma writes it
// as it is, with its status.

func (e *errorBody) Error() string  { return e.Message }
func (e *errorBody) GetStatus() int { return e.status }

// GetHeaders makes errorBody a huma.HeadersError: huma sends these headers
// with it.
func (e *errorBody) GetHeaders() http.Header {
	h := http.Header{}
	if e.retryAfter > 0 {
		h.Set("Retry-After", retryAfterSeconds(e.retryAfter))
	}
	return h
}

// retryAfterSeconds renders a wait as the whole seconds of a Retry-After
// header, rounded up so the client never retries too early.
func retryAfterSeconds(d time.Duration) string {
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}

// Every error response is an errorBody, whoever made the error:
//   - an error a handler returns is mapped by apiError, as register
//     registers every operation;
//   - huma's own errors (a body it cannot read, parameters or a body that
//     fail validation) are *huma.ErrorModel values, which transformError
//     rewrites before they are written;
//   - an error of a huma middleware is written by writeAPIError, and one
//     outside huma (unknown routes, panics, oversized bodies) by writeError.
//
// The OpenAPI document describes them all as errorBody: see useErrorBodies
// and documentErrors.

// register is huma.Register for the operations of this API: the error a
// handler returns becomes its response through apiError. Register every
// operation with it, or the error kinds of the services all become 500s.
func register[I, O any](api huma.API, op huma.Operation, handler func(context.Context, *I) (*O, error)) {
	huma.Register(api, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := handler(ctx, in)
		if err != nil {
			return nil, apiError(ctx, err)
		}
		return out, nil
	})
}

// apiError is the one place that decides the status and body of an error
// returned by a handler or a middleware. An application error decides by
// its kind, an error made by huma keeps its status, and anything else is a
// 500. The cause of a 500 goes to the log, never to the client.
func apiError(ctx context.Context, err error) *errorBody {
	var (
		ae   *apperr.Error
		he   *huma.ErrorModel
		body *errorBody
	)
	switch {
	case errors.As(err, &ae):
		body = fromApp(ae)
	case errors.As(err, &he):
		return fromHuma(he)
	default:
		body = newBody(http.StatusInternalServerError, "", nil)
	}
	if body.status >= http.StatusInternalServerError {
		loggerFrom(ctx).ErrorContext(ctx, "request failed", "status", body.status, "error", err)
	}
	return body
}

// transformError is a huma transformer that rewrites huma's own errors into
// errorBody, sent as application/json, and logs the cause of a 5xx. Every
// other response passes unchanged.
func transformError(ctx huma.Context, _ string, v any) (any, error) {
	m, ok := v.(*huma.ErrorModel)
	if !ok {
		return v, nil
	}
	body := fromHuma(m)
	if body.status >= http.StatusInternalServerError {
		c := ctx.Context()
		loggerFrom(c).ErrorContext(c, "request failed", "status", body.status, "error", m.Detail, "causes", m.Errors)
	}
	// huma chose application/problem+json for its own error model.
	ctx.SetHeader("Content-Type", "application/json")
	return body, nil
}

// useErrorBodies makes huma answer and document its own errors as
// errorBody: transformError rewrites them, and the OpenAPI document shows
// errorBody wherever huma would show its error model.
func useErrorBodies(config *huma.Config) {
	config.Transformers = append(config.Transformers, transformError)
	config.Components.Schemas.RegisterTypeAlias(reflect.TypeFor[huma.ErrorModel](), reflect.TypeFor[errorBody]())
}

// fromHuma turns an error huma made, for a request it could not read or
// validate or with a helper such as huma.Error400BadRequest, into an
// errorBody of the same status. The locations of the problems become the
// details; a 500 never carries huma's message.
func fromHuma(m *huma.ErrorModel) *errorBody {
	status, msg := m.Status, m.Detail
	switch {
	case status == http.StatusInternalServerError:
		return newBody(status, "", nil)
	case status > http.StatusInternalServerError:
		return newBody(status, msg, nil)
	case status != http.StatusUnprocessableEntity && msg == "validation failed":
		msg = "" // huma says "validation failed" for unreadable bodies too
	}
	details := map[string]string{}
	for _, d := range m.Errors {
		addDetail(details, d)
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
	case apperr.RateLimited:
		status = http.StatusTooManyRequests
	case apperr.Unavailable:
		status = http.StatusServiceUnavailable
	case apperr.InvalidToken:
		status = http.StatusBadRequest
	}
	if status == http.StatusInternalServerError {
		return newBody(status, "", nil)
	}
	b := newBody(status, e.Message, e.Details)
	b.Code = string(e.Kind)
	b.retryAfter = e.RetryAfter
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

// addDetail records one problem huma found. Its location ("body.name",
// "query.limit", "path.id") becomes the field name without the first part.
func addDetail(details map[string]string, d *huma.ErrorDetail) {
	if d == nil {
		return
	}
	location, field, _ := strings.Cut(d.Location, ".")
	// A missing property is reported at its parent object; name the property.
	var missing string
	if _, err := fmt.Sscanf(d.Message, validation.MsgExpectedRequiredProperty, &missing); err == nil {
		if field != "" {
			missing = field + "." + missing
		}
		add(details, missing, "required")
		return
	}
	if field == "" {
		if f, problem, ok := unmarshalProblem(d.Message); ok && location == "body" {
			add(details, f, problem)
			return
		}
		field = location
	}
	add(details, field, d.Message)
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

// writeAPIError writes the response of err from a huma middleware, where no
// handler returns it.
func writeAPIError(ctx huma.Context, err error) {
	c := ctx.Context()
	body := apiError(c, err)
	for k, values := range body.GetHeaders() {
		for _, v := range values {
			ctx.AppendHeader(k, v)
		}
	}
	ctx.SetHeader("Content-Type", "application/json")
	ctx.SetStatus(body.status)
	if err := json.NewEncoder(ctx.BodyWriter()).Encode(body); err != nil {
		loggerFrom(c).WarnContext(c, "write error response", "error", err)
	}
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
