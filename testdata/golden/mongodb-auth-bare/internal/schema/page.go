package schema

// Page is one page of a list, in a stable order.
type Page[T any] struct {
	Items []T `json:"items" nullable:"false" doc:"The items on this page"`
	Total int `json:"total" doc:"Number of items in the whole list"`
	Skip  int `json:"skip" doc:"Number of items skipped before this page"`
	Limit int `json:"limit" doc:"Maximum number of items on a page"`
}

// NewPage converts a page of entities with convert.
func NewPage[M, T any](items []M, total, skip, limit int, convert func(M) T) Page[T] {
	out := make([]T, len(items))
	for i, m := range items {
		out[i] = convert(m)
	}
	return Page[T]{Items: out, Total: total, Skip: skip, Limit: limit}
}
