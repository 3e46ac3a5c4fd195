-- +goose Up
CREATE TABLE events (
    id         uuid PRIMARY KEY,
    owner_id   uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    title      varchar(80) NOT NULL COLLATE "C",
    kind       text NOT NULL COLLATE "C" CHECK (kind IN ('concert', 'talk')),
    starts_at  timestamptz NOT NULL,
    contact    varchar(254) NOT NULL COLLATE "C",
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
CREATE INDEX events_owner_id_updated_at_id ON events (owner_id, updated_at, id);
CREATE INDEX events_owner_id_starts_at_id ON events (owner_id, starts_at, id);
CREATE INDEX events_owner_id_contact_id ON events (owner_id, contact, id);
CREATE INDEX events_owner_id_kind_created_at_id ON events (owner_id, kind, created_at, id);
CREATE INDEX events_owner_id_starts_at_created_at_id ON events (owner_id, starts_at, created_at, id);

-- +goose Down
DROP TABLE events;
