package repository

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
	"example.com/shop/internal/service"
)

var _ service.ArtworkRepository = (*Artwork)(nil)

// Artwork stores artworks in the artworks table. A call reaches only
// the rows of its scope.
type Artwork struct {
	db *sql.DB
}

// NewArtwork returns an artwork repository on db.
func NewArtwork(db *sql.DB) *Artwork {
	return &Artwork{db: db}
}

const artworkColumns = `id, owner_id, title, artist_id, note_id, created_at, updated_at`

func scanArtwork(row interface{ Scan(...any) error }) (model.Artwork, error) {
	var item model.Artwork
	err := row.Scan(
		&item.ID,
		&item.OwnerID,
		&item.Title,
		&item.ArtistID,
		&item.NoteID,
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
		item.OwnerID,
		item.Title,
		item.ArtistID,
		item.NoteID,
		timeArg(item.CreatedAt),
		timeArg(item.UpdatedAt),
	)
	if err != nil {
		return fmt.Errorf("create artwork: %w", translateRefs(ctx, r.db, err, "artwork", artworkRefs(item)))
	}
	return nil
}

// Get returns the artwork with the given id.
func (r *Artwork) Get(ctx context.Context, scope model.Scope, id uuid.UUID) (model.Artwork, error) {
	cond, args, err := scopeFilter(scope)
	if err != nil {
		return model.Artwork{}, fmt.Errorf("get artwork: %w", err)
	}
	item, err := scanArtwork(r.db.QueryRowContext(ctx,
		`SELECT `+artworkColumns+` FROM artworks WHERE id = ? AND `+cond, append([]any{id}, args...)...))
	if err != nil {
		return model.Artwork{}, fmt.Errorf("get artwork: %w", translate(err, "artwork"))
	}
	return item, nil
}

// List returns a page of the artworks filter selects, ordered by creation
// time and id, and how many it selects in total, both from one snapshot.
func (r *Artwork) List(ctx context.Context, scope model.Scope, filter model.ArtworkFilter, skip, limit int) ([]model.Artwork, int, error) {
	var (
		items []model.Artwork
		total int
	)
	cond, args, err := scopeFilter(scope)
	if err != nil {
		return nil, 0, fmt.Errorf("list artworks: %w", err)
	}
	if filter.ArtistID.Valid {
		cond += " AND artist_id = ?"
		args = append(args, filter.ArtistID.UUID)
	}
	if filter.NoteID.Valid {
		cond += " AND note_id = ?"
		args = append(args, filter.NoteID.UUID)
	}
	err = inTx(ctx, r.db, &sql.TxOptions{ReadOnly: true}, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM artworks WHERE `+cond, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx,
			`SELECT `+artworkColumns+` FROM artworks WHERE `+cond+` ORDER BY created_at, id LIMIT ? OFFSET ?`,
			append(args, limit, skip)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			item, err := scanArtwork(rows)
			if err != nil {
				return err
			}
			items = append(items, item)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list artworks: %w", translate(err, "artwork"))
	}
	return items, total, nil
}

// Update loads the artwork, applies fn and saves the result in one
// transaction. An error from fn rolls back and is returned unchanged.
func (r *Artwork) Update(ctx context.Context, scope model.Scope, id uuid.UUID, fn func(*model.Artwork) error) (model.Artwork, error) {
	var item model.Artwork
	cond, args, err := scopeFilter(scope)
	if err != nil {
		return model.Artwork{}, fmt.Errorf("update artwork: %w", err)
	}
	err = inTx(ctx, r.db, nil, func(tx *sql.Tx) error {
		var err error
		item, err = scanArtwork(tx.QueryRowContext(ctx,
			`SELECT `+artworkColumns+` FROM artworks WHERE id = ? AND `+cond, append([]any{id}, args...)...))
		if err != nil {
			return translate(err, "artwork")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			`UPDATE artworks SET title = ?, artist_id = ?, note_id = ?, updated_at = ? WHERE id = ?`,
			item.Title,
			item.ArtistID,
			item.NoteID,
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
func (r *Artwork) Delete(ctx context.Context, scope model.Scope, id uuid.UUID) error {
	cond, args, err := scopeFilter(scope)
	if err != nil {
		return fmt.Errorf("delete artwork: %w", err)
	}
	res, err := r.db.ExecContext(ctx, `DELETE FROM artworks WHERE id = ? AND `+cond, append([]any{id}, args...)...)
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
	if item.NoteID != nil {
		refs = append(refs, ref{column: "note_id", table: "notes", entity: "note", id: *item.NoteID})
	}
	return refs
}
