package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Note is a note known to the service.
type Note struct {
	ID uuid.UUID
	// OwnerID is the id of the user the note belongs to.
	OwnerID uuid.UUID
	Title   string
	Body    *string
	Due     *time.Time // a calendar date: midnight UTC
	Done    bool

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the note against the rules of its fields. It returns
// FieldErrors naming every field that breaks one, or nil.
func (n Note) Validate() error {
	errs := FieldErrors{}
	errs.add("title", checkRequiredString(n.Title, 255))
	if n.Body != nil {
		errs.add("body", checkText(*n.Body))
	}
	return errs.err()
}

// NoteSortKey is a key lists of notes sort by: the JSON name of a
// field.
type NoteSortKey string

// The keys lists of notes sort by: created_at, updated_at and every
// required field that is unique or indexed.
const (
	NoteByCreatedAt NoteSortKey = "created_at"
	NoteByUpdatedAt NoteSortKey = "updated_at"
	NoteByTitle     NoteSortKey = "title"
)

// NoteSort is the order of a list of notes: by Key, descending when
// Desc; notes with equal keys are ordered by id, in the same
// direction. The zero NoteSort is the default order: oldest first.
type NoteSort struct {
	Key  NoteSortKey
	Desc bool
}

// By returns the key of the sort: created_at when Key is empty.
func (s NoteSort) By() NoteSortKey {
	if s.Key == "" {
		return NoteByCreatedAt
	}
	return s.Key
}

// NoteFilter selects notes by their fields: a note matches when it
// meets every condition. The zero NoteFilter selects every note.
type NoteFilter struct {
	Title []Cond[string]
	Done  []Cond[bool]
}

// Match reports whether item meets every condition of f.
func (f NoteFilter) Match(item Note) bool {
	return matchAll(f.Title, item.Title, strings.Compare) &&
		matchAll(f.Done, item.Done, compareBool)
}

// text is the filter in text, which binds cursors to it.
func (f NoteFilter) text() string {
	var b strings.Builder
	condsText(&b, "title", f.Title, func(v string) string { return v })
	condsText(&b, "done", f.Done, strconv.FormatBool)
	return b.String()
}

// NoteList asks for a page of a list of notes.
type NoteList struct {
	Sort   NoteSort
	Filter NoteFilter
	// Cursor is the Next of the previous page, "" for the first page.
	Cursor string
	// Limit is the most notes the page holds: 1 to MaxLimit.
	Limit int
	// Count asks for the number of notes in the whole list.
	Count bool
}

// text is the sort and the filter of the list in text.
func (q NoteList) text() string {
	return string(q.Sort.By()) + "," + strconv.FormatBool(q.Sort.Desc) + q.Filter.text()
}

// Validate checks the query: a known sort key, a page size within bounds
// and a cursor that this list issued. It returns FieldErrors naming each
// parameter at fault, or nil.
func (q NoteList) Validate() error {
	errs := FieldErrors{}
	if _, err := q.Sort.keyText(Note{}); err != nil {
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

// After returns the note the page starts after, holding only the sort key
// and the id of the last note of the previous page, or nil for the first
// page. A cursor this list did not issue is FieldErrors naming it.
func (q NoteList) After() (*Note, error) {
	after, problem := q.after()
	if problem != "" {
		return nil, FieldErrors{"cursor": problem}
	}
	return after, nil
}

func (q NoteList) after() (*Note, string) {
	if q.Cursor == "" {
		return nil, ""
	}
	key, id, problem := decodeCursor(q.Cursor, q.text())
	if problem != "" {
		return nil, problem
	}
	after := Note{ID: id}
	var err error
	switch q.Sort.By() {
	case NoteByCreatedAt:
		after.CreatedAt, err = time.Parse(time.RFC3339Nano, key)
	case NoteByUpdatedAt:
		after.UpdatedAt, err = time.Parse(time.RFC3339Nano, key)
	case NoteByTitle:
		after.Title, err = key, nil
	default:
		return nil, "was issued for another sort"
	}
	if err != nil {
		return nil, "is not a cursor of this list"
	}
	return &after, ""
}

// keyText returns the sort key of item in text, or an error when
// notes do not sort by s's key.
func (s NoteSort) keyText(item Note) (string, error) {
	switch s.By() {
	case NoteByCreatedAt:
		return item.CreatedAt.UTC().Format(time.RFC3339Nano), nil
	case NoteByUpdatedAt:
		return item.UpdatedAt.UTC().Format(time.RFC3339Nano), nil
	case NoteByTitle:
		return item.Title, nil
	}
	return "", fmt.Errorf("must be one of the keys notes sort by, not %q", s.Key)
}

// compareKeys orders a and b by the sort key alone, ascending.
func (s NoteSort) compareKeys(a, b Note) int {
	switch s.By() {
	case NoteByCreatedAt:
		return a.CreatedAt.Compare(b.CreatedAt)
	case NoteByUpdatedAt:
		return a.UpdatedAt.Compare(b.UpdatedAt)
	case NoteByTitle:
		return strings.Compare(a.Title, b.Title)
	}
	return 0
}

// Next returns the cursor of the page after the one that ends with last.
func (q NoteList) Next(last Note) string {
	key, err := q.Sort.keyText(last)
	if err != nil {
		return "" // the query was not valid: there is no next page
	}
	return encodeCursor(q.text(), key, last.ID)
}

// Compare orders a and b as the list does: by the sort key, then by id,
// both reversed when the sort is descending.
func (q NoteList) Compare(a, b Note) int {
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
func (q NoteList) Page(items []Note) (Page[Note], error) {
	if err := q.Validate(); err != nil {
		return Page[Note]{}, err
	}
	after, err := q.After()
	if err != nil {
		return Page[Note]{}, err
	}
	var rows []Note
	for _, item := range items {
		if q.Filter.Match(item) {
			rows = append(rows, item)
		}
	}
	slices.SortFunc(rows, q.Compare)
	var page Page[Note]
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
