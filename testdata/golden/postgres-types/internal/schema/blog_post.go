package schema

import (
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/model"
)

// BlogPostCreate is the body of a request that creates a blog post.
type BlogPostCreate struct {
	Title        string             `json:"title" minLength:"1" maxLength:"120" doc:"Title"`
	Body         string             `json:"body" doc:"Body"`
	PublishedOn  *Date              `json:"published_on,omitempty" nullable:"true" doc:"Published on (YYYY-MM-DD)"`
	Views        *int64             `json:"views,omitempty" nullable:"true" doc:"Views"`
	Score        float64            `json:"score" doc:"Score"`
	Visible      *bool              `json:"visible,omitempty" nullable:"true" doc:"Visible"`
	Tag          *model.BlogPostTag `json:"tag,omitempty" nullable:"true" enum:"news,howto,opinion" doc:"Tag"`
	EditorEmail  string             `json:"editor_email" format:"email" maxLength:"254" doc:"Editor email (an email address); unique"`
	ExternalID   uuid.UUID          `json:"external_id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"External ID; unique"`
	UpdatedByURL *string            `json:"updated_by_url,omitempty" nullable:"true" maxLength:"255" doc:"Updated by URL"`
	ArchivedAt   *time.Time         `json:"archived_at,omitempty" nullable:"true" doc:"Archived at (RFC 3339)"`
}

// Model converts the request to a new entity without id or timestamps.
func (c BlogPostCreate) Model() model.BlogPost {
	return model.BlogPost{
		Title:        c.Title,
		Body:         c.Body,
		PublishedOn:  c.PublishedOn.timePtr(),
		Views:        c.Views,
		Score:        c.Score,
		Visible:      c.Visible,
		Tag:          c.Tag,
		EditorEmail:  c.EditorEmail,
		ExternalID:   c.ExternalID,
		UpdatedByURL: c.UpdatedByURL,
		ArchivedAt:   utcPtr(c.ArchivedAt),
	}
}

// BlogPostUpdate is the body of a request that changes some fields of
// a blog post. Absent fields stay as they are; null clears an optional field.
type BlogPostUpdate struct {
	Title        Optional[string]            `json:"title,omitzero" minLength:"1" maxLength:"120" doc:"Title"`
	Body         Optional[string]            `json:"body,omitzero" doc:"Body"`
	PublishedOn  Optional[Date]              `json:"published_on,omitzero" nullable:"true" doc:"Published on (YYYY-MM-DD)"`
	Views        Optional[int64]             `json:"views,omitzero" nullable:"true" doc:"Views"`
	Score        Optional[float64]           `json:"score,omitzero" doc:"Score"`
	Visible      Optional[bool]              `json:"visible,omitzero" nullable:"true" doc:"Visible"`
	Tag          Optional[model.BlogPostTag] `json:"tag,omitzero" nullable:"true" enum:"news,howto,opinion" doc:"Tag"`
	EditorEmail  Optional[string]            `json:"editor_email,omitzero" format:"email" maxLength:"254" doc:"Editor email (an email address); unique"`
	ExternalID   Optional[uuid.UUID]         `json:"external_id,omitzero" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"External ID; unique"`
	UpdatedByURL Optional[string]            `json:"updated_by_url,omitzero" nullable:"true" maxLength:"255" doc:"Updated by URL"`
	ArchivedAt   Optional[time.Time]         `json:"archived_at,omitzero" nullable:"true" doc:"Archived at (RFC 3339)"`
}

// Apply writes the fields present in the update into item. It fails with a
// validation error when a required field is null.
func (u BlogPostUpdate) Apply(item *model.BlogPost) error {
	problems := map[string]string{}
	setRequired(u.Title, "title", &item.Title, problems)
	setRequired(u.Body, "body", &item.Body, problems)
	setOptional(mapOptional(u.PublishedOn, Date.Time), &item.PublishedOn)
	setOptional(u.Views, &item.Views)
	setRequired(u.Score, "score", &item.Score, problems)
	setOptional(u.Visible, &item.Visible)
	setOptional(u.Tag, &item.Tag)
	setRequired(u.EditorEmail, "editor_email", &item.EditorEmail, problems)
	setRequired(u.ExternalID, "external_id", &item.ExternalID, problems)
	setOptional(u.UpdatedByURL, &item.UpdatedByURL)
	setOptional(mapOptional(u.ArchivedAt, time.Time.UTC), &item.ArchivedAt)
	return invalid(problems)
}

// BlogPostResponse is a blog post as the API returns it.
type BlogPostResponse struct {
	ID           string             `json:"id" doc:"Opaque identifier"`
	Title        string             `json:"title" doc:"Title"`
	Body         string             `json:"body" doc:"Body"`
	PublishedOn  *Date              `json:"published_on" nullable:"true" doc:"Published on (YYYY-MM-DD)"`
	Views        *int64             `json:"views" nullable:"true" doc:"Views"`
	Score        float64            `json:"score" doc:"Score"`
	Visible      *bool              `json:"visible" nullable:"true" doc:"Visible"`
	Tag          *model.BlogPostTag `json:"tag" nullable:"true" enum:"news,howto,opinion" doc:"Tag"`
	EditorEmail  string             `json:"editor_email" format:"email" doc:"Editor email (an email address); unique"`
	ExternalID   uuid.UUID          `json:"external_id" format:"uuid" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" patternDescription:"a uuid in RFC 4122 text form" doc:"External ID; unique"`
	UpdatedByURL *string            `json:"updated_by_url" nullable:"true" doc:"Updated by URL"`
	ArchivedAt   *time.Time         `json:"archived_at" nullable:"true" doc:"Archived at (RFC 3339)"`
	CreatedAt    time.Time          `json:"created_at" doc:"When the blog post was created"`
	UpdatedAt    time.Time          `json:"updated_at" doc:"When the blog post was last changed"`
}

// NewBlogPostResponse converts an entity to its response.
func NewBlogPostResponse(item model.BlogPost) BlogPostResponse {
	return BlogPostResponse{
		ID:           item.ID.String(),
		Title:        item.Title,
		Body:         item.Body,
		PublishedOn:  datePtr(item.PublishedOn),
		Views:        item.Views,
		Score:        item.Score,
		Visible:      item.Visible,
		Tag:          item.Tag,
		EditorEmail:  item.EditorEmail,
		ExternalID:   item.ExternalID,
		UpdatedByURL: item.UpdatedByURL,
		ArchivedAt:   utcPtr(item.ArchivedAt),
		CreatedAt:    item.CreatedAt.UTC(),
		UpdatedAt:    item.UpdatedAt.UTC(),
	}
}

// BlogPostPage is one page of blog posts.
type BlogPostPage = Page[BlogPostResponse]

// NewBlogPostPage converts a page of entities to its response.
func NewBlogPostPage(page model.Page[model.BlogPost]) BlogPostPage {
	return NewPage(page, NewBlogPostResponse)
}
