package handler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"example.com/feed/internal/apperr"
	"example.com/feed/internal/model"
	"example.com/feed/internal/schema"
	"example.com/feed/internal/security"
)

// UserService is what the auth and user routes need from the business
// layer.
type UserService interface {
	// Register, Login, Refresh and the password resets are told the
	// client's IP address, which their rate limits count; Login is told
	// its user agent too, which the session it starts keeps.
	Register(ctx context.Context, ip netip.Addr, email, password string, fullName *string) (model.User, error)
	Login(ctx context.Context, ip netip.Addr, userAgent, email, password string) (security.Pair, error)
	Refresh(ctx context.Context, ip netip.Addr, refreshToken string) (security.Pair, error)
	RequestPasswordReset(ctx context.Context, ip netip.Addr, email string) error
	ResetPassword(ctx context.Context, ip netip.Addr, token, password string) error
	// Authenticate returns the actor of an access token: the active user it
	// was issued to, in a session that has not ended.
	Authenticate(ctx context.Context, accessToken string) (model.Actor, error)
	Logout(ctx context.Context, actor model.Actor) error
	Sessions(ctx context.Context, actor model.Actor) ([]model.Session, error)
	EndSession(ctx context.Context, actor model.Actor, id uuid.UUID) error
	EndSessions(ctx context.Context, actor model.Actor) error
	Get(ctx context.Context, actor model.Actor, id uuid.UUID) (model.User, error)
	List(ctx context.Context, actor model.Actor, q model.UserList) (model.Page[model.User], error)
	UpdateMe(ctx context.Context, actor model.Actor, change model.UserChange) (model.User, error)
	Update(ctx context.Context, actor model.Actor, id uuid.UUID, change model.UserChange) (model.User, error)
}

// bearerScheme names the security scheme of the OpenAPI document.
const bearerScheme = "bearer"

// authTag tags the operations of /auth, which are rate limited.
const authTag = "auth"

// formMediaType is the media type of the OAuth2 password form.
const formMediaType = "application/x-www-form-urlencoded"

type (
	actorKey  struct{}
	clientKey struct{}
)

// authenticate admits a request only with a valid access token of an active
// user (Authorization: Bearer <token>) and stores its actor in the request
// context.
// Anything else is a 401 with a WWW-Authenticate challenge.
func authenticate(svc UserService) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		token, ok := bearerToken(ctx.Header("Authorization"))
		if !ok {
			writeAPIError(ctx, apperr.New(apperr.Unauthorized, "missing bearer token"))
			return
		}
		actor, err := svc.Authenticate(ctx.Context(), token)
		if err != nil {
			if errors.Is(err, apperr.Unauthorized) {
				ctx.SetHeader("WWW-Authenticate", `Bearer error="invalid_token"`)
			}
			writeAPIError(ctx, err)
			return
		}
		next(huma.WithValue(ctx, actorKey{}, actor))
	}
}

// challenge makes every 401 response carry a WWW-Authenticate challenge
// (RFC 9110 §11.6.1): "Bearer" unless the handler gave a more precise one.
// Wrong credentials at login and a bad refresh token are 401s too.
func challenge(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(challengeWriter{w}, r)
	})
}

// challengeWriter adds the challenge when a 401 is written.
type challengeWriter struct {
	http.ResponseWriter
}

func (w challengeWriter) WriteHeader(status int) {
	if status == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
		w.Header().Set("WWW-Authenticate", "Bearer")
	}
	w.ResponseWriter.WriteHeader(status)
}

