package repository

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"example.com/demo/internal/model"
	"example.com/demo/internal/service"
)

var _ service.BlogPostRepository = (*BlogPost)(nil)

// BlogPost stores blog posts in the blog_posts table.
type BlogPost struct {
	db *sql.DB
}

// NewBlogPost returns a blog post repository on db.
func NewBlogPost(db *sql.DB) *BlogPost {
	return &BlogPost{db: db}
}

const blogPostColumns = `id, title, body, published_on, views, score, visible, tag, editor_email, external_id, updated_by_url, archived_at, created_at, updated_at`

func scanBlogPost(row interface{ Scan(...any) error }) (model.BlogPost, error) {
	var item model.BlogPost
	err := row.Scan(
		&item.ID,
		&item.Title,
		&item.Body,
		scanNullDate(&item.PublishedOn),
		&item.Views,
		&item.Score,
		&item.Visible,
		&item.Tag,
		&item.EditorEmail,
		&item.ExternalID,
		&item.UpdatedByURL,
		scanNullTime(&item.ArchivedAt),
		scanTime(&item.CreatedAt),
		scanTime(&item.UpdatedAt),
	)
	return item, err
}

// Create inserts item.
func (r *BlogPost) Create(ctx context.Context, item model.BlogPost) error {
	_, err := r.db.ExecContext(ctx,
		`INSERT INTO blog_posts (`+blogPostColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		item.ID,
		item.Title,
		item.Body,
		nullDateArg(item.PublishedOn),
		item.Views,
		item.Score,
		item.Visible,
		item.Tag,
		item.EditorEmail,
		item.ExternalID,
		item.UpdatedByURL,
		nullTimeArg(item.ArchivedAt),
		timeArg(item.CreatedAt),
		timeArg(item.UpdatedAt),
	)
	if err != nil {
		return fmt.Errorf("create blog post: %w", translate(err, "blog post"))
	}
	return nil
}

// Get returns the blog post with the given id.
func (r *BlogPost) Get(ctx context.Context, id uuid.UUID) (model.BlogPost, error) {
	item, err := scanBlogPost(r.db.QueryRowContext(ctx,
		`SELECT `+blogPostColumns+` FROM blog_posts WHERE id = ?`, id))
	if err != nil {
		return model.BlogPost{}, fmt.Errorf("get blog post: %w", translate(err, "blog post"))
	}
	return item, nil
}

// List returns a page of blog posts ordered by creation time and id, and the
// number of blog posts in total, both from one snapshot.
func (r *BlogPost) List(ctx context.Context, skip, limit int) ([]model.BlogPost, int, error) {
	var (
		items []model.BlogPost
		total int
	)
	err := inTx(ctx, r.db, &sql.TxOptions{ReadOnly: true}, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM blog_posts`).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx,
			`SELECT `+blogPostColumns+` FROM blog_posts ORDER BY created_at, id LIMIT ? OFFSET ?`, limit, skip)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			item, err := scanBlogPost(rows)
			if err != nil {
				return err
			}
			items = append(items, item)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list blog posts: %w", translate(err, "blog post"))
	}
	return items, total, nil
}

// Update loads the blog post, applies fn and saves the result in one
// transaction. An error from fn rolls back and is returned unchanged.
func (r *BlogPost) Update(ctx context.Context, id uuid.UUID, fn func(*model.BlogPost) error) (model.BlogPost, error) {
	var item model.BlogPost
	err := inTx(ctx, r.db, nil, func(tx *sql.Tx) error {
		var err error
		item, err = scanBlogPost(tx.QueryRowContext(ctx,
			`SELECT `+blogPostColumns+` FROM blog_posts WHERE id = ?`, id))
		if err != nil {
			return translate(err, "blog post")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			`UPDATE blog_posts SET title = ?, body = ?, published_on = ?, views = ?, score = ?, visible = ?, tag = ?, editor_email = ?, external_id = ?, updated_by_url = ?, archived_at = ?, updated_at = ? WHERE id = ?`,
			item.Title,
			item.Body,
			nullDateArg(item.PublishedOn),
			item.Views,
			item.Score,
			item.Visible,
			item.Tag,
			item.EditorEmail,
			item.ExternalID,
			item.UpdatedByURL,
			nullTimeArg(item.ArchivedAt),
			timeArg(item.UpdatedAt),
			item.ID,
		)
		return translate(err, "blog post")
	})
	if err != nil {
		return model.BlogPost{}, fmt.Errorf("update blog post: %w", err)
	}
	return item, nil
}

// Delete removes the blog post with the given id.
func (r *BlogPost) Delete(ctx context.Context, id uuid.UUID) error {
	res, err := r.db.ExecContext(ctx, `DELETE FROM blog_posts WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete blog post: %w", translateDelete(err, "blog post"))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("delete blog post: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("delete blog post: %w", translate(sql.ErrNoRows, "blog post"))
	}
	return nil
}
