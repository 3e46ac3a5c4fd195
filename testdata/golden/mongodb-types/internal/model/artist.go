package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Artist is an artist known to the service.
type Artist struct {
	ID     uuid.UUID
	Name   string
	Bio    *string
	Born   *time.Time // a calendar date: midnight UTC
	Rating *float64
	Active bool

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the artist against the rules of its fields. It returns
// FieldErrors naming every field that breaks one, or nil.
func (a Artist) Validate() error {
	errs := FieldErrors{}
	errs.add("name", checkRequiredString(a.Name, 255))
	if a.Bio != nil {
		errs.add("bio", checkText(*a.Bio))
	}
	return errs.err()
}

// ArtistSortKey is a key lists of artists sort by: the JSON name of a
// field.
type ArtistSortKey string

// The keys lists of artists sort by: created_at, updated_at and every
// required field that is unique or indexed.
const (
	ArtistByCreatedAt ArtistSortKey = "created_at"
	ArtistByUpdatedAt ArtistSortKey = "updated_at"
	ArtistByName      ArtistSortKey = "name"
)

// ArtistSort is the order of a list of artists: by Key, descending when
// Desc; artists with equal keys are ordered by id, in the same
// direction. The zero ArtistSort is the default order: oldest first.
type ArtistSort struct {
	Key  ArtistSortKey
	Desc bool
}

// By returns the key of the sort: created_at when Key is empty.
func (s ArtistSort) By() ArtistSortKey {
	if s.Key == "" {
		return ArtistByCreatedAt
	}
	return s.Key
}

// ArtistFilter selects artists by their fields: an artist matches when it
// meets every condition. The zero ArtistFilter selects every artist.
type ArtistFilter struct {
	Name   []Cond[string]
	Active []Cond[bool]
}

// Match reports whether item meets every condition of f.
func (f ArtistFilter) Match(item Artist) bool {
	return matchAll(f.Name, item.Name, strings.Compare) &&
		matchAll(f.Active, item.Active, compareBool)
}

// text is the filter in text, which binds cursors to it.
func (f ArtistFilter) text() string {
	var b strings.Builder
	condsText(&b, "name", f.Name, func(v string) string { return v })
	condsText(&b, "active", f.Active, strconv.FormatBool)
	return b.String()
}

// ArtistList asks for a page of a list of artists.
type ArtistList struct {
	Sort   ArtistSort
	Filter ArtistFilter
	// Cursor is the Next of the previous page, "" for the first page.
	Cursor string
	// Limit is the most artists the page holds: 1 to MaxLimit.
	Limit int
	// Count asks for the number of artists in the whole list.
	Count bool
}

// text is the sort and the filter of the list in text.
func (q ArtistList) text() string {
	return string(q.Sort.By()) + "," + strconv.FormatBool(q.Sort.Desc) + q.Filter.text()
}

// Validate checks the query: a known sort key, a page size within bounds
// and a cursor that this list issued. It returns FieldErrors naming each
// parameter at fault, or nil.
func (q ArtistList) Validate() error {
	errs := FieldErrors{}
	if _, err := q.Sort.keyText(Artist{}); err != nil {
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

// After returns the artist the page starts after, holding only the sort key
// and the id of the last artist of the previous page, or nil for the first
// page. A cursor this list did not issue is FieldErrors naming it.
func (q ArtistList) After() (*Artist, error) {
	after, problem := q.after()
	if problem != "" {
		return nil, FieldErrors{"cursor": problem}
	}
	return after, nil
}

func (q ArtistList) after() (*Artist, string) {
	if q.Cursor == "" {
		return nil, ""
	}
	key, id, problem := decodeCursor(q.Cursor, q.text())
	if problem != "" {
		return nil, problem
	}
	after := Artist{ID: id}
	var err error
	switch q.Sort.By() {
	case ArtistByCreatedAt:
		after.CreatedAt, err = time.Parse(time.RFC3339Nano, key)
	case ArtistByUpdatedAt:
		after.UpdatedAt, err = time.Parse(time.RFC3339Nano, key)
	case ArtistByName:
		after.Name, err = key, nil
	default:
		return nil, "was issued for another sort"
	}
	if err != nil {
		return nil, "is not a cursor of this list"
	}
	return &after, ""
}

// keyText returns the sort key of item in text, or an error when
// artists do not sort by s's key.
func (s ArtistSort) keyText(item Artist) (string, error) {
	switch s.By() {
	case ArtistByCreatedAt:
		return item.CreatedAt.UTC().Format(time.RFC3339Nano), nil
	case ArtistByUpdatedAt:
		return item.UpdatedAt.UTC().Format(time.RFC3339Nano), nil
	case ArtistByName:
		return item.Name, nil
	}
	return "", fmt.Errorf("must be one of the keys artists sort by, not %q", s.Key)
}

// compareKeys orders a and b by the sort key alone, ascending.
func (s ArtistSort) compareKeys(a, b Artist) int {
	switch s.By() {
	case ArtistByCreatedAt:
		return a.CreatedAt.Compare(b.CreatedAt)
	case ArtistByUpdatedAt:
		return a.UpdatedAt.Compare(b.UpdatedAt)
	case ArtistByName:
		return strings.Compare(a.Name, b.Name)
	}
	return 0
}

// Next returns the cursor of the page after the one that ends with last.
func (q ArtistList) Next(last Artist) string {
	key, err := q.Sort.keyText(last)
	if err != nil {
		return "" // the query was not valid: there is no next page
	}
	return encodeCursor(q.text(), key, last.ID)
}

// Compare orders a and b as the list does: by the sort key, then by id,
// both reversed when the sort is descending.
func (q ArtistList) Compare(a, b Artist) int {
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
func (q ArtistList) Page(items []Artist) (Page[Artist], error) {
	if err := q.Validate(); err != nil {
		return Page[Artist]{}, err
	}
	after, err := q.After()
	if err != nil {
		return Page[Artist]{}, err
	}
	var rows []Artist
	for _, item := range items {
		if q.Filter.Match(item) {
			rows = append(rows, item)
		}
	}
	slices.SortFunc(rows, q.Compare)
	var page Page[Artist]
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
