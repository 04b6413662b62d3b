-- +goose Up
-- The portal's access log: which contact read which private page, when
-- (a space, a wiki page, a thread, an order, a file). The contact's account
-- is kept beside it (no key to the contacts: docs/scale.md).
CREATE TABLE portal_reads (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    target_id  INTEGER NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX portal_reads_account ON portal_reads(account_id, at);

-- +goose Down
DROP TABLE portal_reads;
