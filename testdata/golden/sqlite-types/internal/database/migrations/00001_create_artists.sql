-- +goose Up
CREATE TABLE artists (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL UNIQUE,
    bio        TEXT,
    born       TEXT CHECK (born IS NULL OR born = date(born)),
    rating     REAL,
    active     INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX artists_created_at_id ON artists (created_at, id);
CREATE INDEX artists_updated_at_id ON artists (updated_at, id);
CREATE INDEX artists_name_id ON artists (name, id);
CREATE INDEX artists_active_created_at_id ON artists (active, created_at, id);

-- +goose Down
DROP TABLE artists;
