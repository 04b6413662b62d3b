-- +goose Up
-- The customer portal: contacts of customers invited to private spaces.
-- Times are Unix seconds; secrets are stored only as SHA-256 hashes.

-- A contact who has accepted an invitation and set a password. The
-- contact's account is kept beside it (the store checks on every request
-- that the contact still exists there and is active).
CREATE TABLE portal_users (
    contact_id    INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

-- Single-use, expiring invitations; only the token's hash is kept.
CREATE TABLE portal_invitations (
    token_hash TEXT PRIMARY KEY,
    contact_id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    email      TEXT NOT NULL,
    invited_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX portal_invitations_contact ON portal_invitations(contact_id);

-- Portal sign-ins, apart from the staff's sessions.
CREATE TABLE portal_sessions (
    token_hash TEXT PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES portal_users(contact_id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX portal_sessions_contact ON portal_sessions(contact_id);

-- Mail to send through the configured SMTP server, kept until it is sent
-- (retried with a growing wait), so nothing is lost while the server is down.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL;

-- Private spaces and who may enter them: a tier ("A"), an account (its
-- id) or a contact (their id), at a level: see, reply, create, moderate.
CREATE TABLE spaces (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE space_grants (
    id       INTEGER PRIMARY KEY,
    space_id INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('tier', 'account', 'contact')),
    value    TEXT NOT NULL,
    level    TEXT NOT NULL CHECK (level IN ('see', 'reply', 'create', 'moderate')),
    UNIQUE (space_id, kind, value)
);
CREATE INDEX space_grants_who ON space_grants(kind, value);

-- Wiki pages of a space, in Markdown; each change is a revision.
CREATE TABLE space_pages (
    id         INTEGER PRIMARY KEY,
    space_id   INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX space_pages_space ON space_pages(space_id);
CREATE TABLE space_page_revisions (
    id         INTEGER PRIMARY KEY,
    page_id    INTEGER NOT NULL REFERENCES space_pages(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX space_page_revisions_page ON space_page_revisions(page_id);

-- +goose Down
DROP TABLE space_page_revisions;
DROP TABLE space_pages;
DROP TABLE space_grants;
DROP TABLE spaces;
DROP TABLE outbox;
DROP TABLE portal_sessions;
DROP TABLE portal_invitations;
DROP TABLE portal_users;
