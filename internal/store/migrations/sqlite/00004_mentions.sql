-- +goose Up
-- Social media mentions, matched to contacts and accounts, with their
-- sentiment and customer-care state. Times are Unix seconds; posted_day is
-- the UTC date of posted_at, for timelines and daily counts.
CREATE TABLE mentions (
    id               INTEGER PRIMARY KEY,
    source           TEXT NOT NULL DEFAULT 'import',
    platform         TEXT NOT NULL,
    external_id      TEXT NOT NULL,
    url              TEXT NOT NULL DEFAULT '',
    author_handle    TEXT NOT NULL DEFAULT '',
    author_name      TEXT NOT NULL DEFAULT '',
    author_email     TEXT NOT NULL DEFAULT '',
    author_key       INTEGER NOT NULL DEFAULT 0,
    text             TEXT NOT NULL,
    posted_at        INTEGER NOT NULL,
    posted_day       TEXT NOT NULL,
    in_reply_to      TEXT NOT NULL DEFAULT '',
    account_id       INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    contact_id       INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    match_method     TEXT NOT NULL DEFAULT '',
    match_confidence REAL NOT NULL DEFAULT 0,
    lang             TEXT NOT NULL,
    compound         REAL NOT NULL,
    label            TEXT NOT NULL,
    intensity        REAL NOT NULL,
    care             TEXT NOT NULL DEFAULT 'none' CHECK (care IN ('none', 'open', 'resolved')),
    assignee_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    reply_note       TEXT NOT NULL DEFAULT '',
    responded_at     INTEGER,
    resolved_at      INTEGER
);
-- Re-imports match on the platform and the post's id (or URL).
CREATE UNIQUE INDEX mentions_platform_external_id ON mentions(platform, external_id);
-- Covering: the listening reports read these columns of a window.
CREATE INDEX mentions_posted ON mentions(posted_at, account_id, author_key, compound, intensity);
CREATE INDEX mentions_account ON mentions(account_id, posted_day) WHERE account_id IS NOT NULL;
CREATE INDEX mentions_care ON mentions(care) WHERE care = 'open';

-- +goose Down
DROP TABLE mentions;
