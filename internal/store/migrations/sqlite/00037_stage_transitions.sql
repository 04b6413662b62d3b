-- +goose Up
-- The stages of the funnel after the sale as dated transitions with
-- their reason (customer, repeat, loyal, advocate, at_risk, lapsed,
-- churned): one row per account and stage, derived again from the data
-- by the figures' refresh whenever the data changes. observed: the data
-- does not date the move (at risk, churned); the day it was first seen
-- stands while it lasts.
CREATE TABLE stage_transitions (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    stage       TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    reason      TEXT NOT NULL,
    observed    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, stage)
);
CREATE INDEX stage_transitions_on ON stage_transitions(occurred_on);

-- +goose Down
DROP TABLE stage_transitions;
