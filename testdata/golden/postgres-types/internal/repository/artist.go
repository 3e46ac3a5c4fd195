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

var _ service.ArtistRepository = (*Artist)(nil)

// Artist stores artists in the artists table.
type Artist struct {
	primary, replica *pgxpool.Pool
}

// NewArtist returns an artist repository that lists from replica and
// does everything else on primary.
func NewArtist(primary, replica *pgxpool.Pool) *Artist {
	return &Artist{primary: primary, replica: replica}
}

const artistColumns = `id, name, bio, born, rating, active, created_at, updated_at`

// scanArtist reads a row of artistColumns.
func scanArtist(row pgx.Row) (model.Artist, error) {
	var item model.Artist
	err := row.Scan(
		&item.ID,
		&item.Name,
		&item.Bio,
		&item.Born,
		&item.Rating,
		&item.Active,
		&item.CreatedAt,
		&item.UpdatedAt,
	)
	if err != nil {
		return model.Artist{}, err
	}
	// pgx returns timestamptz values in the local time zone.
	item.CreatedAt = item.CreatedAt.UTC()
	item.UpdatedAt = item.UpdatedAt.UTC()
	return item, nil
}

// Create inserts item.
func (r *Artist) Create(ctx context.Context, item model.Artist) error {
	_, err := r.primary.Exec(ctx,
		`INSERT INTO artists (`+artistColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		item.ID,
		item.Name,
		item.Bio,
		item.Born,
		item.Rating,
		item.Active,
		item.CreatedAt,
		item.UpdatedAt,
	)
	if err != nil {
		return fmt.Errorf("create artist: %w", translate(err, "artist"))
	}
	return nil
}

// Get returns the artist with the given id. It reads from the primary,
// so that a client finds an artist it has just written.
func (r *Artist) Get(ctx context.Context, id uuid.UUID) (model.Artist, error) {
	item, err := scanArtist(r.primary.QueryRow(ctx,
		`SELECT `+artistColumns+` FROM artists WHERE id = $1`, id))
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
	err := pgx.BeginTxFunc(ctx, r.replica, readSnapshot, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM artists`).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx,
			`SELECT `+artistColumns+` FROM artists ORDER BY created_at, id LIMIT $1 OFFSET $2`, limit, skip)
		if err != nil {
			return err
		}
		items, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Artist, error) { return scanArtist(row) })
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list artists: %w", translate(err, "artist"))
	}
	return items, total, nil
}

// Update loads the artist, applies fn and saves the result in one
// transaction that holds the row's lock throughout, so concurrent updates
// of one artist take turns. An error from fn rolls back and is returned
// unchanged.
func (r *Artist) Update(ctx context.Context, id uuid.UUID, fn func(*model.Artist) error) (model.Artist, error) {
	var item model.Artist
	err := pgx.BeginFunc(ctx, r.primary, func(tx pgx.Tx) error {
		var err error
		item, err = scanArtist(tx.QueryRow(ctx,
			`SELECT `+artistColumns+` FROM artists WHERE id = $1 FOR UPDATE`, id))
		if err != nil {
			return translate(err, "artist")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.Exec(ctx,
			`UPDATE artists SET name = $1, bio = $2, born = $3, rating = $4, active = $5, updated_at = $6 WHERE id = $7`,
			item.Name,
			item.Bio,
			item.Born,
			item.Rating,
			item.Active,
			item.UpdatedAt,
			id,
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
	tag, err := r.primary.Exec(ctx, `DELETE FROM artists WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete artist: %w", translateDelete(err, "artist"))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("delete artist: %w", translate(pgx.ErrNoRows, "artist"))
	}
	return nil
}
