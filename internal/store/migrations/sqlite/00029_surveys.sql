-- +goose Up
-- Surveys that customers answer (docs/surveys.md): at most twelve
-- questions each, single-use expiring invitations per contact (only the
-- token's hash is kept), an open link per survey for the website, and
-- the responses with their answers. Times are Unix seconds. A contact's
-- account is kept beside it, with no key to it (as the portal's tables:
-- docs/scale.md).
CREATE TABLE surveys (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    language   TEXT NOT NULL CHECK (language IN ('en', 'de')),
    slug       TEXT NOT NULL UNIQUE,
    template   TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- The questions, by position (1 to 12): the twelve-question cap is the
-- store's rule and this table's.
CREATE TABLE survey_questions (
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL CHECK (position BETWEEN 1 AND 12),
    type      TEXT NOT NULL CHECK (type IN ('nps', 'rating', 'choice', 'multi', 'yesno', 'text')),
    text      TEXT NOT NULL,
    options   TEXT NOT NULL DEFAULT '[]',
    required  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, position)
) WITHOUT ROWID;

-- One invitation per contact and sending: bound to its survey, expiring,
-- spent when a response is finished.
CREATE TABLE survey_invitations (
    id          INTEGER PRIMARY KEY,
    survey_id   INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL,
    account_id  INTEGER NOT NULL,
    email       TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    channel     TEXT NOT NULL CHECK (channel IN ('link', 'mail', 'csv', 'invoice')),
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    started_at  INTEGER,
    finished_at INTEGER
);
-- The recontact rule reads a contact's latest invitation.
CREATE INDEX survey_invitations_contact ON survey_invitations(contact_id, created_at);
CREATE INDEX survey_invitations_survey ON survey_invitations(survey_id);

-- A response: to an invitation (at most one each: the key that keeps a
-- link single-use), or through the open link (at most one per browser,
-- by the hash of its cookie).
CREATE TABLE survey_responses (
    id            INTEGER PRIMARY KEY,
    survey_id     INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    invitation_id INTEGER UNIQUE REFERENCES survey_invitations(id) ON DELETE CASCADE,
    browser_hash  TEXT,
    contact_id    INTEGER,
    account_id    INTEGER,
    language      TEXT NOT NULL,
    started_at    INTEGER NOT NULL,
    finished_at   INTEGER,
    CHECK ((invitation_id IS NULL) <> (browser_hash IS NULL)),
    UNIQUE (survey_id, browser_hash)
);
CREATE INDEX survey_responses_account ON survey_responses(account_id);

CREATE TABLE survey_answers (
    response_id INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position BETWEEN 1 AND 12),
    value       TEXT NOT NULL,
    PRIMARY KEY (response_id, position)
) WITHOUT ROWID;

-- The final invoice of a project: the moment to ask for feedback.
ALTER TABLE orders ADD COLUMN final INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE orders DROP COLUMN final;
DROP TABLE survey_answers;
DROP TABLE survey_responses;
DROP TABLE survey_invitations;
DROP TABLE survey_questions;
DROP TABLE surveys;
