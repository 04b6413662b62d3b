-- +goose Up
-- "How did you hear about us?" (issue 17, point-of-sale tracking): the
-- customer's own words on the account, and the activity staff mapped each
-- distinct answer to, once: text_key is the answer folded (lower case,
-- spaces and punctuation at the ends and in between made one space), so
-- that later answers of the same words reuse the mapping. A mapped answer
-- is a pos touch of its account with the activity.
ALTER TABLE accounts ADD COLUMN heard_about TEXT NOT NULL DEFAULT '';
CREATE TABLE heard_about_map (
    text_key    TEXT PRIMARY KEY,
    text        TEXT NOT NULL,
    activity_id INTEGER NOT NULL REFERENCES marketing_activities(id) ON DELETE CASCADE,
    mapped_by   TEXT NOT NULL DEFAULT '',
    mapped_at   INTEGER NOT NULL
);

-- Reach and PR (issue 17): follower and subscriber counts of each channel
-- as of a day (a snapshot a channel and day; forwards of the newsletter
-- and shares too), and press mentions with their outlet, estimated
-- impressions, tone (the sentiment engine's compound of title and text;
-- the text itself is not kept) and whether the key message came through.
CREATE TABLE reach_snapshots (
    id        INTEGER PRIMARY KEY,
    channel   TEXT NOT NULL,
    day       TEXT NOT NULL,
    followers INTEGER NOT NULL,
    forwards  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (channel, day)
);
CREATE TABLE press_mentions (
    id          INTEGER PRIMARY KEY,
    day         TEXT NOT NULL,
    outlet      TEXT NOT NULL,
    title       TEXT NOT NULL,
    url         TEXT NOT NULL DEFAULT '',
    impressions INTEGER NOT NULL DEFAULT 0,
    tone        REAL NOT NULL DEFAULT 0,
    tone_label  TEXT NOT NULL DEFAULT '',
    key_message INTEGER NOT NULL DEFAULT 0,
    activity_id INTEGER REFERENCES marketing_activities(id) ON DELETE SET NULL,
    UNIQUE (outlet, day, title)
);

-- +goose Down
DROP TABLE press_mentions;
DROP TABLE reach_snapshots;
DROP TABLE heard_about_map;
ALTER TABLE accounts DROP COLUMN heard_about;
