-- +goose Up
CREATE TABLE artworks (
    id         uuid PRIMARY KEY,
    title      varchar(255) NOT NULL COLLATE "C",
    year       bigint,
    artist_id  uuid NOT NULL CONSTRAINT artworks_artist_id_fkey REFERENCES artists (id) ON DELETE RESTRICT,
    event_id   uuid CONSTRAINT artworks_event_id_fkey REFERENCES events (id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX artworks_created_at_id ON artworks (created_at, id);
CREATE INDEX artworks_updated_at_id ON artworks (updated_at, id);
CREATE INDEX artworks_artist_id_id ON artworks (artist_id, id);
CREATE INDEX artworks_artist_id_created_at_id ON artworks (artist_id, created_at, id);
CREATE INDEX artworks_event_id_created_at_id ON artworks (event_id, created_at, id);

-- +goose Down
DROP TABLE artworks;
