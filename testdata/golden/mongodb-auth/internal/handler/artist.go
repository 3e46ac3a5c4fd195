package handler

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"example.com/feed/internal/model"
	"example.com/feed/internal/schema"
)

// ArtistService is what the artist routes need from the business layer.
type ArtistService interface {
	Create(ctx context.Context, item model.Artist) (model.Artist, error)
	Get(ctx context.Context, id uuid.UUID) (model.Artist, error)
	List(ctx context.Context, q model.ArtistList) (model.Page[model.Artist], error)
	Update(ctx context.Context, id uuid.UUID, apply func(*model.Artist) error) (model.Artist, error)
	Delete(ctx context.Context, id uuid.UUID) error
}

type artistIDInput struct {
	ID string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Artist id"`
}

// artistListInput are the query parameters of the artist list: a page, an
// order and the filters.
type artistListInput struct {
	Paging
	Sort string `query:"sort" enum:"created_at,-created_at,updated_at,-updated_at" default:"created_at" doc:"The key to sort by, descending after a minus sign; ties are ordered by id"`
}

// query returns the list the query parameters ask for.
func (in *artistListInput) query() model.ArtistList {
	key, desc := sortParam(in.Sort)
	q := model.ArtistList{
		Sort:   model.ArtistSort{Key: model.ArtistSortKey(key), Desc: desc},
		Cursor: in.Cursor,
		Limit:  in.Limit,
		Count:  in.Count,
	}
	return q
}

type artistCreateInput struct {
	Body schema.ArtistCreate
}

type artistUpdateInput struct {
	ID   string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Artist id"`
	Body schema.ArtistUpdate
}

type artistOutput struct {
	Body schema.ArtistResponse
}

type artistPageOutput struct {
	Body schema.ArtistPage
}

type artists struct {
	svc ArtistService
}

func registerArtists(api huma.API, svc ArtistService) {
	h := artists{svc: svc}
	tags := []string{"artists"}
	register(api, huma.Operation{
		OperationID:   "create-artist",
		Method:        http.MethodPost,
		Path:          "/artists",
		Summary:       "Create an artist",
		Tags:          tags,
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusConflict},
	}, h.create)
	register(api, huma.Operation{
		OperationID: "list-artists",
		Method:      http.MethodGet,
		Path:        "/artists",
		Summary:     "List artists, a page at a time",
		Tags:        tags,
	}, h.list)
	register(api, huma.Operation{
		OperationID: "get-artist",
		Method:      http.MethodGet,
		Path:        "/artists/{id}",
		Summary:     "Get an artist",
		Tags:        tags,
	}, h.get)
	register(api, huma.Operation{
		OperationID: "update-artist",
		Method:      http.MethodPatch,
		Path:        "/artists/{id}",
		Summary:     "Change some fields of an artist",
		Tags:        tags,
		Errors:      []int{http.StatusConflict},
	}, h.update)
	register(api, huma.Operation{
		OperationID:   "delete-artist",
		Method:        http.MethodDelete,
		Path:          "/artists/{id}",
		Summary:       "Delete an artist",
		Tags:          tags,
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusConflict},
	}, h.delete)
}

func (h artists) create(ctx context.Context, in *artistCreateInput) (*artistOutput, error) {
	item, err := h.svc.Create(ctx, in.Body.Model())
	if err != nil {
		return nil, err
	}
	return &artistOutput{Body: schema.NewArtistResponse(item)}, nil
}

func (h artists) list(ctx context.Context, in *artistListInput) (*artistPageOutput, error) {
	page, err := h.svc.List(ctx, in.query())
	if err != nil {
		return nil, err
	}
	return &artistPageOutput{Body: schema.NewArtistPage(page)}, nil
}

func (h artists) get(ctx context.Context, in *artistIDInput) (*artistOutput, error) {
	id, err := parseID(in.ID, "artist")
	if err != nil {
		return nil, err
	}
	item, err := h.svc.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return &artistOutput{Body: schema.NewArtistResponse(item)}, nil
}

func (h artists) update(ctx context.Context, in *artistUpdateInput) (*artistOutput, error) {
	id, err := parseID(in.ID, "artist")
	if err != nil {
		return nil, err
	}
	item, err := h.svc.Update(ctx, id, in.Body.Apply)
	if err != nil {
		return nil, err
	}
	return &artistOutput{Body: schema.NewArtistResponse(item)}, nil
}

func (h artists) delete(ctx context.Context, in *artistIDInput) (*struct{}, error) {
	id, err := parseID(in.ID, "artist")
	if err != nil {
		return nil, err
	}
	return nil, h.svc.Delete(ctx, id)
}
