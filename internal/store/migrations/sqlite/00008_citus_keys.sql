-- +goose Up
-- PostgreSQL's keys changed for Citus (docs/scale.md); SQLite's stay: one
-- file is never distributed, and its keys are stricter. What both need:
-- identities carry their contact's account, order lines their order's.
-- Contacts moved to another account by an import left their identities
-- behind; they follow now.
UPDATE contact_identities SET account_id = (SELECT c.account_id FROM contacts c WHERE c.id = contact_identities.contact_id)
WHERE account_id <> (SELECT c.account_id FROM contacts c WHERE c.id = contact_identities.contact_id);
UPDATE order_lines SET account_id = (SELECT o.account_id FROM orders o WHERE o.id = order_lines.order_id)
WHERE account_id <> (SELECT o.account_id FROM orders o WHERE o.id = order_lines.order_id);

-- +goose Down
SELECT 'nothing to undo';
