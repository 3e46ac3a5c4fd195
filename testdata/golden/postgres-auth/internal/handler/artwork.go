package handler

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"example.com/shop/internal/model"
	"example.com/shop/internal/schema"
)

// ArtworkService is what the artwork routes need from the business layer.
// Every method acts for actor, the authenticated caller: artworks belong
// to the user who created them.
type ArtworkService interface {
	Create(ctx context.Context, actor model.Actor, item model.Artwork) (model.Artwork, error)
	Get(ctx context.Context, actor model.Actor, id uuid.UUID) (model.Artwork, error)
	List(ctx context.Context, actor model.Actor, q model.ArtworkList) (model.Page[model.Artwork], error)
	Update(ctx context.Context, actor model.Actor, id uuid.UUID, apply func(*model.Artwork) error) (model.Artwork, error)
	Delete(ctx context.Context, actor model.Actor, id uuid.UUID) error
}

type artworkIDInput struct {
	ID string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Artwork id"`
}

// artworkListInput are the query parameters of the artwork list: a page, an
// order and the filters.
type artworkListInput struct {
	Paging
	Sort     string        `query:"sort" enum:"created_at,-created_at,updated_at,-updated_at,artist_id,-artist_id" default:"created_at" doc:"The key to sort by, descending after a minus sign; ties are ordered by id"`
	ArtistID param[string] `query:"artist_id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Only artworks whose artist_id is this value"`
	NoteID   param[string] `query:"note_id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Only artworks whose note_id is this value"`
}

// query returns the list the query parameters ask for.
func (in *artworkListInput) query() model.ArtworkList {
	key, desc := sortParam(in.Sort)
	q := model.ArtworkList{
		Sort:   model.ArtworkSort{Key: model.ArtworkSortKey(key), Desc: desc},
		Cursor: in.Cursor,
		Limit:  in.Limit,
		Count:  in.Count,
	}
	if in.ArtistID.Set {
		q.Filter.ArtistID = append(q.Filter.ArtistID, model.Cond[uuid.UUID]{Op: model.OpEq, Value: paramID(in.ArtistID.Value)})
	}
	if in.NoteID.Set {
		q.Filter.NoteID = append(q.Filter.NoteID, model.Cond[uuid.UUID]{Op: model.OpEq, Value: paramID(in.NoteID.Value)})
	}
	return q
}

type artworkCreateInput struct {
	Body schema.ArtworkCreate
}

type artworkUpdateInput struct {
	ID   string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Artwork id"`
	Body schema.ArtworkUpdate
}

type artworkOutput struct {
	Body schema.ArtworkResponse
}

type artworkPageOutput struct {
	Body schema.ArtworkPage
}

type artworks struct {
	svc ArtworkService
}

func registerArtworks(api huma.API, svc ArtworkService) {
	h := artworks{svc: svc}
	tags := []string{"artworks"}
	register(api, huma.Operation{
		OperationID:   "create-artwork",
		Method:        http.MethodPost,
		Path:          "/artworks",
		Summary:       "Create an artwork",
		Tags:          tags,
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusConflict},
	}, h.create)
	register(api, huma.Operation{
		OperationID: "list-artworks",
		Method:      http.MethodGet,
		Path:        "/artworks",
		Summary:     "List your artworks, a page at a time",
		Tags:        tags,
	}, h.list)
	register(api, huma.Operation{
		OperationID: "get-artwork",
		Method:      http.MethodGet,
		Path:        "/artworks/{id}",
		Summary:     "Get an artwork",
		Tags:        tags,
	}, h.get)
	register(api, huma.Operation{
		OperationID: "update-artwork",
		Method:      http.MethodPatch,
		Path:        "/artworks/{id}",
		Summary:     "Change some fields of an artwork",
		Tags:        tags,
		Errors:      []int{http.StatusConflict},
	}, h.update)
	register(api, huma.Operation{
		OperationID:   "delete-artwork",
		Method:        http.MethodDelete,
		Path:          "/artworks/{id}",
		Summary:       "Delete an artwork",
		Tags:          tags,
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusConflict},
	}, h.delete)
}

func (h artworks) create(ctx context.Context, in *artworkCreateInput) (*artworkOutput, error) {
	item, err := h.svc.Create(ctx, currentActor(ctx), in.Body.Model())
	if err != nil {
		return nil, err
	}
	return &artworkOutput{Body: schema.NewArtworkResponse(item)}, nil
}

func (h artworks) list(ctx context.Context, in *artworkListInput) (*artworkPageOutput, error) {
	page, err := h.svc.List(ctx, currentActor(ctx), in.query())
	if err != nil {
		return nil, err
	}
	return &artworkPageOutput{Body: schema.NewArtworkPage(page)}, nil
}

func (h artworks) get(ctx context.Context, in *artworkIDInput) (*artworkOutput, error) {
	id, err := parseID(in.ID, "artwork")
	if err != nil {
		return nil, err
	}
	item, err := h.svc.Get(ctx, currentActor(ctx), id)
	if err != nil {
		return nil, err
	}
	return &artworkOutput{Body: schema.NewArtworkResponse(item)}, nil
}

func (h artworks) update(ctx context.Context, in *artworkUpdateInput) (*artworkOutput, error) {
	id, err := parseID(in.ID, "artwork")
	if err != nil {
		return nil, err
	}
	item, err := h.svc.Update(ctx, currentActor(ctx), id, in.Body.Apply)
	if err != nil {
		return nil, err
	}
	return &artworkOutput{Body: schema.NewArtworkResponse(item)}, nil
}

func (h artworks) delete(ctx context.Context, in *artworkIDInput) (*struct{}, error) {
	id, err := parseID(in.ID, "artwork")
	if err != nil {
		return nil, err
	}
	return nil, h.svc.Delete(ctx, currentActor(ctx), id)
}
