// Package handler serves the HTTP API: routing, middleware, the OpenAPI
// document and the mapping of errors to responses. Handlers are thin: they
// bind the request, call a service and render the result.
package handler

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"
	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"
	"github.com/rs/cors"
	"go.opentelemetry.io/otel/trace"

	"example.com/one/internal/apperr"
	"example.com/one/internal/telemetry"
)

// maxBodyBytes is the largest request body accepted. It equals huma's
// default Operation.MaxBodyBytes, which enforces it for API operations.
const maxBodyBytes = 1 << 20

// Deps are the collaborators the HTTP layer needs.
type Deps struct {
	Logger *slog.Logger
	// Ready reports whether the service can serve requests (the database
	// answers).
	Ready   func(context.Context) error
	Artists ArtistService
	// CORSOrigins are the origins browsers may call the API from; empty
	// disables CORS.
	CORSOrigins []string
	// Metrics, when not nil, counts and times every request.
	Metrics *telemetry.Metrics
	// Tracing, when not nil, makes every request a span. Without it no
	// request does any tracing work.
	Tracing trace.TracerProvider
}

// New returns the HTTP handler of the whole service.
func New(d Deps) http.Handler {
	r := chi.NewRouter()
	if d.Tracing != nil {
		r.Use(traceRequests(d.Tracing))
	}
	r.Use(requestID(), accessLog(d.Logger))
	if d.Metrics != nil {
		r.Use(measure(d.Metrics))
	}
	r.Use(recoverPanic)
	if len(d.CORSOrigins) > 0 {
		r.Use(cors.New(cors.Options{
			AllowedOrigins: d.CORSOrigins,
			AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete},
			AllowedHeaders: []string{"Content-Type", requestIDHeader},
			ExposedHeaders: []string{requestIDHeader},
			MaxAge:         300,
		}).Handler)
	}
	r.Use(limitBody)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, "route not found")
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusMethodNotAllowed, "method not allowed")
	})

	config := huma.DefaultConfig("One API", "1.0.0")
	// Serves /openapi.json and /openapi.yaml; /docs is the default.
	config.OpenAPIPath = "/openapi"
	// The default hooks add a "$schema" property to every response body.
	config.CreateHooks = nil
	// Errors huma makes itself are answered in the API's shape too.
	useErrorBodies(&config)
	api := humachi.New(r, config)

	// Every route of the API lives under /api/v1. Middleware that applies
	// to all of them, such as authentication, is added to this group.
	v1 := huma.NewGroup(api, "/api/v1")
	v1.UseSimpleModifier(documentErrors(api.OpenAPI().Components.Schemas))
	registerHealth(v1, d.Ready)
	v1.UseMiddleware(idsNotFound)
	registerArtists(v1, d.Artists)
	return r
}

// idLength is the length of a uuid in its RFC 4122 text form, the only
// form of an id the API accepts.
const idLength = 36

// parseID parses the id of a path. An id in any other form than the RFC
// 4122 text form names nothing, so it is not found, like an id that names
// nothing stored.
func parseID(id, entity string) (uuid.UUID, error) {
	if !validID(id) {
		return uuid.Nil, apperr.New(apperr.NotFound, entity+" not found")
	}
	return uuid.MustParse(id), nil
}

// validID reports whether id is a uuid in RFC 4122 text form.
func validID(id string) bool {
	_, err := uuid.Parse(id)
	return err == nil && len(id) == idLength
}

// idsNotFound answers 404 for a path id that is not a uuid in RFC 4122
// text form. It runs before huma checks the path against the document,
// which would answer 422: an id in another form names nothing.
func idsNotFound(ctx huma.Context, next func(huma.Context)) {
	if id := ctx.Param("id"); id != "" && !validID(id) {
		writeAPIError(ctx, apperr.New(apperr.NotFound, "not found"))
		return
	}
	next(ctx)
}

// Paging are the query parameters of every list besides its sort and
// filters. It is exported because huma reads the parameters of
// exported embedded fields only.
type Paging struct {
	Limit  int    `query:"limit" minimum:"1" maximum:"100" default:"20" doc:"Maximum number of items to return"`
	Cursor string `query:"cursor" doc:"The next_cursor of the previous page, to get the page after it; valid only with the sort and filters it was issued for"`
	Count  bool   `query:"count" doc:"Also return total, the number of items in the whole list; it costs a count of the matching items"`
}

// sortParam splits the value of a sort parameter into its key and whether
// it is descending (-key).
func sortParam(s string) (key string, desc bool) {
	key, desc = strings.CutPrefix(s, "-")
	return key, desc
}

type healthOutput struct {
	Body struct {
		Status string `json:"status" example:"ok" doc:"Always ok"`
	}
}

func registerHealth(api huma.API, ready func(context.Context) error) {
	ok := func() *healthOutput {
		out := &healthOutput{}
		out.Body.Status = "ok"
		return out
	}
	register(api, huma.Operation{
		OperationID: "health",
		Method:      http.MethodGet,
		Path:        "/health",
		Summary:     "Liveness: the process serves requests",
		Tags:        []string{"health"},
	}, func(context.Context, *struct{}) (*healthOutput, error) {
		return ok(), nil
	})
	register(api, huma.Operation{
		OperationID: "health-ready",
		Method:      http.MethodGet,
		Path:        "/health/ready",
		Summary:     "Readiness: the database answers",
		Tags:        []string{"health"},
		Errors:      []int{http.StatusServiceUnavailable},
	}, func(ctx context.Context, _ *struct{}) (*healthOutput, error) {
		if err := ready(ctx); err != nil {
			loggerFrom(ctx).WarnContext(ctx, "not ready", "error", err)
			return nil, huma.Error503ServiceUnavailable("database is not available")
		}
		return ok(), nil
	})
}
