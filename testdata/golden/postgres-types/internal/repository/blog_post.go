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

var _ service.BlogPostRepository = (*BlogPost)(nil)

// BlogPost stores blog posts in the blog_posts table.
type BlogPost struct {
	primary, replica *pgxpool.Pool
}

// NewBlogPost returns a blog post repository that lists from replica and
// does everything else on primary.
func NewBlogPost(primary, replica *pgxpool.Pool) *BlogPost {
	return &BlogPost{primary: primary, replica: replica}
}

const blogPostColumns = `id, title, body, published_on, views, score, visible, tag, editor_email, external_id, updated_by_url, archived_at, created_at, updated_at`

// scanBlogPost reads a row of blogPostColumns.
func scanBlogPost(row pgx.Row) (model.BlogPost, error) {
	var item model.BlogPost
	err := row.Scan(
		&item.ID,
		&item.Title,
		&item.Body,
		&item.PublishedOn,
		&item.Views,
		&item.Score,
		&item.Visible,
		&item.Tag,
		&item.EditorEmail,
		&item.ExternalID,
		&item.UpdatedByURL,
		&item.ArchivedAt,
		&item.CreatedAt,
		&item.UpdatedAt,
	)
	if err != nil {
		return model.BlogPost{}, err
	}
	// pgx returns timestamptz values in the local time zone.
	item.ArchivedAt = utcPtr(item.ArchivedAt)
	item.CreatedAt = item.CreatedAt.UTC()
	item.UpdatedAt = item.UpdatedAt.UTC()
	return item, nil
}

// Create inserts item.
func (r *BlogPost) Create(ctx context.Context, item model.BlogPost) error {
	_, err := r.primary.Exec(ctx,
		`INSERT INTO blog_posts (`+blogPostColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		item.ID,
		item.Title,
		item.Body,
		item.PublishedOn,
		item.Views,
		item.Score,
		item.Visible,
		item.Tag,
		item.EditorEmail,
		item.ExternalID,
		item.UpdatedByURL,
		item.ArchivedAt,
		item.CreatedAt,
		item.UpdatedAt,
	)
	if err != nil {
		return fmt.Errorf("create blog post: %w", translate(err, "blog post"))
	}
	return nil
}

// Get returns the blog post with the given id. It reads from the primary,
// so that a client finds a blog post it has just written.
func (r *BlogPost) Get(ctx context.Context, id uuid.UUID) (model.BlogPost, error) {
	item, err := scanBlogPost(r.primary.QueryRow(ctx,
		`SELECT `+blogPostColumns+` FROM blog_posts WHERE id = $1`, id))
	if err != nil {
		return model.BlogPost{}, fmt.Errorf("get blog post: %w", translate(err, "blog post"))
	}
	return item, nil
}

// List returns the page of the blog posts that q selects, from
// the replica and the index of its sort key. The total, when asked for, is
// counted by a query of its own.
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
		if err := r.replica.QueryRow(ctx, `SELECT count(*) FROM blog_posts`+w.String(), w.args...).Scan(&n); err != nil {
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
	rows, err := r.replica.Query(ctx,
		`SELECT `+blogPostColumns+` FROM blog_posts`+w.String()+orderBy(column, q.Sort.Desc, q.Limit), w.args...)
	if err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.BlogPost, error) { return scanBlogPost(row) })
	if err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// blogPostSortKey returns the column of the sort key by and, when after is
// not nil, its value in after.
func blogPostSortKey(by model.BlogPostSortKey, after *model.BlogPost) (column string, key any, err error) {
	var item model.BlogPost
	if after != nil {
		item = *after
	}
	switch by {
	case model.BlogPostByCreatedAt:
		return "created_at", item.CreatedAt, nil
	case model.BlogPostByUpdatedAt:
		return "updated_at", item.UpdatedAt, nil
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
// transaction that holds the row's lock throughout, so concurrent updates
// of one blog post take turns. An error from fn rolls back and is returned
// unchanged.
func (r *BlogPost) Update(ctx context.Context, id uuid.UUID, fn func(*model.BlogPost) error) (model.BlogPost, error) {
	var item model.BlogPost
	err := pgx.BeginFunc(ctx, r.primary, func(tx pgx.Tx) error {
		var err error
		item, err = scanBlogPost(tx.QueryRow(ctx,
			`SELECT `+blogPostColumns+` FROM blog_posts WHERE id = $1 FOR UPDATE`, id))
		if err != nil {
			return translate(err, "blog post")
		}
		if err := fn(&item); err != nil {
			return err
		}
		_, err = tx.Exec(ctx,
			`UPDATE blog_posts SET title = $1, body = $2, published_on = $3, views = $4, score = $5, visible = $6, tag = $7, editor_email = $8, external_id = $9, updated_by_url = $10, archived_at = $11, updated_at = $12 WHERE id = $13`,
			item.Title,
			item.Body,
			item.PublishedOn,
			item.Views,
			item.Score,
			item.Visible,
			item.Tag,
			item.EditorEmail,
			item.ExternalID,
			item.UpdatedByURL,
			item.ArchivedAt,
			item.UpdatedAt,
			id,
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
	tag, err := r.primary.Exec(ctx, `DELETE FROM blog_posts WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete blog post: %w", translateDelete(err, "blog post"))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("delete blog post: %w", translate(pgx.ErrNoRows, "blog post"))
	}
	return nil
}
