package handler

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"example.com/shop/internal/model"
	"example.com/shop/internal/schema"
)

// NoteService is what the note routes need from the business layer.
// Every method acts for actor, the authenticated caller: notes belong
// to the user who created them.
type NoteService interface {
	Create(ctx context.Context, actor model.Actor, item model.Note) (model.Note, error)
	Get(ctx context.Context, actor model.Actor, id uuid.UUID) (model.Note, error)
	List(ctx context.Context, actor model.Actor, q model.NoteList) (model.Page[model.Note], error)
	Update(ctx context.Context, actor model.Actor, id uuid.UUID, apply func(*model.Note) error) (model.Note, error)
	Delete(ctx context.Context, actor model.Actor, id uuid.UUID) error
}

type noteIDInput struct {
	ID string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Note id"`
}

// noteListInput are the query parameters of the note list: a page, an
// order and the filters.
type noteListInput struct {
	Paging
	Sort  string        `query:"sort" enum:"created_at,-created_at,updated_at,-updated_at,title,-title" default:"created_at" doc:"The key to sort by, descending after a minus sign; ties are ordered by id"`
	Title param[string] `query:"title" doc:"Only notes whose title is this value"`
	Done  param[bool]   `query:"done" doc:"Only notes whose done is this value"`
}

// query returns the list the query parameters ask for.
func (in *noteListInput) query() model.NoteList {
	key, desc := sortParam(in.Sort)
	q := model.NoteList{
		Sort:   model.NoteSort{Key: model.NoteSortKey(key), Desc: desc},
		Cursor: in.Cursor,
		Limit:  in.Limit,
		Count:  in.Count,
	}
	if in.Title.Set {
		q.Filter.Title = append(q.Filter.Title, model.Cond[string]{Op: model.OpEq, Value: in.Title.Value})
	}
	if in.Done.Set {
		q.Filter.Done = append(q.Filter.Done, model.Cond[bool]{Op: model.OpEq, Value: in.Done.Value})
	}
	return q
}

type noteCreateInput struct {
	Body schema.NoteCreate
}

type noteUpdateInput struct {
	ID   string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Note id"`
	Body schema.NoteUpdate
}

type noteOutput struct {
	Body schema.NoteResponse
}

type notePageOutput struct {
	Body schema.NotePage
}

type notes struct {
	svc NoteService
}

func registerNotes(api huma.API, svc NoteService) {
	h := notes{svc: svc}
	tags := []string{"notes"}
	register(api, huma.Operation{
		OperationID:   "create-note",
		Method:        http.MethodPost,
		Path:          "/notes",
		Summary:       "Create a note",
		Tags:          tags,
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusConflict},
	}, h.create)
	register(api, huma.Operation{
		OperationID: "list-notes",
		Method:      http.MethodGet,
		Path:        "/notes",
		Summary:     "List your notes, a page at a time",
		Tags:        tags,
	}, h.list)
	register(api, huma.Operation{
		OperationID: "get-note",
		Method:      http.MethodGet,
		Path:        "/notes/{id}",
		Summary:     "Get a note",
		Tags:        tags,
	}, h.get)
	register(api, huma.Operation{
		OperationID: "update-note",
		Method:      http.MethodPatch,
		Path:        "/notes/{id}",
		Summary:     "Change some fields of a note",
		Tags:        tags,
		Errors:      []int{http.StatusConflict},
	}, h.update)
	register(api, huma.Operation{
		OperationID:   "delete-note",
		Method:        http.MethodDelete,
		Path:          "/notes/{id}",
		Summary:       "Delete a note",
		Tags:          tags,
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusConflict},
	}, h.delete)
}

func (h notes) create(ctx context.Context, in *noteCreateInput) (*noteOutput, error) {
	item, err := h.svc.Create(ctx, currentActor(ctx), in.Body.Model())
	if err != nil {
		return nil, err
	}
	return &noteOutput{Body: schema.NewNoteResponse(item)}, nil
}

func (h notes) list(ctx context.Context, in *noteListInput) (*notePageOutput, error) {
	page, err := h.svc.List(ctx, currentActor(ctx), in.query())
	if err != nil {
		return nil, err
	}
	return &notePageOutput{Body: schema.NewNotePage(page)}, nil
}

func (h notes) get(ctx context.Context, in *noteIDInput) (*noteOutput, error) {
	id, err := parseID(in.ID, "note")
	if err != nil {
		return nil, err
	}
	item, err := h.svc.Get(ctx, currentActor(ctx), id)
	if err != nil {
		return nil, err
	}
	return &noteOutput{Body: schema.NewNoteResponse(item)}, nil
}

func (h notes) update(ctx context.Context, in *noteUpdateInput) (*noteOutput, error) {
	id, err := parseID(in.ID, "note")
	if err != nil {
		return nil, err
	}
	item, err := h.svc.Update(ctx, currentActor(ctx), id, in.Body.Apply)
	if err != nil {
		return nil, err
	}
	return &noteOutput{Body: schema.NewNoteResponse(item)}, nil
}

func (h notes) delete(ctx context.Context, in *noteIDInput) (*struct{}, error) {
	id, err := parseID(in.ID, "note")
	if err != nil {
		return nil, err
	}
	return nil, h.svc.Delete(ctx, currentActor(ctx), id)
}
