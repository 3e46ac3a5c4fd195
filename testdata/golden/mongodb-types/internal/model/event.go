package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// EventKind is the kind of an event.
type EventKind string

// The values of EventKind.
const (
	EventKindConcert EventKind = "concert"
	EventKindTalk    EventKind = "talk"
)

// Event is an event known to the service.
type Event struct {
	ID       uuid.UUID
	Title    string
	Kind     EventKind
	StartsAt time.Time
	Contact  *string
	RefCode  *uuid.UUID
	Seats    int64

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the event against the rules of its fields. It returns
// FieldErrors naming every field that breaks one, or nil.
func (e Event) Validate() error {
	errs := FieldErrors{}
	errs.add("title", checkRequiredString(e.Title, 80))
	errs.add("kind", checkEnum(e.Kind, EventKindConcert, EventKindTalk))
	if e.Contact != nil {
		errs.add("contact", checkEmail(*e.Contact))
	}
	return errs.err()
}

// EventSortKey is a key lists of events sort by: the JSON name of a
// field.
type EventSortKey string

// The keys lists of events sort by: created_at, updated_at and every
// required field that is unique or indexed.
const (
	EventByCreatedAt EventSortKey = "created_at"
	EventByUpdatedAt EventSortKey = "updated_at"
	EventByStartsAt  EventSortKey = "starts_at"
)

// EventSort is the order of a list of events: by Key, descending when
// Desc; events with equal keys are ordered by id, in the same
// direction. The zero EventSort is the default order: oldest first.
type EventSort struct {
	Key  EventSortKey
	Desc bool
}

// By returns the key of the sort: created_at when Key is empty.
func (s EventSort) By() EventSortKey {
	if s.Key == "" {
		return EventByCreatedAt
	}
	return s.Key
}

// EventFilter selects events by their fields: an event matches when it
// meets every condition. The zero EventFilter selects every event.
type EventFilter struct {
	Kind     []Cond[EventKind]
	StartsAt []Cond[time.Time]
	Contact  []Cond[string]
}

// Match reports whether item meets every condition of f.
func (f EventFilter) Match(item Event) bool {
	return matchAll(f.Kind, item.Kind, func(a, b EventKind) int { return strings.Compare(string(a), string(b)) }) &&
		matchAll(f.StartsAt, item.StartsAt, func(a, b time.Time) int { return a.Compare(b) }) &&
		matchOptional(f.Contact, item.Contact, strings.Compare)
}

// text is the filter in text, which binds cursors to it.
func (f EventFilter) text() string {
	var b strings.Builder
	condsText(&b, "kind", f.Kind, func(v EventKind) string { return string(v) })
	condsText(&b, "starts_at", f.StartsAt, func(v time.Time) string { return v.UTC().Format(time.RFC3339Nano) })
	condsText(&b, "contact", f.Contact, func(v string) string { return v })
	return b.String()
}

// EventList asks for a page of a list of events.
type EventList struct {
	Sort   EventSort
	Filter EventFilter
	// Cursor is the Next of the previous page, "" for the first page.
	Cursor string
	// Limit is the most events the page holds: 1 to MaxLimit.
	Limit int
	// Count asks for the number of events in the whole list.
	Count bool
}

// text is the sort and the filter of the list in text.
func (q EventList) text() string {
	return string(q.Sort.By()) + "," + strconv.FormatBool(q.Sort.Desc) + q.Filter.text()
}

// Validate checks the query: a known sort key, a page size within bounds
// and a cursor that this list issued. It returns FieldErrors naming each
// parameter at fault, or nil.
func (q EventList) Validate() error {
	errs := FieldErrors{}
	if _, err := q.Sort.keyText(Event{}); err != nil {
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

// After returns the event the page starts after, holding only the sort key
// and the id of the last event of the previous page, or nil for the first
// page. A cursor this list did not issue is FieldErrors naming it.
func (q EventList) After() (*Event, error) {
	after, problem := q.after()
	if problem != "" {
		return nil, FieldErrors{"cursor": problem}
	}
	return after, nil
}

func (q EventList) after() (*Event, string) {
	if q.Cursor == "" {
		return nil, ""
	}
	key, id, problem := decodeCursor(q.Cursor, q.text())
	if problem != "" {
		return nil, problem
	}
	after := Event{ID: id}
	var err error
	switch q.Sort.By() {
	case EventByCreatedAt:
		after.CreatedAt, err = time.Parse(time.RFC3339Nano, key)
	case EventByUpdatedAt:
		after.UpdatedAt, err = time.Parse(time.RFC3339Nano, key)
	case EventByStartsAt:
		after.StartsAt, err = time.Parse(time.RFC3339Nano, key)
	default:
		return nil, "was issued for another sort"
	}
	if err != nil {
		return nil, "is not a cursor of this list"
	}
	return &after, ""
}

// keyText returns the sort key of item in text, or an error when
// events do not sort by s's key.
func (s EventSort) keyText(item Event) (string, error) {
	switch s.By() {
	case EventByCreatedAt:
		return item.CreatedAt.UTC().Format(time.RFC3339Nano), nil
	case EventByUpdatedAt:
		return item.UpdatedAt.UTC().Format(time.RFC3339Nano), nil
	case EventByStartsAt:
		return item.StartsAt.UTC().Format(time.RFC3339Nano), nil
	}
	return "", fmt.Errorf("must be one of the keys events sort by, not %q", s.Key)
}

// compareKeys orders a and b by the sort key alone, ascending.
func (s EventSort) compareKeys(a, b Event) int {
	switch s.By() {
	case EventByCreatedAt:
		return a.CreatedAt.Compare(b.CreatedAt)
	case EventByUpdatedAt:
		return a.UpdatedAt.Compare(b.UpdatedAt)
	case EventByStartsAt:
		return a.StartsAt.Compare(b.StartsAt)
	}
	return 0
}

// Next returns the cursor of the page after the one that ends with last.
func (q EventList) Next(last Event) string {
	key, err := q.Sort.keyText(last)
	if err != nil {
		return "" // the query was not valid: there is no next page
	}
	return encodeCursor(q.text(), key, last.ID)
}

// Compare orders a and b as the list does: by the sort key, then by id,
// both reversed when the sort is descending.
func (q EventList) Compare(a, b Event) int {
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
func (q EventList) Page(items []Event) (Page[Event], error) {
	if err := q.Validate(); err != nil {
		return Page[Event]{}, err
	}
	after, err := q.After()
	if err != nil {
		return Page[Event]{}, err
	}
	var rows []Event
	for _, item := range items {
		if q.Filter.Match(item) {
			rows = append(rows, item)
		}
	}
	slices.SortFunc(rows, q.Compare)
	var page Page[Event]
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
