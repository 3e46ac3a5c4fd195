package repository

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/shop/internal/model"
	"example.com/shop/internal/service"
)

var _ service.EventRepository = (*Event)(nil)

// Event stores events in the events table. A valid owner limits
// a call to the rows of that user; an invalid one reaches every row.
type Event struct {
	primary, replica *pgxpool.Pool
}

// NewEvent returns an event repository that lists from replica and
// does everything else on primary.
func NewEvent(primary, replica *pgxpool.Pool) *Event {
	return &Event{primary: primary, replica: replica}
}

const eventColumns = `id, owner_id, title, kind, starts_at, contact, ref_code, seats, score, created_at, updated_at`

// scanEvent reads a row of eventColumns.
func scanEvent(row pgx.Row) (model.Event, error) {
	var item model.Event
	err := row.Scan(
		&item.ID,
		&item.OwnerID,
		&item.Title,
		&item.Kind,
		&item.StartsAt,
		&item.Contact,
		&item.RefCode,
		&item.Seats,
		&item.Score,
		&item.CreatedAt,
		&item.UpdatedAt,
	)
	if err != nil {
		return model.Event{}, err
	}
	// pgx returns timestamptz values in the local time zone.
	item.StartsAt = item.StartsAt.UTC()
	item.CreatedAt = item.CreatedAt.UTC()
	item.UpdatedAt = item.UpdatedAt.UTC()
	return item, nil
}

// Create inserts item.
func (r *Event) Create(ctx context.Context, item model.Event) error {
	_, err := r.primary.Exec(ctx,
		`INSERT INTO events (`+eventColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		item.ID,
		item.OwnerID,
		item.Title,
		item.Kind,
		item.StartsAt,
		item.Contact,
		item.RefCode,
		item.Seats,
		item.Score,
		item.CreatedAt,
		item.UpdatedAt,
	)
	if err != nil {
		return fmt.Errorf("create event: %w", translate(err, "event"))
	}
	return nil
}

// Get returns the event with the given id. It reads from the primary,
// so that a client finds an event it has just written.
func (r *Event) Get(ctx context.Context, scope model.Scope, id uuid.UUID) (model.Event, error) {
	owner, err := ownerParam(scope)
	if err != nil {
		return model.Event{}, fmt.Errorf("get event: %w", err)
	}
	item, err := scanEvent(r.primary.QueryRow(ctx,
		`SELECT `+eventColumns+` FROM events WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2)`, id, owner))
	if err != nil {
		return model.Event{}, fmt.Errorf("get event: %w", translate(err, "event"))
	}
	return item, nil
}

// List returns the page of the events of the scope that q selects, from
// the replica and the index of its sort key. The total, when asked for, is
// counted by a query of its own.
func (r *Event) List(ctx context.Context, scope model.Scope, q model.EventList) (model.Page[model.Event], error) {
	page, err := r.list(ctx, scope, q)
	if err != nil {
		return model.Page[model.Event]{}, fmt.Errorf("list events: %w", translate(err, "event"))
	}
	return page, nil
}

func (r *Event) list(ctx context.Context, scope model.Scope, q model.EventList) (model.Page[model.Event], error) {
	after, err := q.After()
	if err != nil {
		return model.Page[model.Event]{}, err
	}
	var w where
	owner, err := ownerParam(scope)
	if err != nil {
		return model.Page[model.Event]{}, err
	}
	if owner.Valid {
		w.add("owner_id = ?", owner.UUID)
	}
	if err := addConds(&w, "kind", q.Filter.Kind, func(v model.EventKind) any { return v }); err != nil {
		return model.Page[model.Event]{}, err
	}
	if err := addConds(&w, "starts_at", q.Filter.StartsAt, func(v time.Time) any { return v }); err != nil {
		return model.Page[model.Event]{}, err
	}
	if err := addConds(&w, "contact", q.Filter.Contact, func(v string) any { return v }); err != nil {
		return model.Page[model.Event]{}, err
	}
	var total *int
	if q.Count {
		var n int
		if err := r.replica.QueryRow(ctx, `SELECT count(*) FROM events`+w.String(), w.args...).Scan(&n); err != nil {
			return model.Page[model.Event]{}, err
		}
		total = &n
	}
	column, key, err := eventSortKey(q.Sort.By(), after)
	if err != nil {
		return model.Page[model.Event]{}, err
	}
	if after != nil {
		w.after(column, key, after.ID, q.Sort.Desc)
	}
	rows, err := r.replica.Query(ctx,
		`SELECT `+eventColumns+` FROM events`+w.String()+orderBy(column, q.Sort.Desc, q.Limit), w.args...)
	if err != nil {
		return model.Page[model.Event]{}, err
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Event, error) { return scanEvent(row) })
	if err != nil {
		return model.Page[model.Event]{}, err
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// eventSortKey returns the column of the sort key by and, when after is
// not nil, its value in after.
func eventSortKey(by model.EventSortKey, after *model.Event) (column string, key any, err error) {
	var item model.Event
	if after != nil {
		item = *after
	}
	switch by {
	case model.EventByCreatedAt:
		return "created_at", item.CreatedAt, nil
	case model.EventByUpdatedAt:
		return "updated_at", item.UpdatedAt, nil
	case model.EventByStartsAt:
		return "starts_at", item.StartsAt, nil
	case model.EventByContact:
		return "contact", item.Contact, nil
	}
	return "", nil, fmt.Errorf("unknown sort key %q", by)
}

// Update loads the event, applies fn and saves the result in one
// transaction that holds the row's lock throughout, so concurrent updates
// of one event take turns. An error from fn rolls back and is returned
// unchanged.
func (r *Event) Update(ctx context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Event) error) (model.Event, error) {
	var item model.Event
	owner, err := ownerParam(scope)
	if err != nil {
		return model.Event{}, fmt.Errorf("update event: %w", err)
	}
	err = pgx.BeginFunc(ctx, r.primary, func(tx pgx.Tx) error {
		var err error
		item, err = scanEvent(tx.QueryRow(ctx,
			`SELECT `+eventColumns+` FROM events WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2) FOR UPDATE`, id, owner))
		if err != nil {
			return translate(err, "event")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.Exec(ctx,
			`UPDATE events SET title = $1, kind = $2, starts_at = $3, contact = $4, ref_code = $5, seats = $6, score = $7, updated_at = $8 WHERE id = $9`,
			item.Title,
			item.Kind,
			item.StartsAt,
			item.Contact,
			item.RefCode,
			item.Seats,
			item.Score,
			item.UpdatedAt,
			id,
		)
		return translate(err, "event")
	})
	if err != nil {
		return model.Event{}, fmt.Errorf("update event: %w", err)
	}
	return item, nil
}

// Delete removes the event with the given id.
func (r *Event) Delete(ctx context.Context, scope model.Scope, id uuid.UUID) error {
	owner, err := ownerParam(scope)
	if err != nil {
		return fmt.Errorf("delete event: %w", err)
	}
	tag, err := r.primary.Exec(ctx, `DELETE FROM events WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2)`, id, owner)
	if err != nil {
		return fmt.Errorf("delete event: %w", translateDelete(err, "event"))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("delete event: %w", translate(pgx.ErrNoRows, "event"))
	}
	return nil
}
