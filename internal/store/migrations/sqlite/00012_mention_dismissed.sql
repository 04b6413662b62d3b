-- +goose Up
-- A mention dismissed from the unmatched list by hand: "ignored" (about
-- no customer, nothing to match) or "spam"; empty: not dismissed.
ALTER TABLE mentions ADD COLUMN dismissed TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE mentions DROP COLUMN dismissed;
