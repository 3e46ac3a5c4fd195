-- +goose Up
CREATE TABLE blog_posts (
    id             uuid PRIMARY KEY,
    title          varchar(120) NOT NULL COLLATE "C",
    body           text NOT NULL COLLATE "C",
    published_on   date,
    views          bigint,
    score          double precision NOT NULL,
    visible        boolean,
    tag            text COLLATE "C" CHECK (tag IN ('news', 'howto', 'opinion')),
    editor_email   varchar(254) NOT NULL UNIQUE COLLATE "C",
    external_id    uuid NOT NULL UNIQUE,
    updated_by_url varchar(255) COLLATE "C",
    archived_at    timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

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
