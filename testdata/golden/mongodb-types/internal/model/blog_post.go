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
