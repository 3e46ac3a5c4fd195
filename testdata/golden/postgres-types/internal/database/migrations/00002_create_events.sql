-- +goose Up
CREATE TABLE events (
    id         uuid PRIMARY KEY,
    title      varchar(80) NOT NULL COLLATE "C",
    kind       text NOT NULL COLLATE "C" CHECK (kind IN ('concert', 'talk')),
    starts_at  timestamptz NOT NULL,
    contact    varchar(254) COLLATE "C",
    ref_code   uuid,
    seats      bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX events_created_at_id ON events (created_at, id);
CREATE INDEX events_updated_at_id ON events (updated_at, id);
CREATE INDEX events_starts_at_id ON events (starts_at, id);
CREATE INDEX events_kind_created_at_id ON events (kind, created_at, id);
CREATE INDEX events_starts_at_created_at_id ON events (starts_at, created_at, id);

-- +goose Down
DROP TABLE events;
