-- +goose Up
CREATE TABLE events (
    id         uuid PRIMARY KEY,
    owner_id   uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    title      varchar(80) NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('concert', 'talk')),
    starts_at  timestamptz NOT NULL,
    contact    varchar(254) NOT NULL,
    ref_code   uuid,
    seats      bigint,
    score      double precision,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (owner_id, contact)
);

CREATE INDEX events_created_at_id ON events (created_at, id);
CREATE INDEX events_owner_id_created_at_id ON events (owner_id, created_at, id);
CREATE INDEX events_starts_at ON events (starts_at);

-- +goose Down
DROP TABLE events;
