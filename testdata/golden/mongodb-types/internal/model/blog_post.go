package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
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

// BlogPostSortKey is a key lists of blog posts sort by: the JSON name of a
// field.
type BlogPostSortKey string

// The keys lists of blog posts sort by: created_at, updated_at and every
// required field that is unique or indexed.
const (
	BlogPostByCreatedAt   BlogPostSortKey = "created_at"
	BlogPostByUpdatedAt   BlogPostSortKey = "updated_at"
	BlogPostByTitle       BlogPostSortKey = "title"
	BlogPostByEditorEmail BlogPostSortKey = "editor_email"
	BlogPostByExternalID  BlogPostSortKey = "external_id"
)

// BlogPostSort is the order of a list of blog posts: by Key, descending when
// Desc; blog posts with equal keys are ordered by id, in the same
// direction. The zero BlogPostSort is the default order: oldest first.
type BlogPostSort struct {
	Key  BlogPostSortKey
	Desc bool
}

// By returns the key of the sort: created_at when Key is empty.
func (s BlogPostSort) By() BlogPostSortKey {
	if s.Key == "" {
		return BlogPostByCreatedAt
	}
	return s.Key
}

// BlogPostFilter selects blog posts by their fields: a blog post matches when it
// meets every condition. The zero BlogPostFilter selects every blog post.
type BlogPostFilter struct {
	Title       []Cond[string]
	Visible     []Cond[bool]
	Tag         []Cond[BlogPostTag]
	EditorEmail []Cond[string]
	ExternalID  []Cond[uuid.UUID]
}

// Match reports whether item meets every condition of f.
func (f BlogPostFilter) Match(item BlogPost) bool {
	return matchAll(f.Title, item.Title, strings.Compare) &&
		matchOptional(f.Visible, item.Visible, compareBool) &&
		matchOptional(f.Tag, item.Tag, func(a, b BlogPostTag) int { return strings.Compare(string(a), string(b)) }) &&
		matchAll(f.EditorEmail, item.EditorEmail, strings.Compare) &&
		matchAll(f.ExternalID, item.ExternalID, compareUUID)
}

// text is the filter in text, which binds cursors to it.
func (f BlogPostFilter) text() string {
	var b strings.Builder
	condsText(&b, "title", f.Title, func(v string) string { return v })
	condsText(&b, "visible", f.Visible, strconv.FormatBool)
	condsText(&b, "tag", f.Tag, func(v BlogPostTag) string { return string(v) })
	condsText(&b, "editor_email", f.EditorEmail, func(v string) string { return v })
	condsText(&b, "external_id", f.ExternalID, func(v uuid.UUID) string { return v.String() })
	return b.String()
}

// BlogPostList asks for a page of a list of blog posts.
type BlogPostList struct {
	Sort   BlogPostSort
	Filter BlogPostFilter
	// Cursor is the Next of the previous page, "" for the first page.
	Cursor string
	// Limit is the most blog posts the page holds: 1 to MaxLimit.
	Limit int
	// Count asks for the number of blog posts in the whole list.
	Count bool
}

// text is the sort and the filter of the list in text.
func (q BlogPostList) text() string {
	return string(q.Sort.By()) + "," + strconv.FormatBool(q.Sort.Desc) + q.Filter.text()
}

