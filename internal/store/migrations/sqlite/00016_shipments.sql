-- +goose Up
-- Shipments of orders: a carrier's tracking number (or a shop's shipment
-- id) as external_id, the tracking link, the dates and how far the parcel
-- got (shipped, in_transit, delivered, returned, unknown). A shipment
-- carries its order's account, kept in step by the store as order lines
-- do.
CREATE TABLE shipments (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    order_id     INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    source       TEXT NOT NULL DEFAULT 'import',
    external_id  TEXT NOT NULL,
    carrier      TEXT NOT NULL DEFAULT '',
    tracking_url TEXT NOT NULL DEFAULT '',
    shipped_at   TEXT NOT NULL,
    delivered_at TEXT,
    status       TEXT NOT NULL
);
CREATE UNIQUE INDEX shipments_order_external_id ON shipments (order_id, external_id);
-- A customer's shipments, newest first (the portal).
CREATE INDEX shipments_account ON shipments (account_id, shipped_at);

-- +goose Down
DROP TABLE shipments;
