package repository

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
	"example.com/shop/internal/service"
)

var _ service.NoteRepository = (*Note)(nil)

// Note stores notes in the notes table. A call reaches only
// the rows of its scope.
type Note struct {
	db *sql.DB
}

// NewNote returns a note repository on db.
func NewNote(db *sql.DB) *Note {
	return &Note{db: db}
}

const noteColumns = `id, owner_id, title, body, due, done, created_at, updated_at`

func scanNote(row interface{ Scan(...any) error }) (model.Note, error) {
	var item model.Note
	err := row.Scan(
		&item.ID,
		&item.OwnerID,
		&item.Title,
		&item.Body,
		scanNullDate(&item.Due),
		&item.Done,
		scanTime(&item.CreatedAt),
		scanTime(&item.UpdatedAt),
	)
	return item, err
}

// Create inserts item.
func (r *Note) Create(ctx context.Context, item model.Note) error {
	_, err := r.db.ExecContext(ctx,
		`INSERT INTO notes (`+noteColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		item.ID,
		item.OwnerID,
		item.Title,
		item.Body,
		nullDateArg(item.Due),
		item.Done,
		timeArg(item.CreatedAt),
		timeArg(item.UpdatedAt),
	)
	if err != nil {
		return fmt.Errorf("create note: %w", translate(err, "note"))
	}
	return nil
}

// Get returns the note with the given id.
func (r *Note) Get(ctx context.Context, scope model.Scope, id uuid.UUID) (model.Note, error) {
	cond, args, err := scopeFilter(scope)
	if err != nil {
		return model.Note{}, fmt.Errorf("get note: %w", err)
	}
	item, err := scanNote(r.db.QueryRowContext(ctx,
		`SELECT `+noteColumns+` FROM notes WHERE id = ? AND `+cond, append([]any{id}, args...)...))
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
	cond, args, err := scopeFilter(scope)
	if err != nil {
		return nil, 0, fmt.Errorf("list notes: %w", err)
	}
	err = inTx(ctx, r.db, &sql.TxOptions{ReadOnly: true}, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM notes WHERE `+cond, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx,
			`SELECT `+noteColumns+` FROM notes WHERE `+cond+` ORDER BY created_at, id LIMIT ? OFFSET ?`,
			append(args, limit, skip)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			item, err := scanNote(rows)
			if err != nil {
				return err
			}
			items = append(items, item)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list notes: %w", translate(err, "note"))
	}
	return items, total, nil
}

// Update loads the note, applies fn and saves the result in one
// transaction. An error from fn rolls back and is returned unchanged.
func (r *Note) Update(ctx context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Note) error) (model.Note, error) {
	var item model.Note
	cond, args, err := scopeFilter(scope)
	if err != nil {
		return model.Note{}, fmt.Errorf("update note: %w", err)
	}
	err = inTx(ctx, r.db, nil, func(tx *sql.Tx) error {
		var err error
		item, err = scanNote(tx.QueryRowContext(ctx,
			`SELECT `+noteColumns+` FROM notes WHERE id = ? AND `+cond, append([]any{id}, args...)...))
		if err != nil {
			return translate(err, "note")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			`UPDATE notes SET title = ?, body = ?, due = ?, done = ?, updated_at = ? WHERE id = ?`,
			item.Title,
			item.Body,
			nullDateArg(item.Due),
			item.Done,
			timeArg(item.UpdatedAt),
			item.ID,
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
	cond, args, err := scopeFilter(scope)
	if err != nil {
		return fmt.Errorf("delete note: %w", err)
	}
	res, err := r.db.ExecContext(ctx, `DELETE FROM notes WHERE id = ? AND `+cond, append([]any{id}, args...)...)
	if err != nil {
		return fmt.Errorf("delete note: %w", translateDelete(err, "note"))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("delete note: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("delete note: %w", translate(sql.ErrNoRows, "note"))
	}
	return nil
}