// Unwrap gives http.ResponseController the writer underneath.
func (w challengeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// bearerToken extracts the token of an Authorization header of the Bearer
// scheme.
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

// currentActor returns the actor authenticate stored. Routes that call it
// must be registered on the authenticated group; anything else is a bug.
func currentActor(ctx context.Context) model.Actor {
	a, ok := ctx.Value(actorKey{}).(model.Actor)
	if !ok {
		panic("handler: no authenticated actor; register the route on the authenticated group")
	}
	return a
}

// requireBearer documents that an operation needs an access token.
func requireBearer(op *huma.Operation) {
	op.Security = []map[string][]string{{bearerScheme: {}}}
}

type authRegisterInput struct {
	Body schema.UserRegister
}

type authLoginInput struct {
	ContentType string `header:"Content-Type"`
	UserAgent   string `header:"User-Agent"`
	RawBody     []byte
}

type authRefreshInput struct {
	Body schema.UserRefresh
}

type authTokensOutput struct {
	Body schema.TokenPair
}

type passwordResetInput struct {
	Body schema.PasswordResetRequest
}

type passwordResetOutput struct {
	Body schema.PasswordResetAccepted
}

type passwordResetConfirmInput struct {
	Body schema.PasswordResetConfirm
}

type auth struct {
	svc UserService
}

// registerAuth registers the routes of /auth. trusted are the networks of
// the proxies whose X-Forwarded-For names the client.
func registerAuth(v1 huma.API, svc UserService, trusted []netip.Prefix) {
	h := auth{svc: svc}
	tags := []string{authTag}
	api := huma.NewGroup(v1)
	api.UseMiddleware(findClient(trusted))
	register(api, huma.Operation{
		OperationID:   "register",
		Method:        http.MethodPost,
		Path:          "/auth/register",
		Summary:       "Create an account",
		Tags:          tags,
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusConflict},
	}, h.register)

	// Login reads its body itself to accept both JSON and the OAuth2
	// password form; this group documents the two bodies.
	login := huma.NewGroup(api)
	login.UseSimpleModifier(func(op *huma.Operation) {
		op.RequestBody = loginRequestBody(api.OpenAPI().Components.Schemas)
	})
	register(login, huma.Operation{
		OperationID: "login",
		Method:      http.MethodPost,
		Path:        "/auth/login",
		Summary:     "Exchange an email and password for tokens",
		Description: "Accepts JSON {email, password} or the OAuth2 password form (username, password).",
		Tags:        tags,
		Errors:      []int{http.StatusUnauthorized},
	}, h.login)

	register(api, huma.Operation{
		OperationID: "refresh",
		Method:      http.MethodPost,
		Path:        "/auth/refresh",
		Summary:     "Exchange a refresh token for new tokens",
		Description: "The refresh token is used up: the response carries the next one. " +
			"Presenting a used refresh token again ends its session.",
		Tags:   tags,
		Errors: []int{http.StatusUnauthorized},
	}, h.refresh)

	register(api, huma.Operation{
		OperationID: "request-password-reset",
		Method:      http.MethodPost,
		Path:        "/auth/password-reset",
		Summary:     "Mail a link to set a new password",
		Description: "Answers 202 with the same body whether or not an active account has the email; " +
			"only such an account is mailed a link that works once. " +
			"503 when the server has no mail server configured.",
		Tags:          tags,
		DefaultStatus: http.StatusAccepted,
		Errors:        []int{http.StatusServiceUnavailable},
	}, h.requestPasswordReset)
	register(api, huma.Operation{
		OperationID:   "confirm-password-reset",
		Method:        http.MethodPost,
		Path:          "/auth/password-reset/confirm",
		Summary:       "Set a new password with the token of a reset link",
		Description:   "Ends every session of the account. A used, expired or unknown token is a 400 invalid_token.",
		Tags:          tags,
		DefaultStatus: http.StatusNoContent,
	}, h.confirmPasswordReset)
}

func (h auth) register(ctx context.Context, in *authRegisterInput) (*userOutput, error) {
	u, err := h.svc.Register(ctx, clientFrom(ctx), in.Body.Email, in.Body.Password, in.Body.FullName)
	if err != nil {
		return nil, err
	}
	return &userOutput{Body: schema.NewUserResponse(u)}, nil
}

func (h auth) login(ctx context.Context, in *authLoginInput) (*authTokensOutput, error) {
	email, password, emailField, err := parseLogin(in.ContentType, in.RawBody)
	if err != nil {
		return nil, err
	}
	pair, err := h.svc.Login(ctx, clientFrom(ctx), in.UserAgent, email, password)
	if err != nil {
		// The service names the email "email"; the client may have sent it
		// as the form's username.
		return nil, renameDetail(err, "email", emailField)
	}
	return &authTokensOutput{Body: schema.NewTokenPair(pair)}, nil
}

func (h auth) refresh(ctx context.Context, in *authRefreshInput) (*authTokensOutput, error) {
	pair, err := h.svc.Refresh(ctx, clientFrom(ctx), in.Body.RefreshToken)
	if err != nil {
		return nil, err
	}
	return &authTokensOutput{Body: schema.NewTokenPair(pair)}, nil
}

func (h auth) requestPasswordReset(ctx context.Context, in *passwordResetInput) (*passwordResetOutput, error) {
	if err := h.svc.RequestPasswordReset(ctx, clientFrom(ctx), in.Body.Email); err != nil {
		return nil, err
	}
	return &passwordResetOutput{Body: schema.NewPasswordResetAccepted()}, nil
}

func (h auth) confirmPasswordReset(ctx context.Context, in *passwordResetConfirmInput) (*struct{}, error) {
	return nil, h.svc.ResetPassword(ctx, clientFrom(ctx), in.Body.Token, in.Body.Password)
}

