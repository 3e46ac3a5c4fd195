package handler_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/handler"
)

// server is the API under test, wired to fake services.
type server struct {
	h        http.Handler
	log      *bytes.Buffer
	users    *fakeUsers
	notes    *fakeNotes
	events   *fakeEvents
	artists  *fakeArtists
	artworks *fakeArtworks
}

func newServer(t *testing.T) *server {
	t.Helper()
	s := &server{
		log:      &bytes.Buffer{},
		users:    newFakeUsers(),
		notes:    newFakeNotes(),
		events:   newFakeEvents(),
		artists:  newFakeArtists(),
		artworks: newFakeArtworks(),
	}
	s.h = handler.New(handler.Deps{
		Logger:   slog.New(slog.NewTextHandler(s.log, nil)),
		Ready:    func(context.Context) error { return nil },
		Users:    s.users,
		Notes:    s.notes,
		Events:   s.events,
		Artists:  s.artists,
		Artworks: s.artworks,
	})
	return s
}

// response is a decoded JSON response.
type response struct {
	status int
	header http.Header
	body   map[string]any
}

// do sends a request as alice, the default user.
func (s *server) do(t *testing.T, method, path, body string) response {
	t.Helper()
	return s.doAs(t, aliceToken, method, path, body)
}

// doAs sends a request with the access token token, or without an
// Authorization header when token is noToken.
func (s *server) doAs(t *testing.T, token, method, path, body string) response {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != noToken {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.serve(t, req)
}

// serve sends req as it is and checks the response against the OpenAPI
// document.
func (s *server) serve(t *testing.T, req *http.Request) response {
	t.Helper()
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	checkResponse(t, req, rec)
	res := response{status: rec.Code, header: rec.Header()}
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &res.body); err != nil {
			t.Fatalf("%s %s: body is not a JSON object: %v: %s", req.Method, req.URL, err, rec.Body)
		}
	}
	return res
}

// contract validates responses against the OpenAPI document the API
// serves, which does not depend on the services behind it.
var contract = sync.OnceValues(func() (validator.Validator, error) {
	rec := httptest.NewRecorder()
	h := handler.New(handler.Deps{Logger: slog.New(slog.DiscardHandler)})
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	doc, err := libopenapi.NewDocument(rec.Body.Bytes())
	if err != nil {
		return nil, err
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	return v, errors.Join(errs...)
})

// checkResponse fails the test when the response to req is not one the
// OpenAPI document promises for its operation: an undocumented status, a
// body that does not fit the documented schema or a missing documented
// header. The router's own 404 and 405 for what is no operation are not
// checked.
func checkResponse(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/") {
		return
	}
	v, err := contract()
	if err != nil {
		t.Fatalf("load the OpenAPI document: %v", err)
	}
	_, errs := v.ValidateHttpResponse(req, rec.Result())
	for _, e := range errs {
		noOperation := e.IsPathMissingError() || e.IsOperationMissingError()
		if noOperation && (rec.Code == http.StatusNotFound || rec.Code == http.StatusMethodNotAllowed) {
			continue
		}
		t.Errorf("%s %s: %d %s breaks the OpenAPI document: %v", req.Method, req.URL, rec.Code, rec.Body, e)
	}
}

// wantError checks an error response: status, code and, when field is not
// empty, a detail for that field.
func wantError(t *testing.T, res response, status int, code, field string) {
	t.Helper()
	if res.status != status {
		t.Fatalf("status = %d, want %d (body %v)", res.status, status, res.body)
	}
	if got := res.body["code"]; got != code {
		t.Errorf("code = %v, want %q (body %v)", got, code, res.body)
	}
	if _, ok := res.body["error"].(string); !ok {
		t.Errorf("error = %v, want a message", res.body["error"])
	}
	details, ok := res.body["details"].(map[string]any)
	if !ok {
		t.Fatalf("details = %v, want an object", res.body["details"])
	}
	if field != "" && details[field] == nil {
		t.Errorf("details = %v, want an entry for %q", details, field)
	}
}

func TestHealth(t *testing.T) {
	s := newServer(t)
	for _, path := range []string{"/api/v1/health", "/api/v1/health/ready"} {
		res := s.do(t, http.MethodGet, path, "")
		if res.status != http.StatusOK || res.body["status"] != "ok" {
			t.Errorf("GET %s = %d %v, want 200 {status: ok}", path, res.status, res.body)
		}
	}
}

func TestHealthReadyFails(t *testing.T) {
	h := handler.New(handler.Deps{
		Logger: slog.New(slog.DiscardHandler),
		Ready:  func(context.Context) error { return errors.New("database is locked") },
	})
	s := &server{h: h}
	res := s.do(t, http.MethodGet, "/api/v1/health/ready", "")
	wantError(t, res, http.StatusServiceUnavailable, "service_unavailable", "")
	if strings.Contains(res.body["error"].(string), "locked") {
		t.Errorf("error = %q, leaks the cause", res.body["error"])
	}
}

