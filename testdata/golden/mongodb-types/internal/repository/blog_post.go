package repository

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"example.com/demo/internal/model"
	"example.com/demo/internal/service"
)

var _ service.BlogPostRepository = (*BlogPost)(nil)

// BlogPost stores blog posts in the blog_posts collection.
type BlogPost struct {
	primary, replica *mongo.Collection
}

// NewBlogPost returns a blog post repository that lists from replica and
// does everything else on primary.
func NewBlogPost(primary, replica *mongo.Database) *BlogPost {
	return &BlogPost{primary: primary.Collection("blog_posts"), replica: replica.Collection("blog_posts")}
}

// blogPostDoc is a blog post as stored.
type blogPostDoc struct {
	ID           string             `bson:"_id"`
	Title        string             `bson:"title"`
	Body         string             `bson:"body"`
	PublishedOn  *bson.DateTime     `bson:"published_on,omitempty"`
	Views        *int64             `bson:"views,omitempty"`
	Score        float64            `bson:"score"`
	Visible      *bool              `bson:"visible,omitempty"`
	Tag          *model.BlogPostTag `bson:"tag,omitempty"`
	EditorEmail  string             `bson:"editor_email"`
	ExternalID   string             `bson:"external_id"`
	UpdatedByURL *string            `bson:"updated_by_url,omitempty"`
	ArchivedAt   *bson.DateTime     `bson:"archived_at,omitempty"`
	CreatedAt    time.Time          `bson:"created_at"`
	UpdatedAt    time.Time          `bson:"updated_at"`
}

// newBlogPostDoc returns the document that stores item.
func newBlogPostDoc(item model.BlogPost) blogPostDoc {
	return blogPostDoc{
		ID:           item.ID.String(),
		Title:        item.Title,
		Body:         item.Body,
		PublishedOn:  dateTime(item.PublishedOn),
		Views:        item.Views,
		Score:        item.Score,
		Visible:      item.Visible,
		Tag:          item.Tag,
		EditorEmail:  item.EditorEmail,
		ExternalID:   item.ExternalID.String(),
		UpdatedByURL: item.UpdatedByURL,
		ArchivedAt:   dateTime(item.ArchivedAt),
		CreatedAt:    item.CreatedAt,
		UpdatedAt:    item.UpdatedAt,
	}
}

// model returns the blog post the document holds.
func (d blogPostDoc) model() (model.BlogPost, error) {
	item := model.BlogPost{
		Title:        d.Title,
		Body:         d.Body,
		PublishedOn:  utcTime(d.PublishedOn),
		Views:        d.Views,
		Score:        d.Score,
		Visible:      d.Visible,
		Tag:          d.Tag,
		EditorEmail:  d.EditorEmail,
		UpdatedByURL: d.UpdatedByURL,
		ArchivedAt:   utcTime(d.ArchivedAt),
		CreatedAt:    d.CreatedAt,
		UpdatedAt:    d.UpdatedAt,
	}
	var err error
	if item.ID, err = uuid.Parse(d.ID); err != nil {
		return model.BlogPost{}, fmt.Errorf("blog post %q: _id: %w", d.ID, err)
	}
	if item.ExternalID, err = uuid.Parse(d.ExternalID); err != nil {
		return model.BlogPost{}, fmt.Errorf("blog post %s: external_id: %w", d.ID, err)
	}
	return item, nil
}

// uniqueKeys are the unique fields of the document that have a value.
func (d blogPostDoc) uniqueKeys() []uniqueKey {
	var keys []uniqueKey
	keys = append(keys, uniqueKey{field: "editor_email", filter: bson.D{{Key: "editor_email", Value: d.EditorEmail}}})
	keys = append(keys, uniqueKey{field: "external_id", filter: bson.D{{Key: "external_id", Value: d.ExternalID}}})
	return keys
}

// blogPostFilter matches the blog post with the given id.
func blogPostFilter(id uuid.UUID) bson.D {
	return bson.D{{Key: "_id", Value: id.String()}}
}

// Create inserts item.
func (r *BlogPost) Create(ctx context.Context, item model.BlogPost) error {
	doc := newBlogPostDoc(item)
	if _, err := r.primary.InsertOne(ctx, doc); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("create blog post: %w", duplicate(ctx, r.primary, "blog post", doc.ID, doc.uniqueKeys(), err))
		}
		return fmt.Errorf("create blog post: %w", translate(err, "blog post"))
	}
	return nil
}

// Get returns the blog post with the given id. It reads from the primary,
// so that a client finds a blog post it has just written.
func (r *BlogPost) Get(ctx context.Context, id uuid.UUID) (model.BlogPost, error) {
	item, err := r.find(ctx, blogPostFilter(id))
	if err != nil {
		return model.BlogPost{}, fmt.Errorf("get blog post: %w", err)
	}
	return item, nil
}

// find reads the blog post that filter matches from the primary.
func (r *BlogPost) find(ctx context.Context, filter bson.D) (model.BlogPost, error) {
	var doc blogPostDoc
	if err := r.primary.FindOne(ctx, filter).Decode(&doc); err != nil {
		return model.BlogPost{}, translate(err, "blog post")
	}
	return doc.model()
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
	match, err := blogPostMatch(q)
	if err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	var total *int
	if q.Count {
		n, err := r.replica.CountDocuments(ctx, match)
		if err != nil {
			return model.Page[model.BlogPost]{}, err
		}
		total = new(int(n))
	}
	match, order, err := blogPostOrder(q, match)
	if err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	cursor, err := r.replica.Find(ctx, match, options.Find().SetSort(order).SetLimit(int64(q.Limit)+1))
	if err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	var docs []blogPostDoc
	if err := cursor.All(ctx, &docs); err != nil {
		return model.Page[model.BlogPost]{}, err
	}
	items := make([]model.BlogPost, len(docs))
	for i, doc := range docs {
		if items[i], err = doc.model(); err != nil {
			return model.Page[model.BlogPost]{}, err
		}
	}
	page := nextPage(items, q.Limit, q.Next)
	page.Total = total
	return page, nil
}

