-- +goose Up
-- The stages of the funnel after the sale as dated transitions with
-- their reason (customer, repeat, loyal, advocate, at_risk, lapsed,
-- churned): one row per account and stage, derived again from the data
-- by the figures' refresh whenever the data changes. observed: the data
-- does not date the move (at risk, churned); the day it was first seen
-- stands while it lasts.
CREATE TABLE stage_transitions (
    account_id  BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    stage       TEXT NOT NULL,
    occurred_on DATE NOT NULL,
    reason      TEXT NOT NULL,
    observed    BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (account_id, stage)
);
CREATE INDEX stage_transitions_on ON stage_transitions(occurred_on);

-- +goose Down
DROP TABLE stage_transitions;