func TestUnknownRoutes(t *testing.T) {
	s := newServer(t)
	wantError(t, s.do(t, http.MethodGet, "/api/v1/nothing", ""), http.StatusNotFound, "not_found", "")
	wantError(t, s.do(t, http.MethodPut, "/api/v1/health", ""), http.StatusMethodNotAllowed, "method_not_allowed", "")
}

func TestOpenAPIAndDocs(t *testing.T) {
	s := newServer(t)
	res := s.do(t, http.MethodGet, "/openapi.json", "")
	if res.status != http.StatusOK || res.body["openapi"] != "3.1.0" {
		t.Errorf("GET /openapi.json = %d openapi %v, want 200 3.1.0", res.status, res.body["openapi"])
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/docs", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("GET /docs = %d, want 200", rec.Code)
	}
}

// Errors are documented as they are sent: the error body, as
// application/json, never huma's own error model.
func TestOpenAPIErrors(t *testing.T) {
	s := newServer(t)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("GET /openapi.json: %v", err)
	}
	if _, ok := doc.Components.Schemas["ErrorBody"]; !ok {
		t.Errorf("schemas = %v, want ErrorBody", doc.Components.Schemas)
	}
	for _, name := range []string{"ErrorModel", "ErrorDetail"} {
		if _, ok := doc.Components.Schemas[name]; ok {
			t.Errorf("schemas contain huma's %s", name)
		}
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			for status, res := range op.Responses {
				if status != "default" && status < "400" {
					continue
				}
				want := "#/components/schemas/ErrorBody"
				if got := res.Content["application/json"].Schema.Ref; len(res.Content) != 1 || got != want {
					t.Errorf("%s %s %s: content %+v, want application/json %s alone", method, path, status, res.Content, want)
				}
			}
		}
	}
}

// handler.New leaves huma's package variables as they are: the error shape
// is the API's own business, not the process's.
func TestHumaDefaultsUntouched(t *testing.T) {
	newServer(t)
	if _, ok := huma.NewError(http.StatusNotFound, "").(*huma.ErrorModel); !ok {
		t.Error("huma.NewError was replaced")
	}
}

// Every operation is registered with register, which maps the errors its
// handler returns to their statuses: registered with huma.Register, every
// error of the services would be a 500.
func TestOperationsUseRegister(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Name.Name == "register" {
				continue
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Register" {
					if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "huma" {
						t.Errorf("%s: huma.Register; register operations with register", fset.Position(sel.Pos()))
					}
				}
				return true
			})
		}
	}
}
func TestPanicBecomes500(t *testing.T) {
	s := newServer(t)
	res := s.do(t, http.MethodGet, "/api/v1/notes/"+panicID, "")
	wantError(t, res, http.StatusInternalServerError, "internal", "")
	if !strings.Contains(s.log.String(), "boom") {
		t.Errorf("log does not record the panic:\n%s", s.log)
	}
	// The server keeps serving.
	if res := s.do(t, http.MethodGet, "/api/v1/health", ""); res.status != http.StatusOK {
		t.Errorf("after a panic GET /api/v1/health = %d, want 200", res.status)
	}
}

func TestInternalErrorHidesCause(t *testing.T) {
	s := newServer(t)
	s.notes.err = errors.New("disk on fire")
	res := s.do(t, http.MethodGet, "/api/v1/notes", "")
	wantError(t, res, http.StatusInternalServerError, "internal", "")
	if strings.Contains(res.body["error"].(string), "fire") {
		t.Errorf("error = %q, leaks the cause", res.body["error"])
	}
	if !strings.Contains(s.log.String(), "disk on fire") {
		t.Errorf("log does not record the cause:\n%s", s.log)
	}
}

// Deleting a row that other rows still refer to is a conflict whose message
// the client sees, without its cause.
func TestDeleteReferencedIsConflict(t *testing.T) {
	s := newServer(t)
	const msg = "note is still referenced; delete or change what refers to it first"
	s.notes.err = apperr.Wrap(apperr.Conflict, msg, errors.New("FOREIGN KEY constraint failed"))
	res := s.do(t, http.MethodDelete, "/api/v1/notes/"+uuid.NewString(), "")
	wantError(t, res, http.StatusConflict, "conflict", "")
	if res.body["error"] != msg {
		t.Errorf("error = %q, want %q", res.body["error"], msg)
	}
}

func TestBodyLimits(t *testing.T) {
	s := newServer(t)
	big := `{"padding":"` + strings.Repeat("a", 3<<20) + `"}`
	wantError(t, s.do(t, http.MethodPost, "/api/v1/notes", big), http.StatusRequestEntityTooLarge, "body_too_large", "")

	// Without a Content-Length the limit applies while reading.
	req := httptest.NewRequest(http.MethodPost, "/api/v1/notes", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+aliceToken)
	body := req.Body
	if res := s.serve(t, req); res.status != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked 3 MiB body: status = %d, want 413", res.status)
	}
	if req.Body != body {
		t.Error("the incoming request was changed: its body was replaced")
	}
}

func TestMalformedJSON(t *testing.T) {
	s := newServer(t)
	wantError(t, s.do(t, http.MethodPost, "/api/v1/notes", `{"padding":`), http.StatusBadRequest, "bad_request", "body")
}

