-- +goose Up
-- Marketing (issue 17): the activities (campaigns) a business runs, what
-- they cost, the tracking codes that tie customers to them, and the
-- touches: which account met which activity, when, and how staff know it
-- (forward: a tracked code; pos: the customer said so at the point of
-- sale; reverse: found by working back through the customer list).
-- Names and codes are unique without case: name_key and code_key hold
-- them folded (Unicode lower case, as the store folds them).
CREATE TABLE marketing_activities (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL DEFAULT 'other',
    channel         TEXT NOT NULL DEFAULT '',
    objective       TEXT NOT NULL DEFAULT '',
    intended_result TEXT NOT NULL DEFAULT '',
    target          INTEGER NOT NULL DEFAULT 0,
    starts_on       TEXT,
    ends_on         TEXT,
    status          TEXT NOT NULL DEFAULT 'planning',
    is_marketing    INTEGER NOT NULL DEFAULT 1,
    source          TEXT NOT NULL DEFAULT 'import'
);
-- Dated cost lines; time as hours × an hourly rate is kept with its
-- amount (amount_cents = hours × hourly_rate_cents, rounded, when hours
-- are given). A line's source names the import that wrote it, which
-- replaces its own line of an activity and no other.
CREATE TABLE activity_costs (
    id                INTEGER PRIMARY KEY,
    activity_id       INTEGER NOT NULL REFERENCES marketing_activities(id) ON DELETE CASCADE,
    incurred_on       TEXT NOT NULL,
    amount_cents      INTEGER NOT NULL,
    hours             REAL,
    hourly_rate_cents INTEGER,
    note              TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL DEFAULT 'import'
);
CREATE INDEX activity_costs_activity ON activity_costs (activity_id, incurred_on);
CREATE TABLE tracking_codes (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES marketing_activities(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL DEFAULT 'offer',
    code        TEXT NOT NULL,
    code_key    TEXT NOT NULL UNIQUE
);
CREATE INDEX tracking_codes_activity ON tracking_codes (activity_id);
CREATE TABLE activity_touches (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    activity_id      INTEGER NOT NULL REFERENCES marketing_activities(id) ON DELETE CASCADE,
    tracking_code_id INTEGER REFERENCES tracking_codes(id) ON DELETE SET NULL,
    touched_on       TEXT NOT NULL,
    method           TEXT NOT NULL,
    recorded_by      TEXT NOT NULL DEFAULT '',
    recorded_at      INTEGER NOT NULL,
    source           TEXT NOT NULL DEFAULT 'import'
);
CREATE UNIQUE INDEX activity_touches_key ON activity_touches (account_id, activity_id, touched_on, method);
CREATE INDEX activity_touches_activity ON activity_touches (activity_id);

-- +goose Down
DROP TABLE activity_touches;
DROP TABLE tracking_codes;
DROP TABLE activity_costs;
DROP TABLE marketing_activities;
