-- +goose Up
-- Who wrote a note or touchpoint in the application or through the API
-- (the user's email, as the audit log names them); empty for imported
-- ones and those written before this column.
ALTER TABLE touchpoints ADD COLUMN author TEXT COLLATE "C" NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE touchpoints DROP COLUMN author;
