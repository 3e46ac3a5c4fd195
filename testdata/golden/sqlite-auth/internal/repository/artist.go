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

// List returns a page of artists ordered by creation time and id, and the
// number of artists in total, both from one snapshot.
func (r *Artist) List(ctx context.Context, skip, limit int) ([]model.Artist, int, error) {
	var (
		items []model.Artist
		total int
	)
	err := inTx(ctx, r.db, &sql.TxOptions{ReadOnly: true}, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM artists`).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx,
			`SELECT `+artistColumns+` FROM artists ORDER BY created_at, id LIMIT ? OFFSET ?`, limit, skip)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			item, err := scanArtist(rows)
			if err != nil {
				return err
			}
			items = append(items, item)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list artists: %w", translate(err, "artist"))
	}
	return items, total, nil
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
