-- +goose Up
CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL COLLATE NOCASE UNIQUE,
    full_name     TEXT,
    password_hash TEXT NOT NULL,
    is_active     INTEGER NOT NULL CHECK (is_active IN (0, 1)),
    is_superuser  INTEGER NOT NULL CHECK (is_superuser IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE INDEX users_created_at_id ON users (created_at, id);

-- +goose Down
DROP TABLE users;
