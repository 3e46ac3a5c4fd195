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
CREATE INDEX blog_posts_title ON blog_posts (title);

-- +goose Down
DROP TABLE blog_posts;
