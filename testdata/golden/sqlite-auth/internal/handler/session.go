package handler

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"example.com/shop/internal/schema"
)

type sessionIDInput struct {
	ID string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Session id"`
}

type sessionListOutput struct {
	Body schema.SessionList
}

type sessions struct {
	svc UserService
}

// registerSessions registers the routes that show and end the caller's
// sessions. They need an authenticated api.
func registerSessions(api huma.API, svc UserService) {
	h := sessions{svc: svc}
	tags := []string{"sessions"}
	register(api, huma.Operation{
		OperationID:   "logout",
		Method:        http.MethodPost,
		Path:          "/auth/logout",
		Summary:       "End the current session",
		Description:   "Its refresh token and its access tokens stop working.",
		Tags:          tags,
		DefaultStatus: http.StatusNoContent,
	}, h.logout)
	register(api, huma.Operation{
		OperationID: "list-sessions",
		Method:      http.MethodGet,
		Path:        "/users/me/sessions",
		Summary:     "List your live sessions, the newest first",
		Tags:        tags,
	}, h.list)
	register(api, huma.Operation{
		OperationID:   "end-session",
		Method:        http.MethodDelete,
		Path:          "/users/me/sessions/{id}",
		Summary:       "End one of your sessions",
		Tags:          tags,
		DefaultStatus: http.StatusNoContent,
	}, h.end)
	register(api, huma.Operation{
		OperationID:   "end-sessions",
		Method:        http.MethodDelete,
		Path:          "/users/me/sessions",
		Summary:       "End all of your sessions, the current one included",
		Tags:          tags,
		DefaultStatus: http.StatusNoContent,
	}, h.endAll)
}

func (h sessions) logout(ctx context.Context, _ *struct{}) (*struct{}, error) {
	return nil, h.svc.Logout(ctx, currentActor(ctx))
}

func (h sessions) list(ctx context.Context, _ *struct{}) (*sessionListOutput, error) {
	actor := currentActor(ctx)
	items, err := h.svc.Sessions(ctx, actor)
	if err != nil {
		return nil, err
	}
	return &sessionListOutput{Body: schema.NewSessionList(items, actor.Session)}, nil
}

func (h sessions) end(ctx context.Context, in *sessionIDInput) (*struct{}, error) {
	id, err := parseID(in.ID, "session")
	if err != nil {
		return nil, err
	}
	return nil, h.svc.EndSession(ctx, currentActor(ctx), id)
}

func (h sessions) endAll(ctx context.Context, _ *struct{}) (*struct{}, error) {
	return nil, h.svc.EndSessions(ctx, currentActor(ctx))
}
