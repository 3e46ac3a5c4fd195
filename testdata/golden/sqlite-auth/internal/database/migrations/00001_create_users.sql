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
CREATE INDEX users_updated_at_id ON users (updated_at, id);
CREATE INDEX users_email_id ON users (email, id);
CREATE INDEX users_is_active_created_at_id ON users (is_active, created_at, id);
CREATE INDEX users_is_superuser_created_at_id ON users (is_superuser, created_at, id);

-- +goose Down
DROP TABLE users;
