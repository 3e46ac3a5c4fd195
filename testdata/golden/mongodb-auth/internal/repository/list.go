package repository

import (
	"fmt"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"

	"example.com/feed/internal/model"
)

// What every list query shares: its filter, keyset and sort. Lists are
// keyset-paginated: a page starts after the sort key and _id of the
// previous page's last document, so that its cost does not grow with the
// collection or with how deep the page is, and documents inserted
// meanwhile neither repeat nor hide others. Each list is served by an
// index of the collection (see database.EnsureIndexes).

// opMongo are the query operators of the filter conditions.
var opMongo = map[model.Op]string{
	model.OpEq:  "$eq",
	model.OpGt:  "$gt",
	model.OpGte: "$gte",
	model.OpLt:  "$lt",
	model.OpLte: "$lte",
}

// addConds appends to match the conditions of a filter on key, whose
// values value converts to what the documents store, as one operator
// document.
func addConds[T any](match bson.D, key string, conds []model.Cond[T], value func(T) any) (bson.D, error) {
	if len(conds) == 0 {
		return match, nil
	}
	ops := bson.D{}
	for _, c := range conds {
		op, ok := opMongo[c.Op]
		if !ok {
			return nil, fmt.Errorf("filter %s: unknown operator %q", key, c.Op)
		}
		ops = append(ops, bson.E{Key: op, Value: value(c.Value)})
	}
	return append(match, bson.E{Key: key, Value: ops}), nil
}

// sortBy is the sort of a list by key, ties ordered by _id.
func sortBy(key string, desc bool) bson.D {
	dir := 1
	if desc {
		dir = -1
	}
	return bson.D{{Key: key, Value: dir}, {Key: "_id", Value: dir}}
}

// keyset narrows match to the documents that come after the one whose
// key holds value and whose _id is id.
func keyset(match bson.D, key string, value any, id uuid.UUID, desc bool) bson.D {
	cmp := "$gt"
	if desc {
		cmp = "$lt"
	}
	return append(match, bson.E{Key: "$or", Value: bson.A{
		bson.D{{Key: key, Value: bson.D{{Key: cmp, Value: value}}}},
		bson.D{{Key: key, Value: value}, {Key: "_id", Value: bson.D{{Key: cmp, Value: id.String()}}}},
	}})
}

// nextPage trims items, read with one more than the page holds, to a page
// of limit items with the cursor next gives for its last one when more
// follow.
func nextPage[T any](items []T, limit int, next func(T) string) model.Page[T] {
	page := model.Page[T]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		page.Next = next(items[limit-1])
	}
	return page
}
