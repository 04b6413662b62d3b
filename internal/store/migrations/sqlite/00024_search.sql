-- +goose Up
-- Full-text search of the portal's spaces: every wiki page, and every
-- post with its thread's title, in an FTS5 table with the trigram
-- tokenizer, which answers LIKE '%…%' (three letters and more) from its
-- index instead of reading every text. Kept by triggers.
CREATE VIRTUAL TABLE space_text USING fts5(kind UNINDEXED, space_id UNINDEXED, item_id UNINDEXED, title, body, tokenize = 'trigram');
INSERT INTO space_text (rowid, kind, space_id, item_id, title, body) SELECT id * 2, 'page', space_id, id, title, body FROM space_pages;
INSERT INTO space_text (rowid, kind, space_id, item_id, title, body)
    SELECT p.id * 2 + 1, 'thread', t.space_id, t.id, t.title, p.body FROM space_posts p JOIN space_threads t ON t.id = p.thread_id;

-- +goose StatementBegin
CREATE TRIGGER space_pages_text_insert AFTER INSERT ON space_pages BEGIN
    INSERT INTO space_text (rowid, kind, space_id, item_id, title, body) VALUES (new.id * 2, 'page', new.space_id, new.id, new.title, new.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER space_pages_text_update AFTER UPDATE ON space_pages BEGIN
    DELETE FROM space_text WHERE rowid = old.id * 2;
    INSERT INTO space_text (rowid, kind, space_id, item_id, title, body) VALUES (new.id * 2, 'page', new.space_id, new.id, new.title, new.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER space_pages_text_delete AFTER DELETE ON space_pages BEGIN
    DELETE FROM space_text WHERE rowid = old.id * 2;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER space_posts_text_insert AFTER INSERT ON space_posts BEGIN
    INSERT INTO space_text (rowid, kind, space_id, item_id, title, body)
        SELECT new.id * 2 + 1, 'thread', t.space_id, t.id, t.title, new.body FROM space_threads t WHERE t.id = new.thread_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER space_posts_text_delete AFTER DELETE ON space_posts BEGIN
    DELETE FROM space_text WHERE rowid = old.id * 2 + 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER space_posts_text_delete;
DROP TRIGGER space_posts_text_insert;
DROP TRIGGER space_pages_text_delete;
DROP TRIGGER space_pages_text_update;
DROP TRIGGER space_pages_text_insert;
DROP TABLE space_text;