// blogPostMatch is the filter of the documents that q's filter
// selects.
func blogPostMatch(q model.BlogPostList) (bson.D, error) {
	match := bson.D{}
	var err error
	if match, err = addConds(match, "title", q.Filter.Title, func(v string) any { return v }); err != nil {
		return nil, err
	}
	if match, err = addConds(match, "visible", q.Filter.Visible, func(v bool) any { return v }); err != nil {
		return nil, err
	}
	if match, err = addConds(match, "tag", q.Filter.Tag, func(v model.BlogPostTag) any { return v }); err != nil {
		return nil, err
	}
	if match, err = addConds(match, "editor_email", q.Filter.EditorEmail, func(v string) any { return v }); err != nil {
		return nil, err
	}
	if match, err = addConds(match, "external_id", q.Filter.ExternalID, func(v uuid.UUID) any { return v.String() }); err != nil {
		return nil, err
	}
	return match, nil
}

// blogPostOrder returns match narrowed to the documents after q's cursor,
// and the sort of q.
func blogPostOrder(q model.BlogPostList, match bson.D) (bson.D, bson.D, error) {
	after, err := q.After()
	if err != nil {
		return nil, nil, err
	}
	var item model.BlogPost
	if after != nil {
		item = *after
	}
	var key string
	var value any
	switch q.Sort.By() {
	case model.BlogPostByCreatedAt:
		key, value = "created_at", item.CreatedAt
	case model.BlogPostByUpdatedAt:
		key, value = "updated_at", item.UpdatedAt
	case model.BlogPostByTitle:
		key, value = "title", item.Title
	case model.BlogPostByEditorEmail:
		key, value = "editor_email", item.EditorEmail
	case model.BlogPostByExternalID:
		key, value = "external_id", item.ExternalID.String()
	default:
		return nil, nil, fmt.Errorf("unknown sort key %q", q.Sort.By())
	}
	order := sortBy(key, q.Sort.Desc)
	if after != nil {
		match = keyset(match, key, value, after.ID, q.Sort.Desc)
	}
	return match, order, nil
}

// Update loads the blog post from the primary, applies fn and writes the
// fields fn changed, unless another write changed them meanwhile: then it
// pauses and starts over, calling fn again on the fresh blog post, and
// after maxAttempts tries fails with an apperr.Conflict. An error from fn
// aborts the update and is returned unchanged.
func (r *BlogPost) Update(ctx context.Context, id uuid.UUID, fn func(*model.BlogPost) error) (model.BlogPost, error) {
	filter := blogPostFilter(id)
	for attempt := range maxAttempts {
		if attempt > 0 {
			if err := retryBackoff.wait(ctx, attempt-1); err != nil {
				return model.BlogPost{}, fmt.Errorf("update blog post: %w", err)
			}
		}
		item, err := r.find(ctx, filter)
		if err != nil {
			return model.BlogPost{}, fmt.Errorf("update blog post: %w", err)
		}
		old := newBlogPostDoc(item)
		if err := fn(&item); err != nil {
			return model.BlogPost{}, err
		}
		next := newBlogPostDoc(item)
		var c changes
		change(&c, "title", old.Title, next.Title)
		change(&c, "body", old.Body, next.Body)
		changeOptional(&c, "published_on", old.PublishedOn, next.PublishedOn)
		changeOptional(&c, "views", old.Views, next.Views)
		change(&c, "score", old.Score, next.Score)
		changeOptional(&c, "visible", old.Visible, next.Visible)
		changeOptional(&c, "tag", old.Tag, next.Tag)
		change(&c, "editor_email", old.EditorEmail, next.EditorEmail)
		change(&c, "external_id", old.ExternalID, next.ExternalID)
		changeOptional(&c, "updated_by_url", old.UpdatedByURL, next.UpdatedByURL)
		changeOptional(&c, "archived_at", old.ArchivedAt, next.ArchivedAt)
		change(&c, "updated_at", old.UpdatedAt, next.UpdatedAt)
		if c.empty() {
			return item, nil
		}
		if c.touches("editor_email", "external_id") {
			if err := checkUnique(ctx, r.primary, "blog post", next.ID, next.uniqueKeys()); err != nil {
				return model.BlogPost{}, fmt.Errorf("update blog post: %w", err)
			}
		}
		res, err := r.primary.UpdateOne(ctx, c.filter(filter), c.update())
		switch {
		case mongo.IsDuplicateKeyError(err):
			return model.BlogPost{}, fmt.Errorf("update blog post: %w", duplicate(ctx, r.primary, "blog post", next.ID, next.uniqueKeys(), err))
		case err != nil:
			return model.BlogPost{}, fmt.Errorf("update blog post: %w", translate(err, "blog post"))
		case res.MatchedCount == 1:
			return item, nil
		}
	}
	return model.BlogPost{}, fmt.Errorf("update blog post %s: %w", id, contention("blog post"))
}

// Delete removes the blog post with the given id, unless a ref field of
// another document points at it.
func (r *BlogPost) Delete(ctx context.Context, id uuid.UUID) error {
	filter := blogPostFilter(id)
	if err := deleteUnreferenced(ctx, r.primary, "blog post", id.String(), filter); err != nil {
		return fmt.Errorf("delete blog post: %w", err)
	}
	return nil
}
