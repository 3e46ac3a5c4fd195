package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// User is an account that can log in.
type User struct {
	ID uuid.UUID
	// Email is stored in lower case; it is unique.
	Email    string
	FullName *string
	// PasswordHash is the encoded argon2id hash of the password. It never
	// leaves the service: not in a response, not in a log line.
	PasswordHash string
	// IsActive users may log in and use their tokens.
	IsActive bool
	// IsSuperuser users may manage every user and see every owned row.
	IsSuperuser bool

	CreatedAt time.Time
	UpdatedAt time.Time
}

// MaxFullNameLen is the longest full name accepted, in characters.
const MaxFullNameLen = 255

// Password length limits, in characters. The upper limit bounds the work a
// single request can ask the hasher for.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// Validate checks the account against the rules of its fields. It returns
// FieldErrors naming every field that breaks one, or nil. The password is
// not a field of the account; the user service checks it before hashing.
func (u User) Validate() error {
	errs := FieldErrors{}
	errs.add("email", checkEmail(u.Email))
	if u.FullName != nil {
		errs.add("full_name", checkRequiredString(*u.FullName, MaxFullNameLen))
	}
	return errs.err()
}

// UserChange is a partial change of an account. Nil fields stay as they
// are; a FullName pointing to "" clears the name.
type UserChange struct {
	Email    *string
	FullName *string
	// Password is the new password in clear text; the service hashes it.
	Password *string
	// CurrentPassword must accompany Password when users change their own
	// password.
	CurrentPassword *string
	IsActive        *bool
	IsSuperuser     *bool
}

// Validate checks the fields the change sets against their rules, the
// password's included, so the service can refuse a change before it hashes
// the password. It returns FieldErrors naming every field that breaks one,
// or nil. An empty FullName is valid here: it clears the name.
func (c UserChange) Validate() error {
	errs := FieldErrors{}
	if c.Email != nil {
		errs.add("email", checkEmail(*c.Email))
	}
	if c.FullName != nil && *c.FullName != "" {
		errs.add("full_name", checkString(*c.FullName, MaxFullNameLen))
	}
	if c.Password != nil {
		errs.add("password", checkPassword(*c.Password))
	}
	return errs.err()
}

// checkPassword checks the length of a password in clear text. Any
// character is allowed: the password is hashed, never stored.
func checkPassword(p string) string {
	switch n := utf8.RuneCountInString(p); {
	case n < MinPasswordLen:
		return fmt.Sprintf("must be at least %d characters", MinPasswordLen)
	case n > MaxPasswordLen:
		return fmt.Sprintf("must be at most %d characters", MaxPasswordLen)
	}
	return ""
}

// UserSortKey is a key lists of users sort by: the JSON name of a
// field.
type UserSortKey string

// The keys lists of users sort by: created_at, updated_at and every
// required field that is unique or indexed.
const (
	UserByCreatedAt UserSortKey = "created_at"
	UserByUpdatedAt UserSortKey = "updated_at"
	UserByEmail     UserSortKey = "email"
)

// UserSort is the order of a list of users: by Key, descending when
// Desc; users with equal keys are ordered by id, in the same
// direction. The zero UserSort is the default order: oldest first.
type UserSort struct {
	Key  UserSortKey
	Desc bool
}

// By returns the key of the sort: created_at when Key is empty.
func (s UserSort) By() UserSortKey {
	if s.Key == "" {
		return UserByCreatedAt
	}
	return s.Key
}

// UserFilter selects users by their fields: a user matches when it
// meets every condition. The zero UserFilter selects every user.
type UserFilter struct {
	Email       []Cond[string]
	IsActive    []Cond[bool]
	IsSuperuser []Cond[bool]
}

// Match reports whether item meets every condition of f.
func (f UserFilter) Match(item User) bool {
	return matchAll(f.Email, item.Email, strings.Compare) &&
		matchAll(f.IsActive, item.IsActive, compareBool) &&
		matchAll(f.IsSuperuser, item.IsSuperuser, compareBool)
}

