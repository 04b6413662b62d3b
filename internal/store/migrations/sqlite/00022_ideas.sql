-- +goose Up
-- The ideas board of the portal's spaces: ideas posted by contacts or added
-- by staff, the contacts' votes, and the accounts that asked for an idea
-- (with where staff heard it). Accounts and contacts are kept beside them,
-- with no key to them (docs/scale.md).
CREATE TABLE ideas (
    id          INTEGER PRIMARY KEY,
    space_id    INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'planned', 'in_progress', 'done', 'declined')),
    author      TEXT NOT NULL,
    contact_id  INTEGER,
    account_id  INTEGER,
    user_id     INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX ideas_space ON ideas(space_id, id);
CREATE TABLE idea_votes (
    idea_id    INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    voted_at   INTEGER NOT NULL,
    PRIMARY KEY (idea_id, contact_id)
);
CREATE INDEX idea_votes_account ON idea_votes(account_id);
CREATE TABLE idea_requesters (
    idea_id     INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL,
    source_kind TEXT NOT NULL DEFAULT '' CHECK (source_kind IN ('', 'mention', 'touchpoint')),
    source_id   INTEGER,
    note        TEXT NOT NULL DEFAULT '',
    added_by    TEXT NOT NULL,
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (idea_id, account_id)
);
CREATE INDEX idea_requesters_account ON idea_requesters(account_id);

-- +goose Down
DROP TABLE idea_requesters;
DROP TABLE idea_votes;
DROP TABLE ideas;
