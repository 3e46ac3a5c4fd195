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

// List returns the page of the artists that q selects, from
// the replica and the index of its sort key. The total, when asked for, is
// counted by a query of its own.
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
	if err := addConds(&w, "name", q.Filter.Name, func(v string) any { return v }); err != nil {
		return model.Page[model.Artist]{}, err
	}
	if err := addConds(&w, "active", q.Filter.Active, func(v bool) any { return v }); err != nil {
		return model.Page[model.Artist]{}, err
	}
	var total *int
	if q.Count {
		var n int
		if err := r.replica.QueryRow(ctx, `SELECT count(*) FROM artists`+w.String(), w.args...).Scan(&n); err != nil {
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
	rows, err := r.replica.Query(ctx,
		`SELECT `+artistColumns+` FROM artists`+w.String()+orderBy(column, q.Sort.Desc, q.Limit), w.args...)
	if err != nil {
		return model.Page[model.Artist]{}, err
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Artist, error) { return scanArtist(row) })
	if err != nil {
		return model.Page[model.Artist]{}, err
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// artistSortKey returns the column of the sort key by and, when after is
// not nil, its value in after.
func artistSortKey(by model.ArtistSortKey, after *model.Artist) (column string, key any, err error) {
	var item model.Artist
	if after != nil {
		item = *after
	}
	switch by {
	case model.ArtistByCreatedAt:
		return "created_at", item.CreatedAt, nil
	case model.ArtistByUpdatedAt:
		return "updated_at", item.UpdatedAt, nil
	case model.ArtistByName:
		return "name", item.Name, nil
	}
	return "", nil, fmt.Errorf("unknown sort key %q", by)
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