// findClient stores the IP address of the client in the request context,
// for clientFrom. The client is the peer, unless the peer is a trusted
// proxy: then X-Forwarded-For is read from the right, each proxy having
// appended the address it got the request from, and the client is the
// first address that is not a trusted proxy's. Addresses further left are
// whatever the client chose to send.
func findClient(trusted []netip.Prefix) func(huma.Context, func(huma.Context)) {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return func(ctx huma.Context, next func(huma.Context)) {
		peer, _ := netip.ParseAddrPort(ctx.RemoteAddr())
		client := peer.Addr().Unmap()
		if isTrusted(client) {
			var hops []string
			ctx.EachHeader(func(name, value string) {
				if strings.EqualFold(name, "X-Forwarded-For") {
					hops = append(hops, strings.Split(value, ",")...)
				}
			})
			for i := len(hops) - 1; i >= 0 && isTrusted(client); i-- {
				hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
				if err != nil {
					break // the last trusted hop is the best known
				}
				client = hop.Unmap()
			}
		}
		next(huma.WithValue(ctx, clientKey{}, client))
	}
}

// clientFrom returns the client address findClient stored.
func clientFrom(ctx context.Context) netip.Addr {
	a, _ := ctx.Value(clientKey{}).(netip.Addr)
	return a
}

// parseLogin reads the credentials of a login body: the OAuth2 password
// form, or JSON when the content type says so or is missing. emailField is
// the name the body gave the email.
func parseLogin(contentType string, body []byte) (email, password, emailField string, err error) {
	mediaType := "application/json"
	if contentType != "" {
		if mediaType, _, err = mime.ParseMediaType(contentType); err != nil {
			return "", "", "", huma.Error400BadRequest("malformed Content-Type")
		}
	}
	emailField = "email"
	switch mediaType {
	case formMediaType:
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return "", "", "", huma.Error400BadRequest("malformed form body")
		}
		if gt := form.Get("grant_type"); gt != "" && gt != "password" {
			return "", "", "", apperr.Invalid(map[string]string{"grant_type": `must be "password"`})
		}
		email, password, emailField = form.Get("username"), form.Get("password"), "username"
	case "application/json":
		var in schema.UserLogin
		if err := decodeStrict(body, &in); err != nil {
			return "", "", "", err
		}
		email, password = in.Email, in.Password
	default:
		return "", "", "", huma.NewError(http.StatusUnsupportedMediaType,
			"send application/json or "+formMediaType)
	}
	problems := map[string]string{}
	if email == "" {
		problems[emailField] = "required"
	}
	if password == "" {
		problems["password"] = "required"
	}
	if len(problems) > 0 {
		return "", "", "", apperr.Invalid(problems)
	}
	return email, password, emailField, nil
}

// renameDetail returns err with its detail about the field from moved to
// the field to, for a client that named the field differently.
func renameDetail(err error, from, to string) error {
	var e *apperr.Error
	if from == to || !errors.As(err, &e) {
		return err
	}
	problem, ok := e.Details[from]
	if !ok {
		return err
	}
	renamed := *e
	renamed.Details = maps.Clone(e.Details)
	delete(renamed.Details, from)
	renamed.Details[to] = problem
	return &renamed
}

// decodeStrict decodes a JSON object into v the way huma decodes bodies:
// unknown properties and values of the wrong type are validation errors
// naming the property, anything unreadable is a malformed request.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("data after the JSON object")
	}
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr):
		return apperr.Invalid(map[string]string{typeErr.Field: "expected " + typeErr.Type.String()})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json reports unknown fields only in its message.
		field, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return apperr.Invalid(map[string]string{field: "unexpected property"})
	default:
		return huma.Error400BadRequest("malformed JSON body")
	}
}

// loginRequestBody documents the two bodies login accepts.
func loginRequestBody(registry huma.Registry) *huma.RequestBody {
	nonEmpty := func(doc string) *huma.Schema {
		return &huma.Schema{Type: huma.TypeString, MinLength: new(1), Description: doc}
	}
	return &huma.RequestBody{
		Required: true,
		Content: map[string]*huma.MediaType{
			"application/json": {Schema: registry.Schema(reflect.TypeFor[schema.UserLogin](), true, "")},
			formMediaType: {Schema: &huma.Schema{
				Type:     huma.TypeObject,
				Required: []string{"username", "password"},
				Properties: map[string]*huma.Schema{
					"grant_type": {Type: huma.TypeString, Enum: []any{"password"}, Description: "OAuth2 grant type"},
					"username":   nonEmpty("Email address"),
					"password":   nonEmpty("Password"),
				},
			}},
		},
	}
}
