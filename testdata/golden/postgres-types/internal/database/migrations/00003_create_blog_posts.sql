-- +goose Up
CREATE TABLE blog_posts (
    id             uuid PRIMARY KEY,
    title          varchar(120) NOT NULL,
    body           text NOT NULL,
    published_on   date,
    views          bigint,
    score          double precision NOT NULL,
    visible        boolean,
    tag            text CHECK (tag IN ('news', 'howto', 'opinion')),
    editor_email   varchar(254) NOT NULL UNIQUE,
    external_id    uuid NOT NULL UNIQUE,
    updated_by_url varchar(255),
    archived_at    timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE INDEX blog_posts_created_at_id ON blog_posts (created_at, id);
CREATE INDEX blog_posts_title ON blog_posts (title);

-- +goose Down
DROP TABLE blog_posts;
