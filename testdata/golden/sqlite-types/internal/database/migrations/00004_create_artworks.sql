-- +goose Up
CREATE TABLE artworks (
    id         TEXT PRIMARY KEY NOT NULL,
    title      TEXT NOT NULL,
    year       INTEGER,
    artist_id  TEXT NOT NULL REFERENCES artists (id) ON DELETE RESTRICT,
    event_id   TEXT REFERENCES events (id) ON DELETE RESTRICT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX artworks_created_at_id ON artworks (created_at, id);
CREATE INDEX artworks_updated_at_id ON artworks (updated_at, id);
CREATE INDEX artworks_artist_id_id ON artworks (artist_id, id);
CREATE INDEX artworks_artist_id_created_at_id ON artworks (artist_id, created_at, id);
CREATE INDEX artworks_event_id_created_at_id ON artworks (event_id, created_at, id);

-- +goose Down
DROP TABLE artworks;
