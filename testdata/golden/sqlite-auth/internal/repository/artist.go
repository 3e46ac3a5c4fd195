package repository

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
	"example.com/shop/internal/service"
)

var _ service.ArtistRepository = (*Artist)(nil)

// Artist stores artists in the artists table.
type Artist struct {
	db *sql.DB
}

// NewArtist returns an artist repository on db.
func NewArtist(db *sql.DB) *Artist {
	return &Artist{db: db}
}

const artistColumns = `id, name, created_at, updated_at`

func scanArtist(row interface{ Scan(...any) error }) (model.Artist, error) {
	var item model.Artist
	err := row.Scan(
		&item.ID,
		&item.Name,
		scanTime(&item.CreatedAt),
		scanTime(&item.UpdatedAt),
	)
	return item, err
}

// Create inserts item.
func (r *Artist) Create(ctx context.Context, item model.Artist) error {
	_, err := r.db.ExecContext(ctx,
		`INSERT INTO artists (`+artistColumns+`) VALUES (?, ?, ?, ?)`,
		item.ID,
		item.Name,
		timeArg(item.CreatedAt),
		timeArg(item.UpdatedAt),
	)
	if err != nil {
		return fmt.Errorf("create artist: %w", translate(err, "artist"))
	}
	return nil
}

// Get returns the artist with the given id.
func (r *Artist) Get(ctx context.Context, id uuid.UUID) (model.Artist, error) {
	item, err := scanArtist(r.db.QueryRowContext(ctx,
		`SELECT `+artistColumns+` FROM artists WHERE id = ?`, id))
	if err != nil {
		return model.Artist{}, fmt.Errorf("get artist: %w", translate(err, "artist"))
	}
	return item, nil
}

// List returns the page of the artists that q selects, from
// the index of its sort key. The total, when asked for, is counted by a
// query of its own.
func (r *Artist) List(ctx context.Context, q model.ArtistList) (model.Page[model.Artist], error) {
	page, err := r.list(ctx, q)
	if err != nil {
		return model.Page[model.Artist]{}, fmt.Errorf("list artists: %w", translate(err, "artist"))
	}
	return page, nil
}

func (r *Artist) list(ctx context.Context, q model.ArtistList) (model.Page[model.Artist], error) {
	after, err := q.After()
	if err != nil {
		return model.Page[model.Artist]{}, err
	}
	var w where
	var total *int
	if q.Count {
		var n int
		if err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM artists`+w.String(), w.args...).Scan(&n); err != nil {
			return model.Page[model.Artist]{}, err
		}
		total = &n
	}
	column, key, err := artistSortKey(q.Sort.By(), after)
	if err != nil {
		return model.Page[model.Artist]{}, err
	}
	if after != nil {
		w.after(column, key, after.ID, q.Sort.Desc)
	}
	rows, err := r.db.QueryContext(ctx,
		`SELECT `+artistColumns+` FROM artists`+w.String()+orderBy(column, q.Sort.Desc, q.Limit), w.args...)
	if err != nil {
		return model.Page[model.Artist]{}, err
	}
	defer rows.Close()
	var items []model.Artist
	for rows.Next() {
		item, err := scanArtist(rows)
		if err != nil {
			return model.Page[model.Artist]{}, err
		}
		items = append(items, item)
	}
	if err := rows.Err(); err != nil {
		return model.Page[model.Artist]{}, err
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// artistSortKey returns the column of the sort key by and, when after is
// not nil, its value in after as stored.
func artistSortKey(by model.ArtistSortKey, after *model.Artist) (column string, key any, err error) {
	var item model.Artist
	if after != nil {
		item = *after
	}
	switch by {
	case model.ArtistByCreatedAt:
		return "created_at", timeArg(item.CreatedAt), nil
	case model.ArtistByUpdatedAt:
		return "updated_at", timeArg(item.UpdatedAt), nil
	}
	return "", nil, fmt.Errorf("unknown sort key %q", by)
}

// Update loads the artist, applies fn and saves the result in one
// transaction. An error from fn rolls back and is returned unchanged.
func (r *Artist) Update(ctx context.Context, id uuid.UUID, fn func(*model.Artist) error) (model.Artist, error) {
	var item model.Artist
	err := inTx(ctx, r.db, nil, func(tx *sql.Tx) error {
		var err error
		item, err = scanArtist(tx.QueryRowContext(ctx,
			`SELECT `+artistColumns+` FROM artists WHERE id = ?`, id))
		if err != nil {
			return translate(err, "artist")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			`UPDATE artists SET name = ?, updated_at = ? WHERE id = ?`,
			item.Name,
			timeArg(item.UpdatedAt),
			item.ID,
		)
		return translate(err, "artist")
	})
	if err != nil {
		return model.Artist{}, fmt.Errorf("update artist: %w", err)
	}
	return item, nil
}

// Delete removes the artist with the given id.
func (r *Artist) Delete(ctx context.Context, id uuid.UUID) error {
	res, err := r.db.ExecContext(ctx, `DELETE FROM artists WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete artist: %w", translateDelete(err, "artist"))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("delete artist: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("delete artist: %w", translate(sql.ErrNoRows, "artist"))
	}
	return nil
}
