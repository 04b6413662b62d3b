-- +goose Up
-- Forum threads and their posts in the portal's spaces. A post is written
-- by a portal contact (contact_id and account_id set) or by staff
-- (user_id set); author is the name shown.
CREATE TABLE space_threads (
    id           INTEGER PRIMARY KEY,
    space_id     INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    author       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_post_at INTEGER NOT NULL,
    posts        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX space_threads_space ON space_threads(space_id, last_post_at);
CREATE TABLE space_posts (
    id         INTEGER PRIMARY KEY,
    thread_id  INTEGER NOT NULL REFERENCES space_threads(id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    author     TEXT NOT NULL,
    contact_id INTEGER,
    account_id INTEGER,
    user_id    INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX space_posts_thread ON space_posts(thread_id, id);

-- +goose Down
DROP TABLE space_posts;
DROP TABLE space_threads;
