-- +goose Up
-- Emails are stored in lower case, which makes UNIQUE case-insensitive.
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         varchar(254) NOT NULL UNIQUE CHECK (email = lower(email)),
    full_name     varchar(255),
    password_hash text NOT NULL,
    is_active     boolean NOT NULL,
    is_superuser  boolean NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE INDEX users_created_at_id ON users (created_at, id);

-- +goose Down
DROP TABLE users;
