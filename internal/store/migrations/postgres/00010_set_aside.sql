-- +goose Up
-- The indexes and foreign keys a bulk load into an empty database set aside
-- (store.FreshLoad, PostgreSQL), as the statements that put them back, run
-- in seq order when the load ends, or when the store next opens the
-- database if the load was cut short. Empty whenever no such load runs.
CREATE TABLE set_aside (
    seq       INTEGER PRIMARY KEY,
    statement TEXT NOT NULL
);

-- +goose Down
DROP TABLE set_aside;
