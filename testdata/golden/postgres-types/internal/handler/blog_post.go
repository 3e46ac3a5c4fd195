package handler

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"example.com/demo/internal/model"
	"example.com/demo/internal/schema"
)

// BlogPostService is what the blog post routes need from the business layer.
type BlogPostService interface {
	Create(ctx context.Context, item model.BlogPost) (model.BlogPost, error)
	Get(ctx context.Context, id uuid.UUID) (model.BlogPost, error)
	List(ctx context.Context, q model.BlogPostList) (model.Page[model.BlogPost], error)
	Update(ctx context.Context, id uuid.UUID, apply func(*model.BlogPost) error) (model.BlogPost, error)
	Delete(ctx context.Context, id uuid.UUID) error
}

type blogPostIDInput struct {
	ID string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Blog post id"`
}

// blogPostListInput are the query parameters of the blog post list: a page, an
// order and the filters.
type blogPostListInput struct {
	Paging
	Sort        string                   `query:"sort" enum:"created_at,-created_at,updated_at,-updated_at,title,-title,editor_email,-editor_email,external_id,-external_id" default:"created_at" doc:"The key to sort by, descending after a minus sign; ties are ordered by id"`
	Title       param[string]            `query:"title" doc:"Only blog posts whose title is this value"`
	Visible     param[bool]              `query:"visible" doc:"Only blog posts whose visible is this value"`
	Tag         param[model.BlogPostTag] `query:"tag" enum:"news,howto,opinion" doc:"Only blog posts whose tag is this value"`
	EditorEmail param[string]            `query:"editor_email" format:"email" doc:"Only blog posts whose editor_email is this value"`
	ExternalID  param[string]            `query:"external_id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Only blog posts whose external_id is this value"`
}

// query returns the list the query parameters ask for.
func (in *blogPostListInput) query() model.BlogPostList {
	key, desc := sortParam(in.Sort)
	q := model.BlogPostList{
		Sort:   model.BlogPostSort{Key: model.BlogPostSortKey(key), Desc: desc},
		Cursor: in.Cursor,
		Limit:  in.Limit,
		Count:  in.Count,
	}
	if in.Title.Set {
		q.Filter.Title = append(q.Filter.Title, model.Cond[string]{Op: model.OpEq, Value: in.Title.Value})
	}
	if in.Visible.Set {
		q.Filter.Visible = append(q.Filter.Visible, model.Cond[bool]{Op: model.OpEq, Value: in.Visible.Value})
	}
	if in.Tag.Set {
		q.Filter.Tag = append(q.Filter.Tag, model.Cond[model.BlogPostTag]{Op: model.OpEq, Value: in.Tag.Value})
	}
	if in.EditorEmail.Set {
		q.Filter.EditorEmail = append(q.Filter.EditorEmail, model.Cond[string]{Op: model.OpEq, Value: in.EditorEmail.Value})
	}
	if in.ExternalID.Set {
		q.Filter.ExternalID = append(q.Filter.ExternalID, model.Cond[uuid.UUID]{Op: model.OpEq, Value: paramID(in.ExternalID.Value)})
	}
	return q
}

type blogPostCreateInput struct {
	Body schema.BlogPostCreate
}

type blogPostUpdateInput struct {
	ID   string `path:"id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"Blog post id"`
	Body schema.BlogPostUpdate
}

type blogPostOutput struct {
	Body schema.BlogPostResponse
}

type blogPostPageOutput struct {
	Body schema.BlogPostPage
}

type blogPosts struct {
	svc BlogPostService
}

func registerBlogPosts(api huma.API, svc BlogPostService) {
	h := blogPosts{svc: svc}
	tags := []string{"blog posts"}
	register(api, huma.Operation{
		OperationID:   "create-blog-post",
		Method:        http.MethodPost,
		Path:          "/blog-posts",
		Summary:       "Create a blog post",
		Tags:          tags,
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusConflict},
	}, h.create)
	register(api, huma.Operation{
		OperationID: "list-blog-posts",
		Method:      http.MethodGet,
		Path:        "/blog-posts",
		Summary:     "List blog posts, a page at a time",
		Tags:        tags,
	}, h.list)
	register(api, huma.Operation{
		OperationID: "get-blog-post",
		Method:      http.MethodGet,
		Path:        "/blog-posts/{id}",
		Summary:     "Get a blog post",
		Tags:        tags,
	}, h.get)
	register(api, huma.Operation{
		OperationID: "update-blog-post",
		Method:      http.MethodPatch,
		Path:        "/blog-posts/{id}",
		Summary:     "Change some fields of a blog post",
		Tags:        tags,
		Errors:      []int{http.StatusConflict},
	}, h.update)
	register(api, huma.Operation{
		OperationID:   "delete-blog-post",
		Method:        http.MethodDelete,
		Path:          "/blog-posts/{id}",
		Summary:       "Delete a blog post",
		Tags:          tags,
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusConflict},
	}, h.delete)
}

func (h blogPosts) create(ctx context.Context, in *blogPostCreateInput) (*blogPostOutput, error) {
	item, err := h.svc.Create(ctx, in.Body.Model())
	if err != nil {
		return nil, err
	}
	return &blogPostOutput{Body: schema.NewBlogPostResponse(item)}, nil
}

func (h blogPosts) list(ctx context.Context, in *blogPostListInput) (*blogPostPageOutput, error) {
	page, err := h.svc.List(ctx, in.query())
	if err != nil {
		return nil, err
	}
	return &blogPostPageOutput{Body: schema.NewBlogPostPage(page)}, nil
}

func (h blogPosts) get(ctx context.Context, in *blogPostIDInput) (*blogPostOutput, error) {
	id, err := parseID(in.ID, "blog post")
	if err != nil {
		return nil, err
	}
	item, err := h.svc.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return &blogPostOutput{Body: schema.NewBlogPostResponse(item)}, nil
}

func (h blogPosts) update(ctx context.Context, in *blogPostUpdateInput) (*blogPostOutput, error) {
	id, err := parseID(in.ID, "blog post")
	if err != nil {
		return nil, err
	}
	item, err := h.svc.Update(ctx, id, in.Body.Apply)
	if err != nil {
		return nil, err
	}
	return &blogPostOutput{Body: schema.NewBlogPostResponse(item)}, nil
}

func (h blogPosts) delete(ctx context.Context, in *blogPostIDInput) (*struct{}, error) {
	id, err := parseID(in.ID, "blog post")
	if err != nil {
		return nil, err
	}
	return nil, h.svc.Delete(ctx, id)
}
