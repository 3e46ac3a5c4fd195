-- +goose Up
CREATE TABLE notes (
    id         TEXT PRIMARY KEY NOT NULL,
    owner_id   TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    title      TEXT NOT NULL,
    body       TEXT,
    due        TEXT CHECK (due IS NULL OR due = date(due)),
    done       INTEGER NOT NULL CHECK (done IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (owner_id, title)
) STRICT;

CREATE INDEX notes_created_at_id ON notes (created_at, id);
CREATE INDEX notes_owner_id_created_at_id ON notes (owner_id, created_at, id);
CREATE INDEX notes_owner_id_updated_at_id ON notes (owner_id, updated_at, id);
CREATE INDEX notes_owner_id_title_id ON notes (owner_id, title, id);
CREATE INDEX notes_owner_id_done_created_at_id ON notes (owner_id, done, created_at, id);

-- +goose Down
DROP TABLE notes;
