-- +goose Up
-- Staff users flagged as product managers: the portal's spaces name them
-- to the customers, and their posts carry the title.
ALTER TABLE users ADD COLUMN product_manager INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN product_manager;
