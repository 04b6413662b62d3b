-- +goose Up
-- The ledger of advocacy acts: what a customer did for the business (a
-- referral, a review, a reference call, a case study, a talk, user-group
-- attendance, a community post, a promoter answer), when, with what
-- evidence, who recorded it and who verified it. Only verified acts earn
-- points (report advocates) and make an advocate (report funnel).
CREATE TABLE advocacy_acts (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    contact_id  INTEGER,
    kind        TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    evidence    TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    verified_by TEXT NOT NULL DEFAULT '',
    verified_at INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX advocacy_acts_account ON advocacy_acts(account_id, occurred_on);

-- +goose Down
DROP TABLE advocacy_acts;
