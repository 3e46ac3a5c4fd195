-- +goose Up
CREATE TABLE artworks (
    id         uuid PRIMARY KEY,
    title      varchar(255) NOT NULL,
    year       bigint,
    artist_id  uuid NOT NULL CONSTRAINT artworks_artist_id_fkey REFERENCES artists (id) ON DELETE RESTRICT,
    event_id   uuid CONSTRAINT artworks_event_id_fkey REFERENCES events (id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX artworks_created_at_id ON artworks (created_at, id);
CREATE INDEX artworks_artist_id ON artworks (artist_id);
CREATE INDEX artworks_event_id ON artworks (event_id);

-- +goose Down
DROP TABLE artworks;
