-- +goose Up
CREATE TABLE events (
    id         uuid PRIMARY KEY,
    title      varchar(80) NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('concert', 'talk')),
    starts_at  timestamptz NOT NULL,
    contact    varchar(254),
    ref_code   uuid,
    seats      bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX events_created_at_id ON events (created_at, id);
CREATE INDEX events_starts_at ON events (starts_at);

-- +goose Down
DROP TABLE events;
