-- +goose Up
-- Mail to portal users of new threads and replies in their spaces, which
-- each can turn off (the link in every such mail carries their token).
ALTER TABLE portal_users ADD COLUMN notify INTEGER NOT NULL DEFAULT 1;
ALTER TABLE portal_users ADD COLUMN unsubscribe_token TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE portal_users DROP COLUMN unsubscribe_token;
ALTER TABLE portal_users DROP COLUMN notify;
