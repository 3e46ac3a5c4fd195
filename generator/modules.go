package generator

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/go-gen/gen/options"
	"github.com/go-gen/gen/templates"
)

// GoVersion is the go directive of generated projects.
const GoVersion = "1.26.0"

// requirement is a direct dependency of generated projects.
type requirement struct {
	Path, Version string
	// when reports whether a project needs the module; nil means always.
	when func(*Project) bool
}

// requirements pins every direct dependency of generated projects: the one
// place their versions live. The tidied go.mod and go.sum of each variant
// under templates/modules are derived from it (go test ./generator
// -run TestModules -update-modules rewrites them) and a test checks they
// agree.
var requirements = []requirement{
	{Path: "github.com/alexedwards/argon2id", Version: "v1.0.0", when: hasAuth},
	{Path: "github.com/caarlos0/env/v11", Version: "v11.4.2"},
	{Path: "github.com/danielgtaylor/huma/v2", Version: "v2.37.2"},
	{Path: "github.com/go-chi/chi/v5", Version: "v5.5.0"},
	{Path: "github.com/golang-jwt/jwt/v5", Version: "v5.3.1", when: hasAuth},
	{Path: "github.com/google/uuid", Version: "v1.6.0"},
	{Path: "github.com/jackc/pgx/v5", Version: "v5.12.0", when: isPostgres},
	// The handler tests check every response against the OpenAPI 3.1
	// document the server serves.
	{Path: "github.com/pb33f/libopenapi", Version: "v0.41.8"},
	{Path: "github.com/pb33f/libopenapi-validator", Version: "v0.16.2"},
	{Path: "github.com/pressly/goose/v3", Version: "v3.28.0", when: hasMigrations},
	// Metrics in the Prometheus text format on METRICS_ADDR.
	{Path: "github.com/prometheus/client_golang", Version: "v1.25.0"},
	{Path: "github.com/rs/cors", Version: "v1.11.1"},
	// The SMTP client of the password reset mail; v0.8.2 needs a newer Go.
	{Path: "github.com/wneessen/go-mail", Version: "v0.8.1", when: hasAuth},
	// argon2id's hashing comes from x/crypto; pinned to a release that
	// tidies with the rest.
	{Path: "go.mongodb.org/mongo-driver/v2", Version: "v2.9.3", when: isMongoDB},
	// OpenTelemetry traces, exported over OTLP/HTTP: every otel module at
	// one release.
	{Path: "go.opentelemetry.io/otel", Version: "v1.47.0"},
	{Path: "go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp", Version: "v1.47.0"},
	{Path: "go.opentelemetry.io/otel/sdk", Version: "v1.47.0"},
	{Path: "go.opentelemetry.io/otel/trace", Version: "v1.47.0"},
	// The server's tests decode what it exports with the OTLP protocol
	// types, the version the exporter above requires.
	{Path: "go.opentelemetry.io/proto/otlp", Version: "v1.11.0"},
	{Path: "google.golang.org/protobuf", Version: "v1.36.12"},
	{Path: "golang.org/x/crypto", Version: "v0.58.0", when: hasAuth},
	// libc must be the version modernc.org/sqlite's own go.mod names.
	{Path: "modernc.org/libc", Version: "v1.77.1", when: isSQLite},
	{Path: "modernc.org/sqlite", Version: "v1.60.1", when: isSQLite},
}

func isSQLite(p *Project) bool { return p.Database == options.SQLite }

func hasAuth(p *Project) bool { return p.Auth }

// moduleVariant names the set of requirements a project needs; projects of
// one variant share their go.mod and go.sum.
func moduleVariant(p *Project) string {
	v := string(p.Database)
	if p.Auth {
		v += "-auth"
	}
	if !p.HasTables() {
		v += "-bare"
	}
	return v
}

// directRequirements lists what p needs directly, in go.mod order.
func directRequirements(p *Project) []requirement {
	var reqs []requirement
	for _, r := range requirements {
		if r.when == nil || r.when(p) {
			reqs = append(reqs, r)
		}
	}
	return reqs
}

// moduleFiles returns the go.mod and go.sum of p. They come from the tidied
// files of p's variant; a variant without them (only while they are being
// created with -update-modules) gets a go.mod listing just the direct
// requirements and an empty go.sum.
func moduleFiles(p *Project) (gomod, gosum []byte, err error) {
	variant := moduleVariant(p)
	body, err := fs.ReadFile(templates.Modules, variant+".mod")
	if err != nil {
		return pinnedGoMod(p), nil, nil
	}
	sum, err := fs.ReadFile(templates.Modules, variant+".sum")
	if err != nil {
		return nil, nil, fmt.Errorf("module files of variant %s: %w", variant, err)
	}
	return []byte("module " + p.Module + "\n" + string(body)), sum, nil
}

// pinnedGoMod returns a go.mod that lists only p's direct requirements: the
// starting point go mod tidy completes into a variant's module files.
func pinnedGoMod(p *Project) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n\ngo %s\n\nrequire (\n", p.Module, GoVersion)
	for _, r := range directRequirements(p) {
		fmt.Fprintf(&b, "\t%s %s\n", r.Path, r.Version)
	}
	b.WriteString(")\n")
	return []byte(b.String())
}
