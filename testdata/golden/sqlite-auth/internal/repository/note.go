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

// List returns the page of the notes of the scope that q selects, from
// the index of its sort key. The total, when asked for, is counted by a
// query of its own.
func (r *Note) List(ctx context.Context, scope model.Scope, q model.NoteList) (model.Page[model.Note], error) {
	page, err := r.list(ctx, scope, q)
	if err != nil {
		return model.Page[model.Note]{}, fmt.Errorf("list notes: %w", translate(err, "note"))
	}
	return page, nil
}

func (r *Note) list(ctx context.Context, scope model.Scope, q model.NoteList) (model.Page[model.Note], error) {
	after, err := q.After()
	if err != nil {
		return model.Page[model.Note]{}, err
	}
	var w where
	cond, args, err := scopeFilter(scope)
	if err != nil {
		return model.Page[model.Note]{}, err
	}
	w.add(cond, args...)
	if err := addConds(&w, "title", q.Filter.Title, func(v string) any { return v }); err != nil {
		return model.Page[model.Note]{}, err
	}
	if err := addConds(&w, "done", q.Filter.Done, func(v bool) any { return v }); err != nil {
		return model.Page[model.Note]{}, err
	}
	var total *int
	if q.Count {
		var n int
		if err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM notes`+w.String(), w.args...).Scan(&n); err != nil {
			return model.Page[model.Note]{}, err
		}
		total = &n
	}
	column, key, err := noteSortKey(q.Sort.By(), after)
	if err != nil {
		return model.Page[model.Note]{}, err
	}
	if after != nil {
		w.after(column, key, after.ID, q.Sort.Desc)
	}
	rows, err := r.db.QueryContext(ctx,
		`SELECT `+noteColumns+` FROM notes`+w.String()+orderBy(column, q.Sort.Desc, q.Limit), w.args...)
	if err != nil {
		return model.Page[model.Note]{}, err
	}
	defer rows.Close()
	var items []model.Note
	for rows.Next() {
		item, err := scanNote(rows)
		if err != nil {
			return model.Page[model.Note]{}, err
		}
		items = append(items, item)
	}
	if err := rows.Err(); err != nil {
		return model.Page[model.Note]{}, err
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// noteSortKey returns the column of the sort key by and, when after is
// not nil, its value in after as stored.
func noteSortKey(by model.NoteSortKey, after *model.Note) (column string, key any, err error) {
	var item model.Note
	if after != nil {
		item = *after
	}
	switch by {
	case model.NoteByCreatedAt:
		return "created_at", timeArg(item.CreatedAt), nil
	case model.NoteByUpdatedAt:
		return "updated_at", timeArg(item.UpdatedAt), nil
	case model.NoteByTitle:
		return "title", item.Title, nil
	}
	return "", nil, fmt.Errorf("unknown sort key %q", by)
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
