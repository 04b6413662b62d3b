-- +goose Up
-- Webinars and video chats of the portal's spaces, and who registered and
-- attended. A registration keeps the contact's account beside it (no key
-- to the contacts: docs/scale.md).
CREATE TABLE space_events (
    id          INTEGER PRIMARY KEY,
    space_id    INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('webinar', 'video_chat')),
    starts_at   INTEGER NOT NULL,
    minutes     INTEGER NOT NULL,
    join_url    TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX space_events_space ON space_events(space_id, starts_at);
CREATE TABLE event_registrations (
    event_id         INTEGER NOT NULL REFERENCES space_events(id) ON DELETE CASCADE,
    contact_id       INTEGER NOT NULL,
    account_id       INTEGER NOT NULL,
    registered_at    INTEGER NOT NULL,
    attended_minutes INTEGER,
    PRIMARY KEY (event_id, contact_id)
);
CREATE INDEX event_registrations_account ON event_registrations(account_id);

-- +goose Down
DROP TABLE event_registrations;
DROP TABLE space_events;
