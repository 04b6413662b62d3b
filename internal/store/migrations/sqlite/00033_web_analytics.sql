-- +goose Up
-- First-party web analytics (issue 17): the hits our own script sends to
-- POST /t, without cookies. A visitor is a hash of the day's salt, the
-- site, the address and the browser (hex, 16 bytes): the address and the
-- browser are not stored, and the salt of a day is deleted the day after,
-- so a hash cannot be worked back. A visit is a visitor's hits at most 30
-- minutes apart; its activity (by the tracking code of the landing URL:
-- utm_campaign or vf) and its account (a contact's link token vf_c, or a
-- form sent with a known e-mail) are written on each of its hits.
CREATE TABLE web_keys (
    name   TEXT PRIMARY KEY,
    secret BLOB NOT NULL
);
CREATE TABLE web_hits (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    day          TEXT NOT NULL,
    visitor      TEXT NOT NULL,
    visit_id     INTEGER NOT NULL,
    entry        INTEGER NOT NULL DEFAULT 0,
    event        TEXT NOT NULL DEFAULT 'pageview',
    path         TEXT NOT NULL,
    referrer     TEXT NOT NULL DEFAULT '',
    utm_source   TEXT NOT NULL DEFAULT '',
    utm_medium   TEXT NOT NULL DEFAULT '',
    utm_campaign TEXT NOT NULL DEFAULT '',
    activity_id  INTEGER,
    account_id   INTEGER
);
CREATE INDEX web_hits_day ON web_hits (day);
CREATE INDEX web_hits_visit ON web_hits (visit_id);
-- Figures imported from another tool's export (Plausible, Matomo,
-- GoatCounter): visitors, visits and pageviews by day range and one
-- dimension (total, page, referrer, campaign). The same file again
-- replaces its rows.
CREATE TABLE web_stats_imported (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    from_day    TEXT NOT NULL,
    to_day      TEXT NOT NULL,
    dimension   TEXT NOT NULL,
    value       TEXT NOT NULL,
    visitors    INTEGER NOT NULL DEFAULT 0,
    visits      INTEGER NOT NULL DEFAULT 0,
    pageviews   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source, from_day, to_day, dimension, value)
);

-- +goose Down
DROP TABLE web_stats_imported;
DROP TABLE web_hits;
DROP TABLE web_keys;
