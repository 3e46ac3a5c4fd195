package handler

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"example.com/demo/internal/model"
	"example.com/demo/internal/schema"
)

// EventService is what the event routes need from the business layer.
type EventService interface {
	Create(ctx context.Context, item model.Event) (model.Event, error)
	Get(ctx context.Context, id uuid.UUID) (model.Event, error)
	List(ctx context.Context, skip, limit int) ([]model.Event, int, error)
	Update(ctx context.Context, id uuid.UUID, apply func(*model.Event) error) (model.Event, error)
	Delete(ctx context.Context, id uuid.UUID) error
}

type eventIDInput struct {
	ID string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Event id"`
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
		Summary:     "List events, oldest first",
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

func (h events) list(ctx context.Context, in *pageInput) (*eventPageOutput, error) {
	items, total, err := h.svc.List(ctx, in.Skip, in.Limit)
	if err != nil {
		return nil, err
	}
	return &eventPageOutput{Body: schema.NewEventPage(items, total, in.Skip, in.Limit)}, nil
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
