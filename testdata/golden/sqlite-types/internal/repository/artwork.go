package repository

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"example.com/demo/internal/model"
	"example.com/demo/internal/service"
)

var _ service.ArtworkRepository = (*Artwork)(nil)

// Artwork stores artworks in the artworks table.
type Artwork struct {
	db *sql.DB
}

// NewArtwork returns an artwork repository on db.
func NewArtwork(db *sql.DB) *Artwork {
	return &Artwork{db: db}
}

const artworkColumns = `id, title, year, artist_id, event_id, created_at, updated_at`

func scanArtwork(row interface{ Scan(...any) error }) (model.Artwork, error) {
	var item model.Artwork
	err := row.Scan(
		&item.ID,
		&item.Title,
		&item.Year,
		&item.ArtistID,
		&item.EventID,
		scanTime(&item.CreatedAt),
		scanTime(&item.UpdatedAt),
	)
	return item, err
}

// Create inserts item.
func (r *Artwork) Create(ctx context.Context, item model.Artwork) error {
	_, err := r.db.ExecContext(ctx,
		`INSERT INTO artworks (`+artworkColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		item.ID,
		item.Title,
		item.Year,
		item.ArtistID,
		item.EventID,
		timeArg(item.CreatedAt),
		timeArg(item.UpdatedAt),
	)
	if err != nil {
		return fmt.Errorf("create artwork: %w", translateRefs(ctx, r.db, err, "artwork", artworkRefs(item)))
	}
	return nil
}

// Get returns the artwork with the given id.
func (r *Artwork) Get(ctx context.Context, id uuid.UUID) (model.Artwork, error) {
	item, err := scanArtwork(r.db.QueryRowContext(ctx,
		`SELECT `+artworkColumns+` FROM artworks WHERE id = ?`, id))
	if err != nil {
		return model.Artwork{}, fmt.Errorf("get artwork: %w", translate(err, "artwork"))
	}
	return item, nil
}

// List returns the page of the artworks that q selects, from
// the index of its sort key. The total, when asked for, is counted by a
// query of its own.
func (r *Artwork) List(ctx context.Context, q model.ArtworkList) (model.Page[model.Artwork], error) {
	page, err := r.list(ctx, q)
	if err != nil {
		return model.Page[model.Artwork]{}, fmt.Errorf("list artworks: %w", translate(err, "artwork"))
	}
	return page, nil
}

func (r *Artwork) list(ctx context.Context, q model.ArtworkList) (model.Page[model.Artwork], error) {
	after, err := q.After()
	if err != nil {
		return model.Page[model.Artwork]{}, err
	}
	var w where
	if err := addConds(&w, "artist_id", q.Filter.ArtistID, func(v uuid.UUID) any { return v }); err != nil {
		return model.Page[model.Artwork]{}, err
	}
	if err := addConds(&w, "event_id", q.Filter.EventID, func(v uuid.UUID) any { return v }); err != nil {
		return model.Page[model.Artwork]{}, err
	}
	var total *int
	if q.Count {
		var n int
		if err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM artworks`+w.String(), w.args...).Scan(&n); err != nil {
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
	rows, err := r.db.QueryContext(ctx,
		`SELECT `+artworkColumns+` FROM artworks`+w.String()+orderBy(column, q.Sort.Desc, q.Limit), w.args...)
	if err != nil {
		return model.Page[model.Artwork]{}, err
	}
	defer rows.Close()
	var items []model.Artwork
	for rows.Next() {
		item, err := scanArtwork(rows)
		if err != nil {
			return model.Page[model.Artwork]{}, err
		}
		items = append(items, item)
	}
	if err := rows.Err(); err != nil {
		return model.Page[model.Artwork]{}, err
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// artworkSortKey returns the column of the sort key by and, when after is
// not nil, its value in after as stored.
func artworkSortKey(by model.ArtworkSortKey, after *model.Artwork) (column string, key any, err error) {
	var item model.Artwork
	if after != nil {
		item = *after
	}
	switch by {
	case model.ArtworkByCreatedAt:
		return "created_at", timeArg(item.CreatedAt), nil
	case model.ArtworkByUpdatedAt:
		return "updated_at", timeArg(item.UpdatedAt), nil
	case model.ArtworkByArtistID:
		return "artist_id", item.ArtistID, nil
	}
	return "", nil, fmt.Errorf("unknown sort key %q", by)
}

// Update loads the artwork, applies fn and saves the result in one
// transaction. An error from fn rolls back and is returned unchanged.
func (r *Artwork) Update(ctx context.Context, id uuid.UUID, fn func(*model.Artwork) error) (model.Artwork, error) {
	var item model.Artwork
	err := inTx(ctx, r.db, nil, func(tx *sql.Tx) error {
		var err error
		item, err = scanArtwork(tx.QueryRowContext(ctx,
			`SELECT `+artworkColumns+` FROM artworks WHERE id = ?`, id))
		if err != nil {
			return translate(err, "artwork")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			`UPDATE artworks SET title = ?, year = ?, artist_id = ?, event_id = ?, updated_at = ? WHERE id = ?`,
			item.Title,
			item.Year,
			item.ArtistID,
			item.EventID,
			timeArg(item.UpdatedAt),
			item.ID,
		)
		return translateRefs(ctx, tx, err, "artwork", artworkRefs(item))
	})
	if err != nil {
		return model.Artwork{}, fmt.Errorf("update artwork: %w", err)
	}
	return item, nil
}

// Delete removes the artwork with the given id.
func (r *Artwork) Delete(ctx context.Context, id uuid.UUID) error {
	res, err := r.db.ExecContext(ctx, `DELETE FROM artworks WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete artwork: %w", translateDelete(err, "artwork"))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("delete artwork: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("delete artwork: %w", translate(sql.ErrNoRows, "artwork"))
	}
	return nil
}

// artworkRefs lists the rows item refers to.
func artworkRefs(item model.Artwork) []ref {
	var refs []ref
	refs = append(refs, ref{column: "artist_id", table: "artists", entity: "artist", id: item.ArtistID})
	if item.EventID != nil {
		refs = append(refs, ref{column: "event_id", table: "events", entity: "event", id: *item.EventID})
	}
	return refs
}
