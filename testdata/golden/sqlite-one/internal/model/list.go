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
