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

// List returns the page of the notes of the scope that q selects, from
// the replica and the index of its sort key. The total, when asked for, is
// counted by a query of its own.
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
	owner, err := ownerParam(scope)
	if err != nil {
		return model.Page[model.Note]{}, err
	}
	if owner.Valid {
		w.add("owner_id = ?", owner.UUID)
	}
	if err := addConds(&w, "title", q.Filter.Title, func(v string) any { return v }); err != nil {
		return model.Page[model.Note]{}, err
	}
	if err := addConds(&w, "done", q.Filter.Done, func(v bool) any { return v }); err != nil {
		return model.Page[model.Note]{}, err
	}
	var total *int
	if q.Count {
		var n int
		if err := r.replica.QueryRow(ctx, `SELECT count(*) FROM notes`+w.String(), w.args...).Scan(&n); err != nil {
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
	rows, err := r.replica.Query(ctx,
		`SELECT `+noteColumns+` FROM notes`+w.String()+orderBy(column, q.Sort.Desc, q.Limit), w.args...)
	if err != nil {
		return model.Page[model.Note]{}, err
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Note, error) { return scanNote(row) })
	if err != nil {
		return model.Page[model.Note]{}, err
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// noteSortKey returns the column of the sort key by and, when after is
// not nil, its value in after.
func noteSortKey(by model.NoteSortKey, after *model.Note) (column string, key any, err error) {
	var item model.Note
	if after != nil {
		item = *after
	}
	switch by {
	case model.NoteByCreatedAt:
		return "created_at", item.CreatedAt, nil
	case model.NoteByUpdatedAt:
		return "updated_at", item.UpdatedAt, nil
	case model.NoteByTitle:
		return "title", item.Title, nil
	}
	return "", nil, fmt.Errorf("unknown sort key %q", by)
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
