package repository

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/model"
	"example.com/demo/internal/service"
)

var _ service.EventRepository = (*Event)(nil)

// Event stores events in the events table.
type Event struct {
	db *sql.DB
}

// NewEvent returns an event repository on db.
func NewEvent(db *sql.DB) *Event {
	return &Event{db: db}
}

const eventColumns = `id, title, kind, starts_at, contact, ref_code, seats, created_at, updated_at`

func scanEvent(row interface{ Scan(...any) error }) (model.Event, error) {
	var item model.Event
	err := row.Scan(
		&item.ID,
		&item.Title,
		&item.Kind,
		scanTime(&item.StartsAt),
		&item.Contact,
		&item.RefCode,
		&item.Seats,
		scanTime(&item.CreatedAt),
		scanTime(&item.UpdatedAt),
	)
	return item, err
}

// Create inserts item.
func (r *Event) Create(ctx context.Context, item model.Event) error {
	_, err := r.db.ExecContext(ctx,
		`INSERT INTO events (`+eventColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		item.ID,
		item.Title,
		item.Kind,
		timeArg(item.StartsAt),
		item.Contact,
		item.RefCode,
		item.Seats,
		timeArg(item.CreatedAt),
		timeArg(item.UpdatedAt),
	)
	if err != nil {
		return fmt.Errorf("create event: %w", translate(err, "event"))
	}
	return nil
}

// Get returns the event with the given id.
func (r *Event) Get(ctx context.Context, id uuid.UUID) (model.Event, error) {
	item, err := scanEvent(r.db.QueryRowContext(ctx,
		`SELECT `+eventColumns+` FROM events WHERE id = ?`, id))
	if err != nil {
		return model.Event{}, fmt.Errorf("get event: %w", translate(err, "event"))
	}
	return item, nil
}

// List returns the page of the events that q selects, from
// the index of its sort key. The total, when asked for, is counted by a
// query of its own.
func (r *Event) List(ctx context.Context, q model.EventList) (model.Page[model.Event], error) {
	page, err := r.list(ctx, q)
	if err != nil {
		return model.Page[model.Event]{}, fmt.Errorf("list events: %w", translate(err, "event"))
	}
	return page, nil
}

func (r *Event) list(ctx context.Context, q model.EventList) (model.Page[model.Event], error) {
	after, err := q.After()
	if err != nil {
		return model.Page[model.Event]{}, err
	}
	var w where
	if err := addConds(&w, "kind", q.Filter.Kind, func(v model.EventKind) any { return v }); err != nil {
		return model.Page[model.Event]{}, err
	}
	if err := addConds(&w, "starts_at", q.Filter.StartsAt, func(v time.Time) any { return timeArg(v) }); err != nil {
		return model.Page[model.Event]{}, err
	}
	var total *int
	if q.Count {
		var n int
		if err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM events`+w.String(), w.args...).Scan(&n); err != nil {
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
	rows, err := r.db.QueryContext(ctx,
		`SELECT `+eventColumns+` FROM events`+w.String()+orderBy(column, q.Sort.Desc, q.Limit), w.args...)
	if err != nil {
		return model.Page[model.Event]{}, err
	}
	defer rows.Close()
	var items []model.Event
	for rows.Next() {
		item, err := scanEvent(rows)
		if err != nil {
			return model.Page[model.Event]{}, err
		}
		items = append(items, item)
	}
	if err := rows.Err(); err != nil {
		return model.Page[model.Event]{}, err
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// eventSortKey returns the column of the sort key by and, when after is
// not nil, its value in after as stored.
func eventSortKey(by model.EventSortKey, after *model.Event) (column string, key any, err error) {
	var item model.Event
	if after != nil {
		item = *after
	}
	switch by {
	case model.EventByCreatedAt:
		return "created_at", timeArg(item.CreatedAt), nil
	case model.EventByUpdatedAt:
		return "updated_at", timeArg(item.UpdatedAt), nil
	case model.EventByStartsAt:
		return "starts_at", timeArg(item.StartsAt), nil
	}
	return "", nil, fmt.Errorf("unknown sort key %q", by)
}

// Update loads the event, applies fn and saves the result in one
// transaction. An error from fn rolls back and is returned unchanged.
func (r *Event) Update(ctx context.Context, id uuid.UUID, fn func(*model.Event) error) (model.Event, error) {
	var item model.Event
	err := inTx(ctx, r.db, nil, func(tx *sql.Tx) error {
		var err error
		item, err = scanEvent(tx.QueryRowContext(ctx,
			`SELECT `+eventColumns+` FROM events WHERE id = ?`, id))
		if err != nil {
			return translate(err, "event")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			`UPDATE events SET title = ?, kind = ?, starts_at = ?, contact = ?, ref_code = ?, seats = ?, updated_at = ? WHERE id = ?`,
			item.Title,
			item.Kind,
			timeArg(item.StartsAt),
			item.Contact,
			item.RefCode,
			item.Seats,
			timeArg(item.UpdatedAt),
			item.ID,
		)
		return translate(err, "event")
	})
	if err != nil {
		return model.Event{}, fmt.Errorf("update event: %w", err)
	}
	return item, nil
}

// Delete removes the event with the given id.
func (r *Event) Delete(ctx context.Context, id uuid.UUID) error {
	res, err := r.db.ExecContext(ctx, `DELETE FROM events WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete event: %w", translateDelete(err, "event"))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("delete event: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("delete event: %w", translate(sql.ErrNoRows, "event"))
	}
	return nil
}
