-- +goose Up
-- The language a portal user last used (en, de; empty: not known yet), so
-- that the mail they get is in it whoever wrote the post.
ALTER TABLE portal_users ADD COLUMN language TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE portal_users DROP COLUMN language;
