package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Artwork is an artwork known to the service.
type Artwork struct {
	ID       uuid.UUID
	Title    string
	Year     *int64
	ArtistID uuid.UUID
	EventID  *uuid.UUID

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the artwork against the rules of its fields. It returns
// FieldErrors naming every field that breaks one, or nil.
func (a Artwork) Validate() error {
	errs := FieldErrors{}
	errs.add("title", checkRequiredString(a.Title, 255))
	return errs.err()
}

// ArtworkSortKey is a key lists of artworks sort by: the JSON name of a
// field.
type ArtworkSortKey string

// The keys lists of artworks sort by: created_at, updated_at and every
// required field that is unique or indexed.
const (
	ArtworkByCreatedAt ArtworkSortKey = "created_at"
	ArtworkByUpdatedAt ArtworkSortKey = "updated_at"
	ArtworkByArtistID  ArtworkSortKey = "artist_id"
)

// ArtworkSort is the order of a list of artworks: by Key, descending when
// Desc; artworks with equal keys are ordered by id, in the same
// direction. The zero ArtworkSort is the default order: oldest first.
type ArtworkSort struct {
	Key  ArtworkSortKey
	Desc bool
}

// By returns the key of the sort: created_at when Key is empty.
func (s ArtworkSort) By() ArtworkSortKey {
	if s.Key == "" {
		return ArtworkByCreatedAt
	}
	return s.Key
}

// ArtworkFilter selects artworks by their fields: an artwork matches when it
// meets every condition. The zero ArtworkFilter selects every artwork.
type ArtworkFilter struct {
	ArtistID []Cond[uuid.UUID]
	EventID  []Cond[uuid.UUID]
}

// Match reports whether item meets every condition of f.
func (f ArtworkFilter) Match(item Artwork) bool {
	return matchAll(f.ArtistID, item.ArtistID, compareUUID) &&
		matchOptional(f.EventID, item.EventID, compareUUID)
}

// text is the filter in text, which binds cursors to it.
func (f ArtworkFilter) text() string {
	var b strings.Builder
	condsText(&b, "artist_id", f.ArtistID, func(v uuid.UUID) string { return v.String() })
	condsText(&b, "event_id", f.EventID, func(v uuid.UUID) string { return v.String() })
	return b.String()
}

// ArtworkList asks for a page of a list of artworks.
type ArtworkList struct {
	Sort   ArtworkSort
	Filter ArtworkFilter
	// Cursor is the Next of the previous page, "" for the first page.
	Cursor string
	// Limit is the most artworks the page holds: 1 to MaxLimit.
	Limit int
	// Count asks for the number of artworks in the whole list.
	Count bool
}

// text is the sort and the filter of the list in text.
func (q ArtworkList) text() string {
	return string(q.Sort.By()) + "," + strconv.FormatBool(q.Sort.Desc) + q.Filter.text()
}

// Validate checks the query: a known sort key, a page size within bounds
// and a cursor that this list issued. It returns FieldErrors naming each
// parameter at fault, or nil.
func (q ArtworkList) Validate() error {
	errs := FieldErrors{}
	if _, err := q.Sort.keyText(Artwork{}); err != nil {
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

// After returns the artwork the page starts after, holding only the sort key
// and the id of the last artwork of the previous page, or nil for the first
// page. A cursor this list did not issue is FieldErrors naming it.
func (q ArtworkList) After() (*Artwork, error) {
	after, problem := q.after()
	if problem != "" {
		return nil, FieldErrors{"cursor": problem}
	}
	return after, nil
}

func (q ArtworkList) after() (*Artwork, string) {
	if q.Cursor == "" {
		return nil, ""
	}
	key, id, problem := decodeCursor(q.Cursor, q.text())
	if problem != "" {
		return nil, problem
	}
	after := Artwork{ID: id}
	var err error
	switch q.Sort.By() {
	case ArtworkByCreatedAt:
		after.CreatedAt, err = time.Parse(time.RFC3339Nano, key)
	case ArtworkByUpdatedAt:
		after.UpdatedAt, err = time.Parse(time.RFC3339Nano, key)
	case ArtworkByArtistID:
		after.ArtistID, err = uuid.Parse(key)
	default:
		return nil, "was issued for another sort"
	}
	if err != nil {
		return nil, "is not a cursor of this list"
	}
	return &after, ""
}

// keyText returns the sort key of item in text, or an error when
// artworks do not sort by s's key.
func (s ArtworkSort) keyText(item Artwork) (string, error) {
	switch s.By() {
	case ArtworkByCreatedAt:
		return item.CreatedAt.UTC().Format(time.RFC3339Nano), nil
	case ArtworkByUpdatedAt:
		return item.UpdatedAt.UTC().Format(time.RFC3339Nano), nil
	case ArtworkByArtistID:
		return item.ArtistID.String(), nil
	}
	return "", fmt.Errorf("must be one of the keys artworks sort by, not %q", s.Key)
}

// compareKeys orders a and b by the sort key alone, ascending.
func (s ArtworkSort) compareKeys(a, b Artwork) int {
	switch s.By() {
	case ArtworkByCreatedAt:
		return a.CreatedAt.Compare(b.CreatedAt)
	case ArtworkByUpdatedAt:
		return a.UpdatedAt.Compare(b.UpdatedAt)
	case ArtworkByArtistID:
		return compareUUID(a.ArtistID, b.ArtistID)
	}
	return 0
}

// Next returns the cursor of the page after the one that ends with last.
func (q ArtworkList) Next(last Artwork) string {
	key, err := q.Sort.keyText(last)
	if err != nil {
		return "" // the query was not valid: there is no next page
	}
	return encodeCursor(q.text(), key, last.ID)
}

// Compare orders a and b as the list does: by the sort key, then by id,
// both reversed when the sort is descending.
func (q ArtworkList) Compare(a, b Artwork) int {
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
func (q ArtworkList) Page(items []Artwork) (Page[Artwork], error) {
	if err := q.Validate(); err != nil {
		return Page[Artwork]{}, err
	}
	after, err := q.After()
	if err != nil {
		return Page[Artwork]{}, err
	}
	var rows []Artwork
	for _, item := range items {
		if q.Filter.Match(item) {
			rows = append(rows, item)
		}
	}
	slices.SortFunc(rows, q.Compare)
	var page Page[Artwork]
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
