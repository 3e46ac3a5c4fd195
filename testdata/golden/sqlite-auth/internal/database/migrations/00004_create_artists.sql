-- +goose Up
CREATE TABLE artists (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX artists_created_at_id ON artists (created_at, id);
CREATE INDEX artists_updated_at_id ON artists (updated_at, id);

-- +goose Down
DROP TABLE artists;
