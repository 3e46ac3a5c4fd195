package repository

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/demo/internal/model"
	"example.com/demo/internal/service"
)

var _ service.EventRepository = (*Event)(nil)

// Event stores events in the events table.
type Event struct {
	primary, replica *pgxpool.Pool
}

// NewEvent returns an event repository that lists from replica and
// does everything else on primary.
func NewEvent(primary, replica *pgxpool.Pool) *Event {
	return &Event{primary: primary, replica: replica}
}

const eventColumns = `id, title, kind, starts_at, contact, ref_code, seats, created_at, updated_at`

// scanEvent reads a row of eventColumns.
func scanEvent(row pgx.Row) (model.Event, error) {
	var item model.Event
	err := row.Scan(
		&item.ID,
		&item.Title,
		&item.Kind,
		&item.StartsAt,
		&item.Contact,
		&item.RefCode,
		&item.Seats,
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
		`INSERT INTO events (`+eventColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		item.ID,
		item.Title,
		item.Kind,
		item.StartsAt,
		item.Contact,
		item.RefCode,
		item.Seats,
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
func (r *Event) Get(ctx context.Context, id uuid.UUID) (model.Event, error) {
	item, err := scanEvent(r.primary.QueryRow(ctx,
		`SELECT `+eventColumns+` FROM events WHERE id = $1`, id))
	if err != nil {
		return model.Event{}, fmt.Errorf("get event: %w", translate(err, "event"))
	}
	return item, nil
}

// List returns a page of events ordered by creation time and id, and the
// number of events in total, both from one snapshot.
func (r *Event) List(ctx context.Context, skip, limit int) ([]model.Event, int, error) {
	var (
		items []model.Event
		total int
	)
	err := pgx.BeginTxFunc(ctx, r.replica, readSnapshot, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx,
			`SELECT `+eventColumns+` FROM events ORDER BY created_at, id LIMIT $1 OFFSET $2`, limit, skip)
		if err != nil {
			return err
		}
		items, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Event, error) { return scanEvent(row) })
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list events: %w", translate(err, "event"))
	}
	return items, total, nil
}

// Update loads the event, applies fn and saves the result in one
// transaction that holds the row's lock throughout, so concurrent updates
// of one event take turns. An error from fn rolls back and is returned
// unchanged.
func (r *Event) Update(ctx context.Context, id uuid.UUID, fn func(*model.Event) error) (model.Event, error) {
	var item model.Event
	err := pgx.BeginFunc(ctx, r.primary, func(tx pgx.Tx) error {
		var err error
		item, err = scanEvent(tx.QueryRow(ctx,
			`SELECT `+eventColumns+` FROM events WHERE id = $1 FOR UPDATE`, id))
		if err != nil {
			return translate(err, "event")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.Exec(ctx,
			`UPDATE events SET title = $1, kind = $2, starts_at = $3, contact = $4, ref_code = $5, seats = $6, updated_at = $7 WHERE id = $8`,
			item.Title,
			item.Kind,
			item.StartsAt,
			item.Contact,
			item.RefCode,
			item.Seats,
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
func (r *Event) Delete(ctx context.Context, id uuid.UUID) error {
	tag, err := r.primary.Exec(ctx, `DELETE FROM events WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete event: %w", translateDelete(err, "event"))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("delete event: %w", translate(pgx.ErrNoRows, "event"))
	}
	return nil
}
