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

// List returns the page of the blog posts that q selects, from
// the index of its sort key. The total, when asked for, is counted by a
// query of its own.
func (r *BlogPost) List(ctx context.Context, q model.BlogPostList) (model.Page[model.BlogPost], error) {
	page, err := r.list(ctx, q)
	if err != nil {
		return model.Page[model.BlogPost]{}, fmt.Errorf("list blog posts: %w", translate(err, "blog post"))
	}
	return page, nil
}

func (r *BlogPost) list(ctx context.Context, q model.BlogPostList) (model.Page[model.BlogPost], error) {
	after, err := q.After()
	if err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	var w where
	if err := addConds(&w, "title", q.Filter.Title, func(v string) any { return v }); err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	if err := addConds(&w, "visible", q.Filter.Visible, func(v bool) any { return v }); err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	if err := addConds(&w, "tag", q.Filter.Tag, func(v model.BlogPostTag) any { return v }); err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	if err := addConds(&w, "editor_email", q.Filter.EditorEmail, func(v string) any { return v }); err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	if err := addConds(&w, "external_id", q.Filter.ExternalID, func(v uuid.UUID) any { return v }); err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	var total *int
	if q.Count {
		var n int
		if err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM blog_posts`+w.String(), w.args...).Scan(&n); err != nil {
			return model.Page[model.BlogPost]{}, err
		}
		total = &n
	}
	column, key, err := blogPostSortKey(q.Sort.By(), after)
	if err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	if after != nil {
		w.after(column, key, after.ID, q.Sort.Desc)
	}
	rows, err := r.db.QueryContext(ctx,
		`SELECT `+blogPostColumns+` FROM blog_posts`+w.String()+orderBy(column, q.Sort.Desc, q.Limit), w.args...)
	if err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	defer rows.Close()
	var items []model.BlogPost
	for rows.Next() {
		item, err := scanBlogPost(rows)
		if err != nil {
			return model.Page[model.BlogPost]{}, err
		}
		items = append(items, item)
	}
	if err := rows.Err(); err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// blogPostSortKey returns the column of the sort key by and, when after is
// not nil, its value in after as stored.
func blogPostSortKey(by model.BlogPostSortKey, after *model.BlogPost) (column string, key any, err error) {
	var item model.BlogPost
	if after != nil {
		item = *after
	}
	switch by {
	case model.BlogPostByCreatedAt:
		return "created_at", timeArg(item.CreatedAt), nil
	case model.BlogPostByUpdatedAt:
		return "updated_at", timeArg(item.UpdatedAt), nil
	case model.BlogPostByTitle:
		return "title", item.Title, nil
	case model.BlogPostByEditorEmail:
		return "editor_email", item.EditorEmail, nil
	case model.BlogPostByExternalID:
		return "external_id", item.ExternalID, nil
	}
	return "", nil, fmt.Errorf("unknown sort key %q", by)
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
