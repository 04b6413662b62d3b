-- +goose Up
-- "How did you hear about us?" (issue 17, point-of-sale tracking): the
-- customer's own words on the account, and the activity staff mapped each
-- distinct answer to, once: text_key is the answer folded (lower case,
-- spaces and punctuation at the ends and in between made one space), so
-- that later answers of the same words reuse the mapping. A mapped answer
-- is a pos touch of its account with the activity. The map is a reference
-- table on Citus (docs/scale.md).
ALTER TABLE accounts ADD COLUMN heard_about TEXT NOT NULL DEFAULT '';
CREATE TABLE heard_about_map (
    text_key    TEXT PRIMARY KEY,
    text        TEXT NOT NULL,
    activity_id BIGINT NOT NULL REFERENCES marketing_activities(id) ON DELETE CASCADE,
    mapped_by   TEXT NOT NULL DEFAULT '',
    mapped_at   BIGINT NOT NULL
);

-- +goose Down
DROP TABLE heard_about_map;
ALTER TABLE accounts DROP COLUMN heard_about;
