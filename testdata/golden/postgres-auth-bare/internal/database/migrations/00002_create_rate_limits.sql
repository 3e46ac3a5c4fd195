-- +goose Up
-- Counts of attempts to log in, register and refresh tokens, per client
-- and per account, in fixed windows. Rows whose window has ended are
-- deleted by the server.
CREATE TABLE rate_limits (
    key        text PRIMARY KEY,
    hits       integer NOT NULL,
    window_end timestamptz NOT NULL
);

CREATE INDEX rate_limits_window_end ON rate_limits (window_end);

-- +goose Down
DROP TABLE rate_limits;
