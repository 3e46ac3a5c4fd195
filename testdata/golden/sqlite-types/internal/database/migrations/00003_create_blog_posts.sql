-- +goose Up
CREATE TABLE blog_posts (
    id             TEXT PRIMARY KEY NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    published_on   TEXT CHECK (published_on IS NULL OR published_on = date(published_on)),
    views          INTEGER,
    score          REAL NOT NULL,
    visible        INTEGER CHECK (visible IS NULL OR visible IN (0, 1)),
    tag            TEXT CHECK (tag IS NULL OR tag IN ('news', 'howto', 'opinion')),
    editor_email   TEXT NOT NULL UNIQUE,
    external_id    TEXT NOT NULL UNIQUE,
    updated_by_url TEXT,
    archived_at    TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;

CREATE INDEX blog_posts_created_at_id ON blog_posts (created_at, id);
CREATE INDEX blog_posts_updated_at_id ON blog_posts (updated_at, id);
CREATE INDEX blog_posts_title_id ON blog_posts (title, id);
CREATE INDEX blog_posts_editor_email_id ON blog_posts (editor_email, id);
CREATE INDEX blog_posts_external_id_id ON blog_posts (external_id, id);
CREATE INDEX blog_posts_title_created_at_id ON blog_posts (title, created_at, id);
CREATE INDEX blog_posts_visible_created_at_id ON blog_posts (visible, created_at, id);
CREATE INDEX blog_posts_tag_created_at_id ON blog_posts (tag, created_at, id);

-- +goose Down
DROP TABLE blog_posts;
