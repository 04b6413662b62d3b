-- +goose Up
-- Search of the portal's spaces: trigram indexes (pg_trgm, a trusted
-- extension) on the lower-cased text of every wiki page, thread title and
-- post, which answer LIKE '%…%' (three letters and more) from the index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX space_pages_text ON space_pages USING gin ((LOWER(title || ' ' || body)) gin_trgm_ops);
CREATE INDEX space_threads_text ON space_threads USING gin ((LOWER(title)) gin_trgm_ops);
CREATE INDEX space_posts_text ON space_posts USING gin ((LOWER(body)) gin_trgm_ops);

-- +goose Down
DROP INDEX space_posts_text;
DROP INDEX space_threads_text;
DROP INDEX space_pages_text;
