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

var _ service.ArtworkRepository = (*Artwork)(nil)

// Artwork stores artworks in the artworks table.
type Artwork struct {
	primary, replica *pgxpool.Pool
}

// NewArtwork returns an artwork repository that lists from replica and
// does everything else on primary.
func NewArtwork(primary, replica *pgxpool.Pool) *Artwork {
	return &Artwork{primary: primary, replica: replica}
}

const artworkColumns = `id, title, year, artist_id, event_id, created_at, updated_at`

// artworkForeignKeys maps the foreign keys of the refs of artworks, by
// constraint name, to what a write naming a missing row reports.
var artworkForeignKeys = map[string]foreignKey{
	"artworks_artist_id_fkey": {"artist_id", "no artist has this id"},
	"artworks_event_id_fkey":  {"event_id", "no event has this id"},
}

// scanArtwork reads a row of artworkColumns.
func scanArtwork(row pgx.Row) (model.Artwork, error) {
	var item model.Artwork
	err := row.Scan(
		&item.ID,
		&item.Title,
		&item.Year,
		&item.ArtistID,
		&item.EventID,
		&item.CreatedAt,
		&item.UpdatedAt,
	)
	if err != nil {
		return model.Artwork{}, err
	}
	// pgx returns timestamptz values in the local time zone.
	item.CreatedAt = item.CreatedAt.UTC()
	item.UpdatedAt = item.UpdatedAt.UTC()
	return item, nil
}

// Create inserts item.
func (r *Artwork) Create(ctx context.Context, item model.Artwork) error {
	_, err := r.primary.Exec(ctx,
		`INSERT INTO artworks (`+artworkColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		item.ID,
		item.Title,
		item.Year,
		item.ArtistID,
		item.EventID,
		item.CreatedAt,
		item.UpdatedAt,
	)
	if err != nil {
		return fmt.Errorf("create artwork: %w", translateWrite(err, "artwork", artworkForeignKeys))
	}
	return nil
}

// Get returns the artwork with the given id. It reads from the primary,
// so that a client finds an artwork it has just written.
func (r *Artwork) Get(ctx context.Context, id uuid.UUID) (model.Artwork, error) {
	item, err := scanArtwork(r.primary.QueryRow(ctx,
		`SELECT `+artworkColumns+` FROM artworks WHERE id = $1`, id))
	if err != nil {
		return model.Artwork{}, fmt.Errorf("get artwork: %w", translate(err, "artwork"))
	}
	return item, nil
}

// List returns a page of the artworks that match filter, ordered by
// creation time and id, and the number of them in total, both from one
// snapshot.
func (r *Artwork) List(ctx context.Context, filter model.ArtworkFilter, skip, limit int) ([]model.Artwork, int, error) {
	var (
		items []model.Artwork
		total int
	)
	err := pgx.BeginTxFunc(ctx, r.replica, readSnapshot, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx,
			`SELECT count(*) FROM artworks WHERE ($1::uuid IS NULL OR artist_id = $1) AND ($2::uuid IS NULL OR event_id = $2)`, filter.ArtistID, filter.EventID).Scan(&total)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx,
			`SELECT `+artworkColumns+` FROM artworks WHERE ($1::uuid IS NULL OR artist_id = $1) AND ($2::uuid IS NULL OR event_id = $2) ORDER BY created_at, id LIMIT $3 OFFSET $4`,
			filter.ArtistID, filter.EventID, limit, skip)
		if err != nil {
			return err
		}
		items, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Artwork, error) { return scanArtwork(row) })
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list artworks: %w", translate(err, "artwork"))
	}
	return items, total, nil
}

// Update loads the artwork, applies fn and saves the result in one
// transaction that holds the row's lock throughout, so concurrent updates
// of one artwork take turns. An error from fn rolls back and is returned
// unchanged.
func (r *Artwork) Update(ctx context.Context, id uuid.UUID, fn func(*model.Artwork) error) (model.Artwork, error) {
	var item model.Artwork
	err := pgx.BeginFunc(ctx, r.primary, func(tx pgx.Tx) error {
		var err error
		item, err = scanArtwork(tx.QueryRow(ctx,
			`SELECT `+artworkColumns+` FROM artworks WHERE id = $1 FOR UPDATE`, id))
		if err != nil {
			return translate(err, "artwork")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.Exec(ctx,
			`UPDATE artworks SET title = $1, year = $2, artist_id = $3, event_id = $4, updated_at = $5 WHERE id = $6`,
			item.Title,
			item.Year,
			item.ArtistID,
			item.EventID,
			item.UpdatedAt,
			id,
		)
		return translateWrite(err, "artwork", artworkForeignKeys)
	})
	if err != nil {
		return model.Artwork{}, fmt.Errorf("update artwork: %w", err)
	}
	return item, nil
}

// Delete removes the artwork with the given id.
func (r *Artwork) Delete(ctx context.Context, id uuid.UUID) error {
	tag, err := r.primary.Exec(ctx, `DELETE FROM artworks WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete artwork: %w", translateDelete(err, "artwork"))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("delete artwork: %w", translate(pgx.ErrNoRows, "artwork"))
	}
	return nil
}