// An id in a path in any form but the RFC 4122 text form names nothing.
func TestOtherIDFormsAreNotFound(t *testing.T) {
	s := newServer(t)
	id := s.do(t, http.MethodPost, "/api/v1/notes", noteFull).body["id"].(string)
	for _, other := range append(otherIDForms(uuid.MustParse(id)), "nope") {
		path := "/api/v1/notes/" + other
		wantError(t, s.do(t, http.MethodGet, path, ""), http.StatusNotFound, "not_found", "")
		wantError(t, s.do(t, http.MethodPatch, path, `{}`), http.StatusNotFound, "not_found", "")
		wantError(t, s.do(t, http.MethodDelete, path, ""), http.StatusNotFound, "not_found", "")
	}
}

// otherIDForms are the texts google/uuid reads as id that the API refuses,
// escaped for a URL path.
func otherIDForms(id uuid.UUID) []string {
	return []string{
		url.PathEscape("{" + id.String() + "}"),
		id.URN(),
		strings.ReplaceAll(id.String(), "-", ""),
	}
}

// TestBodyProblems sends every operation with a request body what it
// cannot read; checkResponse proves each status is documented for it.
func TestBodyProblems(t *testing.T) {
	bodies := []struct {
		name, contentType, body string
		status                  int
	}{
		{"empty", "application/json", "", http.StatusBadRequest},
		{"truncated", "application/json", `{"a":`, http.StatusBadRequest},
		{"byte order mark", "application/json", "\ufeff{}", http.StatusBadRequest},
		{"too deep", "application/json", strings.Repeat("[", 20000) + strings.Repeat("]", 20000), http.StatusBadRequest},
		{"too large", "application/json", `{"a":"` + strings.Repeat("a", 2<<20) + `"}`, http.StatusRequestEntityTooLarge},
		{"text", "text/plain", "hello", http.StatusUnsupportedMediaType},
		{"xml", "application/xml", "<a/>", http.StatusUnsupportedMediaType},
		{"multipart", "multipart/form-data; boundary=x", "--x\r\n\r\na\r\n--x--\r\n", http.StatusUnsupportedMediaType},
	}
	operations := []struct{ method, path string }{
		{http.MethodPost, "/api/v1/auth/register"},
		{http.MethodPost, "/api/v1/auth/login"},
		{http.MethodPost, "/api/v1/auth/refresh"},
		{http.MethodPatch, "/api/v1/users/me"},
		{http.MethodPost, "/api/v1/notes"},
		{http.MethodPatch, "/api/v1/notes/" + uuid.NewString()},
		{http.MethodPost, "/api/v1/events"},
		{http.MethodPatch, "/api/v1/events/" + uuid.NewString()},
		{http.MethodPost, "/api/v1/artists"},
		{http.MethodPatch, "/api/v1/artists/" + uuid.NewString()},
		{http.MethodPost, "/api/v1/artworks"},
		{http.MethodPatch, "/api/v1/artworks/" + uuid.NewString()},
	}
	s := newServer(t)
	for _, op := range operations {
		for _, b := range bodies {
			req := httptest.NewRequest(op.method, op.path, strings.NewReader(b.body))
			req.Header.Set("Content-Type", b.contentType)
			req.Header.Set("Authorization", "Bearer "+aliceToken)
			if res := s.serve(t, req); res.status != b.status {
				t.Errorf("%s %s with a body %s: status = %d, want %d (body %v)", op.method, op.path, b.name, res.status, b.status, res.body)
			}
		}
	}
}

func TestRequestID(t *testing.T) {
	s := newServer(t)
	first := s.do(t, http.MethodGet, "/api/v1/health", "").header.Get("X-Request-ID")
	second := s.do(t, http.MethodGet, "/api/v1/health", "").header.Get("X-Request-ID")
	if first == "" || first == second {
		t.Errorf("X-Request-ID of two requests = %q and %q, want two different ids", first, second)
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/health", nil)
	req.Header.Set("X-Request-ID", "abc-123")
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	if got := rec.Header().Get("X-Request-ID"); got != "abc-123" {
		t.Errorf("X-Request-ID = %q, want the client's %q", got, "abc-123")
	}
	if !strings.Contains(s.log.String(), "request_id=abc-123") {
		t.Errorf("access log does not carry the request id:\n%s", s.log)
	}

	// A new id is logged too, and the request the server was given is left
	// as it is.
	req = httptest.NewRequest(http.MethodGet, "/api/v1/health", nil)
	rec = httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	id := rec.Header().Get("X-Request-ID")
	if id == "" || !strings.Contains(s.log.String(), "request_id="+id) {
		t.Errorf("access log does not carry the new request id %q:\n%s", id, s.log)
	}
	if got := req.Header.Get("X-Request-ID"); got != "" {
		t.Errorf("the incoming request was changed: X-Request-ID = %q", got)
	}
}

// panicID is the id that makes the fake services panic.
const panicID = "0196f1a0-0000-7000-8000-00000000dead"
