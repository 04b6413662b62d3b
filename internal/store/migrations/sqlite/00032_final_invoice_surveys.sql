-- +goose Up
-- The survey with the final invoice (docs/surveys.md): the invoice's
-- contact as the import names it, and what the rule did with a final
-- invoice — invited its contact, or skipped it (recontact rule, no
-- contact), when. An empty final_survey is a final invoice the rule has
-- not seen yet.
ALTER TABLE orders ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN final_survey TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN final_survey_at INTEGER;
-- The rule's one read: final invoices it has not seen, by date.
CREATE INDEX orders_final_waiting ON orders(ordered_at) WHERE final = 1 AND final_survey = '';

-- Detractors open an item in the care queue as a mention of the platform
-- "survey" (the queue is made of mentions). The listening reports are of
-- social media and leave them out: their covering index carries the
-- platform, so that the scans still read the index alone.
DROP INDEX mentions_posted;
CREATE INDEX mentions_posted ON mentions(posted_at, account_id, author_key, compound, intensity, platform);

-- An answer through a survey's open link, whose respondent gave the
-- address of one of the customers' contacts, waits for that contact to
-- confirm it (a link by mail: only its hash is kept) before it counts as
-- theirs; the address is kept only until then.
ALTER TABLE survey_responses ADD COLUMN claimed_email TEXT NOT NULL DEFAULT '';
ALTER TABLE survey_responses ADD COLUMN confirm_hash TEXT;
CREATE UNIQUE INDEX survey_responses_confirm ON survey_responses(confirm_hash) WHERE confirm_hash IS NOT NULL;

-- +goose Down
DROP INDEX survey_responses_confirm;
ALTER TABLE survey_responses DROP COLUMN confirm_hash;
ALTER TABLE survey_responses DROP COLUMN claimed_email;
DROP INDEX mentions_posted;
CREATE INDEX mentions_posted ON mentions(posted_at, account_id, author_key, compound, intensity);
DROP INDEX orders_final_waiting;
ALTER TABLE orders DROP COLUMN final_survey_at;
ALTER TABLE orders DROP COLUMN final_survey;
ALTER TABLE orders DROP COLUMN contact_email;
