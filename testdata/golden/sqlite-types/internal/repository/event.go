package repository

import (
	"context"
	"database/sql"
	"fmt"

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

// List returns a page of events ordered by creation time and id, and the
// number of events in total, both from one snapshot.
func (r *Event) List(ctx context.Context, skip, limit int) ([]model.Event, int, error) {
	var (
		items []model.Event
		total int
	)
	err := inTx(ctx, r.db, &sql.TxOptions{ReadOnly: true}, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx,
			`SELECT `+eventColumns+` FROM events ORDER BY created_at, id LIMIT ? OFFSET ?`, limit, skip)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			item, err := scanEvent(rows)
			if err != nil {
				return err
			}
			items = append(items, item)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list events: %w", translate(err, "event"))
	}
	return items, total, nil
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
