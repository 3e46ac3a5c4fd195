// Package handler serves the HTTP API: routing, middleware, the OpenAPI
// document and the mapping of errors to responses. Handlers are thin: they
// bind the request, call a service and render the result.
package handler

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"
	"github.com/go-chi/chi/v5"
	"github.com/rs/cors"
	"go.opentelemetry.io/otel/trace"

	"example.com/bare/internal/telemetry"
)

// maxBodyBytes is the largest request body accepted. It equals huma's
// default Operation.MaxBodyBytes, which enforces it for API operations.
const maxBodyBytes = 1 << 20

// Deps are the collaborators the HTTP layer needs.
type Deps struct {
	Logger *slog.Logger
	// Ready reports whether the service can serve requests (the database
	// answers).
	Ready func(context.Context) error
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

	config := huma.DefaultConfig("Bare API", "1.0.0")
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
	return r
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
