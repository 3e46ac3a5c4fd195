package repository

import (
	"strconv"
	"strings"

	"github.com/google/uuid"

	"example.com/one/internal/model"
)

// What every list query shares: the WHERE clause of its scope, filters and
// keyset, and its order. Lists are keyset-paginated: a page starts after
// the sort key and id of the previous page's last row, so that its cost
// does not grow with the table or with how deep the page is, and rows
// inserted meanwhile neither repeat nor hide others.

// where is the WHERE clause of a list: conditions joined by AND, and their
// arguments.
type where struct {
	conds []string
	args  []any
}

// add appends cond, whose placeholders are written ?, with its arguments.
func (w *where) add(cond string, args ...any) {
	w.args = append(w.args, args...)
	w.conds = append(w.conds, cond)
}

// String returns the clause with a leading space, or "" when it has no
// condition.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// after appends the keyset condition: the rows that come after the one
// whose sort key, in column, is key and whose id is id.
func (w *where) after(column string, key any, id uuid.UUID, desc bool) {
	cmp := ">"
	if desc {
		cmp = "<"
	}
	w.add("("+column+", id) "+cmp+" (?, ?)", key, id)
}

// orderBy is the ORDER BY and LIMIT of a page sorted by column, ties
// ordered by id. It asks for one row more than the page holds, which tells
// whether a next page exists.
func orderBy(column string, desc bool, limit int) string {
	dir := ""
	if desc {
		dir = " DESC"
	}
	return " ORDER BY " + column + dir + ", id" + dir + " LIMIT " + strconv.Itoa(limit+1)
}

// nextPage trims items, read with orderBy's extra row, to a page of limit
// items with the cursor next gives for its last one when more follow.
func nextPage[T any](items []T, limit int, next func(T) string) model.Page[T] {
	page := model.Page[T]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		page.Next = next(items[limit-1])
	}
	return page
}
