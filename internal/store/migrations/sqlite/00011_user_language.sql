-- +goose Up
-- The language a user chose for the web application ("en", "de"); empty:
-- none chosen, the browser's Accept-Language decides.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN language;
