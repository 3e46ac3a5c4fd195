package handler

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"example.com/feed/internal/model"
	"example.com/feed/internal/schema"
)

type userIDInput struct {
	ID string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"User id"`
}

type userUpdateMeInput struct {
	Body schema.UserUpdateMe
}

type userUpdateInput struct {
	ID   string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"User id"`
	Body schema.UserUpdate
}

type userOutput struct {
	Body schema.UserResponse
}

type userPageOutput struct {
	Body schema.UserPage
}

type users struct {
	svc UserService
}

// registerUsers registers the account routes. They need an authenticated
// api.
func registerUsers(api huma.API, svc UserService) {
	h := users{svc: svc}
	tags := []string{"users"}
	register(api, huma.Operation{
		OperationID: "get-me",
		Method:      http.MethodGet,
		Path:        "/users/me",
		Summary:     "Get your account",
		Tags:        tags,
	}, h.getMe)
	register(api, huma.Operation{
		OperationID: "update-me",
		Method:      http.MethodPatch,
		Path:        "/users/me",
		Summary:     "Change your account",
		Description: "A new password must come with current_password.",
		Tags:        tags,
		Errors:      []int{http.StatusConflict},
	}, h.updateMe)
	register(api, huma.Operation{
		OperationID: "list-users",
		Method:      http.MethodGet,
		Path:        "/users",
		Summary:     "List users, a page at a time (superusers only)",
		Tags:        tags,
		Errors:      []int{http.StatusForbidden},
	}, h.list)
	register(api, huma.Operation{
		OperationID: "get-user",
		Method:      http.MethodGet,
		Path:        "/users/{id}",
		Summary:     "Get a user (yourself, or anyone as a superuser)",
		Tags:        tags,
		Errors:      []int{http.StatusForbidden},
	}, h.get)
	register(api, huma.Operation{
		OperationID: "update-user",
		Method:      http.MethodPatch,
		Path:        "/users/{id}",
		Summary:     "Change any account (superusers only)",
		Tags:        tags,
		Errors:      []int{http.StatusForbidden, http.StatusConflict},
	}, h.update)
}

func (h users) getMe(ctx context.Context, _ *struct{}) (*userOutput, error) {
	actor := currentActor(ctx)
	u, err := h.svc.Get(ctx, actor, actor.UserID)
	if err != nil {
		return nil, err
	}
	return &userOutput{Body: schema.NewUserResponse(u)}, nil
}

func (h users) updateMe(ctx context.Context, in *userUpdateMeInput) (*userOutput, error) {
	change, err := in.Body.Change()
	if err != nil {
		return nil, err
	}
	u, err := h.svc.UpdateMe(ctx, currentActor(ctx), change)
	if err != nil {
		return nil, err
	}
	return &userOutput{Body: schema.NewUserResponse(u)}, nil
}

func (h users) list(ctx context.Context, in *userListInput) (*userPageOutput, error) {
	page, err := h.svc.List(ctx, currentActor(ctx), in.query())
	if err != nil {
		return nil, err
	}
	return &userPageOutput{Body: schema.NewUserPage(page)}, nil
}

func (h users) get(ctx context.Context, in *userIDInput) (*userOutput, error) {
	id, err := parseID(in.ID, "user")
	if err != nil {
		return nil, err
	}
	u, err := h.svc.Get(ctx, currentActor(ctx), id)
	if err != nil {
		return nil, err
	}
	return &userOutput{Body: schema.NewUserResponse(u)}, nil
}

func (h users) update(ctx context.Context, in *userUpdateInput) (*userOutput, error) {
	change, err := in.Body.Change()
	if err != nil {
		return nil, err
	}
	id, err := parseID(in.ID, "user")
	if err != nil {
		return nil, err
	}
	u, err := h.svc.Update(ctx, currentActor(ctx), id, change)
	if err != nil {
		return nil, err
	}
	return &userOutput{Body: schema.NewUserResponse(u)}, nil
}

// userListInput are the query parameters of the user list: a page, an
// order and the filters.
type userListInput struct {
	Paging
	Sort        string        `query:"sort" enum:"created_at,-created_at,updated_at,-updated_at,email,-email" default:"created_at" doc:"The key to sort by, descending after a minus sign; ties are ordered by id"`
	Email       param[string] `query:"email" format:"email" doc:"Only users whose email is this value"`
	IsActive    param[bool]   `query:"is_active" doc:"Only users whose is_active is this value"`
	IsSuperuser param[bool]   `query:"is_superuser" doc:"Only users whose is_superuser is this value"`
}

// query returns the list the query parameters ask for.
func (in *userListInput) query() model.UserList {
	key, desc := sortParam(in.Sort)
	q := model.UserList{
		Sort:   model.UserSort{Key: model.UserSortKey(key), Desc: desc},
		Cursor: in.Cursor,
		Limit:  in.Limit,
		Count:  in.Count,
	}
	if in.Email.Set {
		q.Filter.Email = append(q.Filter.Email, model.Cond[string]{Op: model.OpEq, Value: in.Email.Value})
	}
	if in.IsActive.Set {
		q.Filter.IsActive = append(q.Filter.IsActive, model.Cond[bool]{Op: model.OpEq, Value: in.IsActive.Value})
	}
	if in.IsSuperuser.Set {
		q.Filter.IsSuperuser = append(q.Filter.IsSuperuser, model.Cond[bool]{Op: model.OpEq, Value: in.IsSuperuser.Value})
	}
	return q
}
