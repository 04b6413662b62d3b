-- +goose Up
-- The perception gap (docs/surveys.md): staff answer a survey's questions
-- as they believe a customer would, about an account in their scope or
-- (account_id 0) about the company as a whole. One belief per survey,
-- user, account and question; a new answer replaces the old. user_id 0 is
-- the command line; user_name is the actor's name as the audit log has it.
-- The account is kept beside it with no key to it, as the survey tables'
-- (docs/scale.md); deleting an account deletes the beliefs about it.
CREATE TABLE survey_beliefs (
    survey_id   INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    account_id  INTEGER NOT NULL,
    position    INTEGER NOT NULL CHECK (position BETWEEN 1 AND 12),
    value       TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (survey_id, user_id, account_id, position)
) WITHOUT ROWID;
CREATE INDEX survey_beliefs_account ON survey_beliefs(account_id);

-- +goose Down
DROP TABLE survey_beliefs;
