package handler

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"example.com/demo/internal/model"
	"example.com/demo/internal/schema"
)

// EventService is what the event routes need from the business layer.
type EventService interface {
	Create(ctx context.Context, item model.Event) (model.Event, error)
	Get(ctx context.Context, id uuid.UUID) (model.Event, error)
	List(ctx context.Context, q model.EventList) (model.Page[model.Event], error)
	Update(ctx context.Context, id uuid.UUID, apply func(*model.Event) error) (model.Event, error)
	Delete(ctx context.Context, id uuid.UUID) error
}

type eventIDInput struct {
	ID string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Event id"`
}

// eventListInput are the query parameters of the event list: a page, an
// order and the filters.
type eventListInput struct {
	Paging
	Sort        string                 `query:"sort" enum:"created_at,-created_at,updated_at,-updated_at,starts_at,-starts_at" default:"created_at" doc:"The key to sort by, descending after a minus sign; ties are ordered by id"`
	Kind        param[model.EventKind] `query:"kind" enum:"concert,talk" doc:"Only events whose kind is this value"`
	StartsAt    param[time.Time]       `query:"starts_at" doc:"Only events whose starts_at is this value"`
	StartsAtGt  param[time.Time]       `query:"starts_at[gt]" doc:"Only events whose starts_at is greater than this value"`
	StartsAtGte param[time.Time]       `query:"starts_at[gte]" doc:"Only events whose starts_at is at least this value"`
	StartsAtLt  param[time.Time]       `query:"starts_at[lt]" doc:"Only events whose starts_at is less than this value"`
	StartsAtLte param[time.Time]       `query:"starts_at[lte]" doc:"Only events whose starts_at is at most this value"`
}

// query returns the list the query parameters ask for.
func (in *eventListInput) query() model.EventList {
	key, desc := sortParam(in.Sort)
	q := model.EventList{
		Sort:   model.EventSort{Key: model.EventSortKey(key), Desc: desc},
		Cursor: in.Cursor,
		Limit:  in.Limit,
		Count:  in.Count,
	}
	if in.Kind.Set {
		q.Filter.Kind = append(q.Filter.Kind, model.Cond[model.EventKind]{Op: model.OpEq, Value: in.Kind.Value})
	}
	if in.StartsAt.Set {
		q.Filter.StartsAt = append(q.Filter.StartsAt, model.Cond[time.Time]{Op: model.OpEq, Value: in.StartsAt.Value})
	}
	if in.StartsAtGt.Set {
		q.Filter.StartsAt = append(q.Filter.StartsAt, model.Cond[time.Time]{Op: model.OpGt, Value: in.StartsAtGt.Value})
	}
	if in.StartsAtGte.Set {
		q.Filter.StartsAt = append(q.Filter.StartsAt, model.Cond[time.Time]{Op: model.OpGte, Value: in.StartsAtGte.Value})
	}
	if in.StartsAtLt.Set {
		q.Filter.StartsAt = append(q.Filter.StartsAt, model.Cond[time.Time]{Op: model.OpLt, Value: in.StartsAtLt.Value})
	}
	if in.StartsAtLte.Set {
		q.Filter.StartsAt = append(q.Filter.StartsAt, model.Cond[time.Time]{Op: model.OpLte, Value: in.StartsAtLte.Value})
	}
	return q
}

type eventCreateInput struct {
	Body schema.EventCreate
}

type eventUpdateInput struct {
	ID   string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Event id"`
	Body schema.EventUpdate
}

type eventOutput struct {
	Body schema.EventResponse
}

type eventPageOutput struct {
	Body schema.EventPage
}

type events struct {
	svc EventService
}

func registerEvents(api huma.API, svc EventService) {
	h := events{svc: svc}
	tags := []string{"events"}
	register(api, huma.Operation{
		OperationID:   "create-event",
		Method:        http.MethodPost,
		Path:          "/events",
		Summary:       "Create an event",
		Tags:          tags,
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusConflict},
	}, h.create)
	register(api, huma.Operation{
		OperationID: "list-events",
		Method:      http.MethodGet,
		Path:        "/events",
		Summary:     "List events, a page at a time",
		Tags:        tags,
	}, h.list)
	register(api, huma.Operation{
		OperationID: "get-event",
		Method:      http.MethodGet,
		Path:        "/events/{id}",
		Summary:     "Get an event",
		Tags:        tags,
	}, h.get)
	register(api, huma.Operation{
		OperationID: "update-event",
		Method:      http.MethodPatch,
		Path:        "/events/{id}",
		Summary:     "Change some fields of an event",
		Tags:        tags,
		Errors:      []int{http.StatusConflict},
	}, h.update)
	register(api, huma.Operation{
		OperationID:   "delete-event",
		Method:        http.MethodDelete,
		Path:          "/events/{id}",
		Summary:       "Delete an event",
		Tags:          tags,
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusConflict},
	}, h.delete)
}

func (h events) create(ctx context.Context, in *eventCreateInput) (*eventOutput, error) {
	item, err := h.svc.Create(ctx, in.Body.Model())
	if err != nil {
		return nil, err
	}
	return &eventOutput{Body: schema.NewEventResponse(item)}, nil
}

func (h events) list(ctx context.Context, in *eventListInput) (*eventPageOutput, error) {
	page, err := h.svc.List(ctx, in.query())
	if err != nil {
		return nil, err
	}
	return &eventPageOutput{Body: schema.NewEventPage(page)}, nil
}

func (h events) get(ctx context.Context, in *eventIDInput) (*eventOutput, error) {
	id, err := parseID(in.ID, "event")
	if err != nil {
		return nil, err
	}
	item, err := h.svc.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return &eventOutput{Body: schema.NewEventResponse(item)}, nil
}

func (h events) update(ctx context.Context, in *eventUpdateInput) (*eventOutput, error) {
	id, err := parseID(in.ID, "event")
	if err != nil {
		return nil, err
	}
	item, err := h.svc.Update(ctx, id, in.Body.Apply)
	if err != nil {
		return nil, err
	}
	return &eventOutput{Body: schema.NewEventResponse(item)}, nil
}

func (h events) delete(ctx context.Context, in *eventIDInput) (*struct{}, error) {
	id, err := parseID(in.ID, "event")
	if err != nil {
		return nil, err
	}
	return nil, h.svc.Delete(ctx, id)
}
