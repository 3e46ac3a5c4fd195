package model

import (
	"time"

	"github.com/google/uuid"
)

// BlogPostTag is the tag of a blog post.
type BlogPostTag string

// The values of BlogPostTag.
const (
	BlogPostTagNews    BlogPostTag = "news"
	BlogPostTagHowto   BlogPostTag = "howto"
	BlogPostTagOpinion BlogPostTag = "opinion"
)

// BlogPost is a blog post known to the service.
type BlogPost struct {
	ID           uuid.UUID
	Title        string
	Body         string
	PublishedOn  *time.Time // a calendar date: midnight UTC
	Views        *int64
	Score        float64
	Visible      *bool
	Tag          *BlogPostTag
	EditorEmail  string
	ExternalID   uuid.UUID
	UpdatedByURL *string
	ArchivedAt   *time.Time

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the blog post against the rules of its fields. It returns
// FieldErrors naming every field that breaks one, or nil.
func (b BlogPost) Validate() error {
	errs := FieldErrors{}
	errs.add("title", checkRequiredString(b.Title, 120))
	errs.add("body", checkText(b.Body))
	if b.Tag != nil {
		errs.add("tag", checkEnum(*b.Tag, BlogPostTagNews, BlogPostTagHowto, BlogPostTagOpinion))
	}
	errs.add("editor_email", checkEmail(b.EditorEmail))
	if b.UpdatedByURL != nil {
		errs.add("updated_by_url", checkString(*b.UpdatedByURL, 255))
	}
	return errs.err()
}
