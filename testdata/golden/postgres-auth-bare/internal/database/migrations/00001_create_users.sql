-- +goose Up
-- Emails are stored in lower case, which makes UNIQUE case-insensitive;
-- lists sort them byte by byte (COLLATE "C").
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         varchar(254) COLLATE "C" NOT NULL UNIQUE CHECK (email = lower(email)),
    full_name     varchar(255),
    password_hash text NOT NULL,
    is_active     boolean NOT NULL,
    is_superuser  boolean NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE INDEX users_created_at_id ON users (created_at, id);
CREATE INDEX users_updated_at_id ON users (updated_at, id);
CREATE INDEX users_email_id ON users (email, id);
CREATE INDEX users_is_active_created_at_id ON users (is_active, created_at, id);
CREATE INDEX users_is_superuser_created_at_id ON users (is_superuser, created_at, id);

-- +goose Down
DROP TABLE users;