// text is the filter in text, which binds cursors to it.
func (f UserFilter) text() string {
	var b strings.Builder
	condsText(&b, "email", f.Email, func(v string) string { return v })
	condsText(&b, "is_active", f.IsActive, strconv.FormatBool)
	condsText(&b, "is_superuser", f.IsSuperuser, strconv.FormatBool)
	return b.String()
}

// UserList asks for a page of a list of users.
type UserList struct {
	Sort   UserSort
	Filter UserFilter
	// Cursor is the Next of the previous page, "" for the first page.
	Cursor string
	// Limit is the most users the page holds: 1 to MaxLimit.
	Limit int
	// Count asks for the number of users in the whole list.
	Count bool
}

// text is the sort and the filter of the list in text.
func (q UserList) text() string {
	return string(q.Sort.By()) + "," + strconv.FormatBool(q.Sort.Desc) + q.Filter.text()
}

// Validate checks the query: a known sort key, a page size within bounds
// and a cursor that this list issued. It returns FieldErrors naming each
// parameter at fault, or nil.
func (q UserList) Validate() error {
	errs := FieldErrors{}
	if _, err := q.Sort.keyText(User{}); err != nil {
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

// After returns the user the page starts after, holding only the sort key
// and the id of the last user of the previous page, or nil for the first
// page. A cursor this list did not issue is FieldErrors naming it.
func (q UserList) After() (*User, error) {
	after, problem := q.after()
	if problem != "" {
		return nil, FieldErrors{"cursor": problem}
	}
	return after, nil
}

func (q UserList) after() (*User, string) {
	if q.Cursor == "" {
		return nil, ""
	}
	key, id, problem := decodeCursor(q.Cursor, q.text())
	if problem != "" {
		return nil, problem
	}
	after := User{ID: id}
	var err error
	switch q.Sort.By() {
	case UserByCreatedAt:
		after.CreatedAt, err = time.Parse(time.RFC3339Nano, key)
	case UserByUpdatedAt:
		after.UpdatedAt, err = time.Parse(time.RFC3339Nano, key)
	case UserByEmail:
		after.Email, err = key, nil
	default:
		return nil, "was issued for another sort"
	}
	if err != nil {
		return nil, "is not a cursor of this list"
	}
	return &after, ""
}

// keyText returns the sort key of item in text, or an error when
// users do not sort by s's key.
func (s UserSort) keyText(item User) (string, error) {
	switch s.By() {
	case UserByCreatedAt:
		return item.CreatedAt.UTC().Format(time.RFC3339Nano), nil
	case UserByUpdatedAt:
		return item.UpdatedAt.UTC().Format(time.RFC3339Nano), nil
	case UserByEmail:
		return item.Email, nil
	}
	return "", fmt.Errorf("must be one of the keys users sort by, not %q", s.Key)
}

// compareKeys orders a and b by the sort key alone, ascending.
func (s UserSort) compareKeys(a, b User) int {
	switch s.By() {
	case UserByCreatedAt:
		return a.CreatedAt.Compare(b.CreatedAt)
	case UserByUpdatedAt:
		return a.UpdatedAt.Compare(b.UpdatedAt)
	case UserByEmail:
		return strings.Compare(a.Email, b.Email)
	}
	return 0
}

// Next returns the cursor of the page after the one that ends with last.
func (q UserList) Next(last User) string {
	key, err := q.Sort.keyText(last)
	if err != nil {
		return "" // the query was not valid: there is no next page
	}
	return encodeCursor(q.text(), key, last.ID)
}

// Compare orders a and b as the list does: by the sort key, then by id,
// both reversed when the sort is descending.
func (q UserList) Compare(a, b User) int {
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
func (q UserList) Page(items []User) (Page[User], error) {
	if err := q.Validate(); err != nil {
		return Page[User]{}, err
	}
	after, err := q.After()
	if err != nil {
		return Page[User]{}, err
	}
	var rows []User
	for _, item := range items {
		if q.Filter.Match(item) {
			rows = append(rows, item)
		}
	}
	slices.SortFunc(rows, q.Compare)
	var page Page[User]
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
