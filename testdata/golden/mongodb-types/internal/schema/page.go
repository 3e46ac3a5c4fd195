package schema

import "example.com/demo/internal/model"

// Page is one page of a list, in a stable order.
type Page[T any] struct {
	Items      []T     `json:"items" nullable:"false" doc:"The items on this page"`
	NextCursor *string `json:"next_cursor" nullable:"true" doc:"The cursor of the next page (pass it as cursor), or null on the last page"`
	Total      *int    `json:"total,omitempty" doc:"Number of items in the whole list; only when count=true was asked"`
}

// NewPage converts a page of entities with convert.
func NewPage[M, T any](page model.Page[M], convert func(M) T) Page[T] {
	out := Page[T]{Items: make([]T, len(page.Items)), Total: page.Total}
	for i, m := range page.Items {
		out.Items[i] = convert(m)
	}
	if page.Next != "" {
		out.NextCursor = &page.Next
	}
	return out
}
