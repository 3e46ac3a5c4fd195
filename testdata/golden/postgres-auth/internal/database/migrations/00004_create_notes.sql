-- +goose Up
CREATE TABLE notes (
    id         uuid PRIMARY KEY,
    owner_id   uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    title      varchar(255) NOT NULL COLLATE "C",
    body       text COLLATE "C",
    due        date,
    done       boolean NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (owner_id, title)
);

CREATE INDEX notes_created_at_id ON notes (created_at, id);
CREATE INDEX notes_owner_id_created_at_id ON notes (owner_id, created_at, id);
CREATE INDEX notes_owner_id_updated_at_id ON notes (owner_id, updated_at, id);
CREATE INDEX notes_owner_id_title_id ON notes (owner_id, title, id);
CREATE INDEX notes_owner_id_done_created_at_id ON notes (owner_id, done, created_at, id);

-- +goose Down
DROP TABLE notes;