// Validate checks the query: a known sort key, a page size within bounds
// and a cursor that this list issued. It returns FieldErrors naming each
// parameter at fault, or nil.
func (q BlogPostList) Validate() error {
	errs := FieldErrors{}
	if _, err := q.Sort.keyText(BlogPost{}); err != nil {
		errs["sort"] = err.Error()
	} else if _, problem := q.after(); problem != "" {
		errs["cursor"] = problem
	}
	if problem := checkLimit(q.Limit); problem != "" {
		errs["limit"] = problem
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// After returns the blog post the page starts after, holding only the sort key
// and the id of the last blog post of the previous page, or nil for the first
// page. A cursor this list did not issue is FieldErrors naming it.
func (q BlogPostList) After() (*BlogPost, error) {
	after, problem := q.after()
	if problem != "" {
		return nil, FieldErrors{"cursor": problem}
	}
	return after, nil
}

func (q BlogPostList) after() (*BlogPost, string) {
	if q.Cursor == "" {
		return nil, ""
	}
	key, id, problem := decodeCursor(q.Cursor, q.text())
	if problem != "" {
		return nil, problem
	}
	after := BlogPost{ID: id}
	var err error
	switch q.Sort.By() {
	case BlogPostByCreatedAt:
		after.CreatedAt, err = time.Parse(time.RFC3339Nano, key)
	case BlogPostByUpdatedAt:
		after.UpdatedAt, err = time.Parse(time.RFC3339Nano, key)
	case BlogPostByTitle:
		after.Title, err = key, nil
	case BlogPostByEditorEmail:
		after.EditorEmail, err = key, nil
	case BlogPostByExternalID:
		after.ExternalID, err = uuid.Parse(key)
	default:
		return nil, "was issued for another sort"
	}
	if err != nil {
		return nil, "is not a cursor of this list"
	}
	return &after, ""
}

// keyText returns the sort key of item in text, or an error when
// blog posts do not sort by s's key.
func (s BlogPostSort) keyText(item BlogPost) (string, error) {
	switch s.By() {
	case BlogPostByCreatedAt:
		return item.CreatedAt.UTC().Format(time.RFC3339Nano), nil
	case BlogPostByUpdatedAt:
		return item.UpdatedAt.UTC().Format(time.RFC3339Nano), nil
	case BlogPostByTitle:
		return item.Title, nil
	case BlogPostByEditorEmail:
		return item.EditorEmail, nil
	case BlogPostByExternalID:
		return item.ExternalID.String(), nil
	}
	return "", fmt.Errorf("must be one of the keys blog posts sort by, not %q", s.Key)
}

// compareKeys orders a and b by the sort key alone, ascending.
func (s BlogPostSort) compareKeys(a, b BlogPost) int {
	switch s.By() {
	case BlogPostByCreatedAt:
		return a.CreatedAt.Compare(b.CreatedAt)
	case BlogPostByUpdatedAt:
		return a.UpdatedAt.Compare(b.UpdatedAt)
	case BlogPostByTitle:
		return strings.Compare(a.Title, b.Title)
	case BlogPostByEditorEmail:
		return strings.Compare(a.EditorEmail, b.EditorEmail)
	case BlogPostByExternalID:
		return compareUUID(a.ExternalID, b.ExternalID)
	}
	return 0
}

// Next returns the cursor of the page after the one that ends with last.
func (q BlogPostList) Next(last BlogPost) string {
	key, err := q.Sort.keyText(last)
	if err != nil {
		return "" // the query was not valid: there is no next page
	}
	return encodeCursor(q.text(), key, last.ID)
}

// Compare orders a and b as the list does: by the sort key, then by id,
// both reversed when the sort is descending.
func (q BlogPostList) Compare(a, b BlogPost) int {
	c := q.Sort.compareKeys(a, b)
	if c == 0 {
		c = compareUUID(a.ID, b.ID)
	}
	if q.Sort.Desc {
		return -c
	}
	return c
}

// Page returns the page of items the query selects: those its filter
// matches, in its order, after its cursor, at most Limit of them. It is
// what every store's List returns, written plainly: in-memory stores use
// it, and the tests of the real stores compare with it.
func (q BlogPostList) Page(items []BlogPost) (Page[BlogPost], error) {
	if err := q.Validate(); err != nil {
		return Page[BlogPost]{}, err
	}
	after, err := q.After()
	if err != nil {
		return Page[BlogPost]{}, err
	}
	var rows []BlogPost
	for _, item := range items {
		if q.Filter.Match(item) {
			rows = append(rows, item)
		}
	}
	slices.SortFunc(rows, q.Compare)
	var page Page[BlogPost]
	if q.Count {
		n := len(rows)
		page.Total = &n
	}
	for after != nil && len(rows) > 0 && q.Compare(rows[0], *after) <= 0 {
		rows = rows[1:]
	}
	if len(rows) > q.Limit {
		rows = rows[:q.Limit]
		page.Next = q.Next(rows[q.Limit-1])
	}
	page.Items = rows
	return page, nil
}
