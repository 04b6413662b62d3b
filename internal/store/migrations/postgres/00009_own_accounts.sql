-- +goose Up
-- A staff user may be restricted to the accounts they own ("sees own
-- accounts only"): those whose owner is the user's email, their name or
-- owner_name, the letters A-Z compared without case (crm.OwnerKey).
-- Admins are never restricted.
ALTER TABLE users ADD COLUMN own_accounts_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN owner_name TEXT NOT NULL DEFAULT '';
-- The accounts of such a user are found by their owner key: the expression
-- the store's scope condition uses (store/scope.go).
CREATE INDEX accounts_owner_key ON accounts (LOWER(owner COLLATE "C"));

-- +goose Down
DROP INDEX accounts_owner_key;
ALTER TABLE users DROP COLUMN owner_name;
ALTER TABLE users DROP COLUMN own_accounts_only;
