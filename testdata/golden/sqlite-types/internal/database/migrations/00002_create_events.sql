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
CREATE INDEX events_starts_at ON events (starts_at);

-- +goose Down
DROP TABLE events;
