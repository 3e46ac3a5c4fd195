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

var _ service.ArtworkRepository = (*Artwork)(nil)

// Artwork stores artworks in the artworks table. A valid owner limits
// a call to the rows of that user; an invalid one reaches every row.
type Artwork struct {
	primary, replica *pgxpool.Pool
}

// NewArtwork returns an artwork repository that lists from replica and
// does everything else on primary.
func NewArtwork(primary, replica *pgxpool.Pool) *Artwork {
	return &Artwork{primary: primary, replica: replica}
}

const artworkColumns = `id, owner_id, title, artist_id, note_id, created_at, updated_at`

// artworkForeignKeys maps the foreign keys of the refs of artworks, by
// constraint name, to what a write naming a missing row reports.
var artworkForeignKeys = map[string]foreignKey{
	"artworks_artist_id_fkey": {"artist_id", "no artist has this id"},
	"artworks_note_id_fkey":   {"note_id", "no note has this id"},
}

// scanArtwork reads a row of artworkColumns.
func scanArtwork(row pgx.Row) (model.Artwork, error) {
	var item model.Artwork
	err := row.Scan(
		&item.ID,
		&item.OwnerID,
		&item.Title,
		&item.ArtistID,
		&item.NoteID,
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
		item.OwnerID,
		item.Title,
		item.ArtistID,
		item.NoteID,
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
func (r *Artwork) Get(ctx context.Context, scope model.Scope, id uuid.UUID) (model.Artwork, error) {
	owner, err := ownerParam(scope)
	if err != nil {
		return model.Artwork{}, fmt.Errorf("get artwork: %w", err)
	}
	item, err := scanArtwork(r.primary.QueryRow(ctx,
		`SELECT `+artworkColumns+` FROM artworks WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2)`, id, owner))
	if err != nil {
		return model.Artwork{}, fmt.Errorf("get artwork: %w", translate(err, "artwork"))
	}
	return item, nil
}

// List returns the page of the artworks of the scope that q selects, from
// the replica and the index of its sort key. The total, when asked for, is
// counted by a query of its own.
func (r *Artwork) List(ctx context.Context, scope model.Scope, q model.ArtworkList) (model.Page[model.Artwork], error) {
	page, err := r.list(ctx, scope, q)
	if err != nil {
		return model.Page[model.Artwork]{}, fmt.Errorf("list artworks: %w", translate(err, "artwork"))
	}
	return page, nil
}

func (r *Artwork) list(ctx context.Context, scope model.Scope, q model.ArtworkList) (model.Page[model.Artwork], error) {
	after, err := q.After()
	if err != nil {
		return model.Page[model.Artwork]{}, err
	}
	var w where
	owner, err := ownerParam(scope)
	if err != nil {
		return model.Page[model.Artwork]{}, err
	}
	if owner.Valid {
		w.add("owner_id = ?", owner.UUID)
	}
	if err := addConds(&w, "artist_id", q.Filter.ArtistID, func(v uuid.UUID) any { return v }); err != nil {
		return model.Page[model.Artwork]{}, err
	}
	if err := addConds(&w, "note_id", q.Filter.NoteID, func(v uuid.UUID) any { return v }); err != nil {
		return model.Page[model.Artwork]{}, err
	}
	var total *int
	if q.Count {
		var n int
		if err := r.replica.QueryRow(ctx, `SELECT count(*) FROM artworks`+w.String(), w.args...).Scan(&n); err != nil {
			return model.Page[model.Artwork]{}, err
		}
		total = &n
	}
	column, key, err := artworkSortKey(q.Sort.By(), after)
	if err != nil {
		return model.Page[model.Artwork]{}, err
	}
	if after != nil {
		w.after(column, key, after.ID, q.Sort.Desc)
	}
	rows, err := r.replica.Query(ctx,
		`SELECT `+artworkColumns+` FROM artworks`+w.String()+orderBy(column, q.Sort.Desc, q.Limit), w.args...)
	if err != nil {
		return model.Page[model.Artwork]{}, err
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Artwork, error) { return scanArtwork(row) })
	if err != nil {
		return model.Page[model.Artwork]{}, err
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// artworkSortKey returns the column of the sort key by and, when after is
// not nil, its value in after.
func artworkSortKey(by model.ArtworkSortKey, after *model.Artwork) (column string, key any, err error) {
	var item model.Artwork
	if after != nil {
		item = *after
	}
	switch by {
	case model.ArtworkByCreatedAt:
		return "created_at", item.CreatedAt, nil
	case model.ArtworkByUpdatedAt:
		return "updated_at", item.UpdatedAt, nil
	case model.ArtworkByArtistID:
		return "artist_id", item.ArtistID, nil
	}
	return "", nil, fmt.Errorf("unknown sort key %q", by)
}

// Update loads the artwork, applies fn and saves the result in one
// transaction that holds the row's lock throughout, so concurrent updates
// of one artwork take turns. An error from fn rolls back and is returned
// unchanged.
func (r *Artwork) Update(ctx context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Artwork) error) (model.Artwork, error) {
	var item model.Artwork
	owner, err := ownerParam(scope)
	if err != nil {
		return model.Artwork{}, fmt.Errorf("update artwork: %w", err)
	}
	err = pgx.BeginFunc(ctx, r.primary, func(tx pgx.Tx) error {
		var err error
		item, err = scanArtwork(tx.QueryRow(ctx,
			`SELECT `+artworkColumns+` FROM artworks WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2) FOR UPDATE`, id, owner))
		if err != nil {
			return translate(err, "artwork")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.Exec(ctx,
			`UPDATE artworks SET title = $1, artist_id = $2, note_id = $3, updated_at = $4 WHERE id = $5`,
			item.Title,
			item.ArtistID,
			item.NoteID,
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
func (r *Artwork) Delete(ctx context.Context, scope model.Scope, id uuid.UUID) error {
	owner, err := ownerParam(scope)
	if err != nil {
		return fmt.Errorf("delete artwork: %w", err)
	}
	tag, err := r.primary.Exec(ctx, `DELETE FROM artworks WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2)`, id, owner)
	if err != nil {
		return fmt.Errorf("delete artwork: %w", translateDelete(err, "artwork"))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("delete artwork: %w", translate(pgx.ErrNoRows, "artwork"))
	}
	return nil
}
