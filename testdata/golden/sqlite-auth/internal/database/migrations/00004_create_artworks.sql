-- +goose Up
CREATE TABLE artworks (
    id         TEXT PRIMARY KEY NOT NULL,
    owner_id   TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    title      TEXT NOT NULL,
    artist_id  TEXT NOT NULL,
    note_id    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (owner_id, note_id)
) STRICT;

CREATE INDEX artworks_created_at_id ON artworks (created_at, id);
CREATE INDEX artworks_owner_id_created_at_id ON artworks (owner_id, created_at, id);
CREATE INDEX artworks_artist_id ON artworks (artist_id);

-- +goose Down
DROP TABLE artworks;
