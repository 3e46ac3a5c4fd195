-- +goose Up
CREATE TABLE artworks (
    id         TEXT PRIMARY KEY NOT NULL,
    owner_id   TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    title      TEXT NOT NULL,
    artist_id  TEXT NOT NULL REFERENCES artists (id) ON DELETE RESTRICT,
    note_id    TEXT REFERENCES notes (id) ON DELETE RESTRICT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (owner_id, note_id)
) STRICT;

CREATE INDEX artworks_created_at_id ON artworks (created_at, id);
CREATE INDEX artworks_owner_id_created_at_id ON artworks (owner_id, created_at, id);
CREATE INDEX artworks_artist_id ON artworks (artist_id);
CREATE INDEX artworks_note_id ON artworks (note_id);
CREATE INDEX artworks_owner_id_updated_at_id ON artworks (owner_id, updated_at, id);
CREATE INDEX artworks_owner_id_artist_id_id ON artworks (owner_id, artist_id, id);
CREATE INDEX artworks_owner_id_artist_id_created_at_id ON artworks (owner_id, artist_id, created_at, id);

-- +goose Down
DROP TABLE artworks;
