-- +goose Up
CREATE TABLE artists (
    id         uuid PRIMARY KEY,
    name       varchar(255) NOT NULL UNIQUE COLLATE "C",
    bio        text COLLATE "C",
    born       date,
    rating     double precision,
    active     boolean NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX artists_created_at_id ON artists (created_at, id);
CREATE INDEX artists_updated_at_id ON artists (updated_at, id);
CREATE INDEX artists_name_id ON artists (name, id);
CREATE INDEX artists_active_created_at_id ON artists (active, created_at, id);

-- +goose Down
DROP TABLE artists;
