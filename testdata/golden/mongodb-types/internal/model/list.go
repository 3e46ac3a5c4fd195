package model

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// The bounds of the number of items on a page.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Op is how a condition of a list filter compares a field with its value.
type Op string

// The operators of filter conditions.
const (
	OpEq  Op = "eq"
	OpGt  Op = "gt"
	OpGte Op = "gte"
	OpLt  Op = "lt"
	OpLte Op = "lte"
)

// holds reports whether a value that compares with the condition's value
// as c (negative, zero or positive) meets the condition.
func (o Op) holds(c int) bool {
	switch o {
	case OpEq:
		return c == 0
	case OpGt:
		return c > 0
	case OpGte:
		return c >= 0
	case OpLt:
		return c < 0
	case OpLte:
		return c <= 0
	}
	return false
}

// Cond is a condition of a list filter on a field holding values of type
// T: the field's value compared with Value by Op.
type Cond[T any] struct {
	Op    Op
	Value T
}

// matchAll reports whether v meets every condition; compare orders the
// values of T.
func matchAll[T any](conds []Cond[T], v T, compare func(a, b T) int) bool {
	for _, c := range conds {
		if !c.Op.holds(compare(v, c.Value)) {
			return false
		}
	}
	return true
}

// matchOptional is matchAll for an optional field: a field without a value
// meets no condition.
func matchOptional[T any](conds []Cond[T], v *T, compare func(a, b T) int) bool {
	if len(conds) == 0 {
		return true
	}
	return v != nil && matchAll(conds, *v, compare)
}

// condsText writes the conditions on the field called name to b, each as
// &name[op]=value, for the text of a filter.
func condsText[T any](b *strings.Builder, name string, conds []Cond[T], text func(T) string) {
	for _, c := range conds {
		fmt.Fprintf(b, "&%s[%s]=%s", name, c.Op, text(c.Value))
	}
}

// Page is one page of a list.
type Page[T any] struct {
	Items []T
	// Next is the cursor of the following page; "" on the last one.
	Next string
	// Total is how many items the whole list holds when the query asked
	// for it, nil otherwise.
	Total *int
}

// checkLimit returns what is wrong with the size of a page, or "".
func checkLimit(n int) string {
	if n < 1 || n > MaxLimit {
		return fmt.Sprintf("must be between 1 and %d", MaxLimit)
	}
	return ""
}

// A cursor is where a page starts: after the item with a sort key and id,
// in the list of one sort and filter. It is base64url text of the list's
// hash, the id and the key, separated by dots; the hash binds the cursor
// to the list, so that another sort or filter refuses it.

// listHash is the hash of a list's sort and filter in text.
func listHash(list string) string {
	h := fnv.New64a()
	h.Write([]byte(list))
	return strconv.FormatUint(h.Sum64(), 36)
}

// encodeCursor returns the cursor of the page of list after the item with
// the given sort key, in text, and id.
func encodeCursor(list, key string, id uuid.UUID) string {
	return base64.RawURLEncoding.EncodeToString([]byte(listHash(list) + "." + id.String() + "." + key))
}

// decodeCursor returns the sort key, in text, and the id the cursor s of
// list holds, or what is wrong with s.
func decodeCursor(s, list string) (key string, id uuid.UUID, problem string) {
	const corrupt = "is not a cursor of this list"
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return "", uuid.Nil, corrupt
	}
	hash, rest, ok := strings.Cut(string(raw), ".")
	idText, key, ok2 := strings.Cut(rest, ".")
	if !ok || !ok2 {
		return "", uuid.Nil, corrupt
	}
	if id, err = uuid.Parse(idText); err != nil {
		return "", uuid.Nil, corrupt
	}
	if hash != listHash(list) {
		return "", uuid.Nil, "was issued for another sort or filter"
	}
	return key, id, ""
}

// compareUUID orders uuids byte by byte, as their text and every database
// do.
func compareUUID(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}
