package repository

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/shop/internal/model"
	"example.com/shop/internal/service"
)

var _ service.NoteRepository = (*Note)(nil)

// Note stores notes in the notes table. A valid owner limits
// a call to the rows of that user; an invalid one reaches every row.
type Note struct {
	primary, replica *pgxpool.Pool
}

// NewNote returns a note repository that lists from replica and
// does everything else on primary.
func NewNote(primary, replica *pgxpool.Pool) *Note {
	return &Note{primary: primary, replica: replica}
}

const noteColumns = `id, owner_id, title, body, due, done, created_at, updated_at`

// scanNote reads a row of noteColumns.
func scanNote(row pgx.Row) (model.Note, error) {
	var item model.Note
	err := row.Scan(
		&item.ID,
		&item.OwnerID,
		&item.Title,
		&item.Body,
		&item.Due,
		&item.Done,
		&item.CreatedAt,
		&item.UpdatedAt,
	)
	if err != nil {
		return model.Note{}, err
	}
	// pgx returns timestamptz values in the local time zone.
	item.CreatedAt = item.CreatedAt.UTC()
	item.UpdatedAt = item.UpdatedAt.UTC()
	return item, nil
}

// Create inserts item.
func (r *Note) Create(ctx context.Context, item model.Note) error {
	_, err := r.primary.Exec(ctx,
		`INSERT INTO notes (`+noteColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		item.ID,
		item.OwnerID,
		item.Title,
		item.Body,
		item.Due,
		item.Done,
		item.CreatedAt,
		item.UpdatedAt,
	)
	if err != nil {
		return fmt.Errorf("create note: %w", translate(err, "note"))
	}
	return nil
}

// Get returns the note with the given id. It reads from the primary,
// so that a client finds a note it has just written.
func (r *Note) Get(ctx context.Context, scope model.Scope, id uuid.UUID) (model.Note, error) {
	owner, err := ownerParam(scope)
	if err != nil {
		return model.Note{}, fmt.Errorf("get note: %w", err)
	}
	item, err := scanNote(r.primary.QueryRow(ctx,
		`SELECT `+noteColumns+` FROM notes WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2)`, id, owner))
	if err != nil {
		return model.Note{}, fmt.Errorf("get note: %w", translate(err, "note"))
	}
	return item, nil
}

// List returns a page of notes ordered by creation time and id, and the
// number of notes in total, both from one snapshot.
func (r *Note) List(ctx context.Context, scope model.Scope, skip, limit int) ([]model.Note, int, error) {
	var (
		items []model.Note
		total int
	)
	owner, err := ownerParam(scope)
	if err != nil {
		return nil, 0, fmt.Errorf("list notes: %w", err)
	}
	err = pgx.BeginTxFunc(ctx, r.replica, readSnapshot, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx,
			`SELECT count(*) FROM notes WHERE $1::uuid IS NULL OR owner_id = $1`, owner).Scan(&total)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx,
			`SELECT `+noteColumns+` FROM notes WHERE $1::uuid IS NULL OR owner_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`,
			owner, limit, skip)
		if err != nil {
			return err
		}
		items, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Note, error) { return scanNote(row) })
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list notes: %w", translate(err, "note"))
	}
	return items, total, nil
}

// Update loads the note, applies fn and saves the result in one
// transaction that holds the row's lock throughout, so concurrent updates
// of one note take turns. An error from fn rolls back and is returned
// unchanged.
func (r *Note) Update(ctx context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Note) error) (model.Note, error) {
	var item model.Note
	owner, err := ownerParam(scope)
	if err != nil {
		return model.Note{}, fmt.Errorf("update note: %w", err)
	}
	err = pgx.BeginFunc(ctx, r.primary, func(tx pgx.Tx) error {
		var err error
		item, err = scanNote(tx.QueryRow(ctx,
			`SELECT `+noteColumns+` FROM notes WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2) FOR UPDATE`, id, owner))
		if err != nil {
			return translate(err, "note")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.Exec(ctx,
			`UPDATE notes SET title = $1, body = $2, due = $3, done = $4, updated_at = $5 WHERE id = $6`,
			item.Title,
			item.Body,
			item.Due,
			item.Done,
			item.UpdatedAt,
			id,
		)
		return translate(err, "note")
	})
	if err != nil {
		return model.Note{}, fmt.Errorf("update note: %w", err)
	}
	return item, nil
}

// Delete removes the note with the given id.
func (r *Note) Delete(ctx context.Context, scope model.Scope, id uuid.UUID) error {
	owner, err := ownerParam(scope)
	if err != nil {
		return fmt.Errorf("delete note: %w", err)
	}
	tag, err := r.primary.Exec(ctx, `DELETE FROM notes WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2)`, id, owner)
	if err != nil {
		return fmt.Errorf("delete note: %w", translateDelete(err, "note"))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("delete note: %w", translate(pgx.ErrNoRows, "note"))
	}
	return nil
}
