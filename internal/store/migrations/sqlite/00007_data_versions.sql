-- +goose Up
-- One counter for each part of the data that figures are computed from.
-- Every audited write moves on the counters of the parts it changes, in
-- its own transaction, so that a cache of figures knows which of them a
-- change makes old (a note: touchpoints, not the orders the customer model
-- reads).
CREATE TABLE data_versions (
    part    TEXT PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO data_versions (part) VALUES
    ('accounts'), ('contacts'), ('orders'), ('touchpoints'), ('mentions'), ('settings'), ('users');

-- +goose Down
DROP TABLE data_versions;
