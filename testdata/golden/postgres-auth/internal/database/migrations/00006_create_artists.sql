-- +goose Up
CREATE TABLE artists (
    id         uuid PRIMARY KEY,
    name       varchar(255) NOT NULL COLLATE "C",
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX artists_created_at_id ON artists (created_at, id);
CREATE INDEX artists_updated_at_id ON artists (updated_at, id);

-- +goose Down
DROP TABLE artists;
