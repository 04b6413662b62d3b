-- +goose Up
-- Keys that Citus can keep when the customer tables are distributed by
-- account (docs/scale.md; TestCitusRules holds the schema to its rules).
-- On one server nothing reads differently: ids stay unique (they come from
-- the identity sequences) and lookups by id use the primary keys, which
-- still begin with it.

-- Identities carry their contact's account, order lines their order's: the
-- foreign keys below check that. Contacts moved to another account by an
-- import left their identities behind; they follow now.
UPDATE contact_identities i SET account_id = c.account_id
FROM contacts c WHERE c.id = i.contact_id AND i.account_id <> c.account_id;
UPDATE order_lines l SET account_id = o.account_id
FROM orders o WHERE o.id = l.order_id AND l.account_id <> o.account_id;

-- Links across accounts, which no distributed foreign key can hold: a
-- referral (another account), a touchpoint's contact (who may have moved to
-- another account since), a mention's account and contact (mentions stay on
-- the coordinator: matched by hand, an unmatched one has no account). The
-- store checks them when it writes them and clears them when their target
-- goes.
ALTER TABLE accounts DROP CONSTRAINT accounts_referred_by_id_fkey;
ALTER TABLE touchpoints DROP CONSTRAINT touchpoints_contact_id_fkey;
ALTER TABLE mentions DROP CONSTRAINT mentions_account_id_fkey, DROP CONSTRAINT mentions_contact_id_fkey;

-- Primary keys with the account. The foreign keys to them go first and
-- come back with the account in them, checked at commit, so that an order
-- and its lines (a contact and its identities) can move to another account
-- in one transaction.
ALTER TABLE contact_identities DROP CONSTRAINT contact_identities_contact_id_fkey;
ALTER TABLE order_lines DROP CONSTRAINT order_lines_order_id_fkey;
ALTER TABLE contacts DROP CONSTRAINT contacts_pkey, ADD PRIMARY KEY (id, account_id);
ALTER TABLE contact_identities DROP CONSTRAINT contact_identities_pkey, ADD PRIMARY KEY (id, account_id);
ALTER TABLE orders DROP CONSTRAINT orders_pkey, ADD PRIMARY KEY (id, account_id);
ALTER TABLE order_lines DROP CONSTRAINT order_lines_pkey, ADD PRIMARY KEY (id, account_id);
ALTER TABLE touchpoints DROP CONSTRAINT touchpoints_pkey, ADD PRIMARY KEY (id, account_id);
ALTER TABLE contact_identities ADD CONSTRAINT contact_identities_contact_id_fkey FOREIGN KEY (contact_id, account_id)
    REFERENCES contacts (id, account_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE order_lines ADD CONSTRAINT order_lines_order_id_fkey FOREIGN KEY (order_id, account_id)
    REFERENCES orders (id, account_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;

-- Unique keys with the account, the account last: the look-ups by key use
-- the same indexes as before. Across accounts the store keeps external ids
-- and identities unique (imports take turns, API writes lock the key).
-- An account's external id can hold no distributed unique key at all
-- (accounts are distributed by their id): a plain index now.
DROP INDEX accounts_external_id;
CREATE INDEX accounts_external_id ON accounts (external_id) WHERE external_id <> '';
DROP INDEX contacts_external_id;
CREATE UNIQUE INDEX contacts_external_id ON contacts (source, external_id, account_id) WHERE external_id <> '';
ALTER TABLE contact_identities DROP CONSTRAINT contact_identities_kind_value_key;
CREATE UNIQUE INDEX contact_identities_kind_value ON contact_identities (kind, value, account_id);
DROP INDEX orders_external_id;
CREATE UNIQUE INDEX orders_external_id ON orders (external_id, source, account_id);
ALTER TABLE order_lines DROP CONSTRAINT order_lines_order_id_line_no_key;
CREATE UNIQUE INDEX order_lines_order_line ON order_lines (order_id, line_no, account_id);
DROP INDEX touchpoints_source_external_id;
CREATE UNIQUE INDEX touchpoints_source_external_id ON touchpoints (source, external_id, account_id);

-- +goose Down
SELECT 'the keys for Citus cannot be migrated down';
