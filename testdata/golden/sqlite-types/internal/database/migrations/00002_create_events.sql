-- +goose Up
CREATE TABLE events (
    id         TEXT PRIMARY KEY NOT NULL,
    title      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('concert', 'talk')),
    starts_at  TEXT NOT NULL,
    contact    TEXT,
    ref_code   TEXT,
    seats      INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX events_created_at_id ON events (created_at, id);
CREATE INDEX events_updated_at_id ON events (updated_at, id);
CREATE INDEX events_starts_at_id ON events (starts_at, id);
CREATE INDEX events_kind_created_at_id ON events (kind, created_at, id);
CREATE INDEX events_starts_at_created_at_id ON events (starts_at, created_at, id);

-- +goose Down
DROP TABLE events;
