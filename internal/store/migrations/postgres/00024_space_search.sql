-- +goose Up
-- The words of the spaces' wiki pages and forum threads, lower-cased, for
-- search: each word once per space (space_words) and the pages and
-- threads it occurs in (space_word_docs; kind 1 a page, 2 a thread, its
-- title and every post). Both are keyed by the space first, so a search
-- reads the words of the spaces its reader may see and nothing else. The
-- store fills them as pages and posts are written, and once for what was
-- there before (the setting search_index).
CREATE TABLE space_words (
    space_id BIGINT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    word     TEXT NOT NULL,
    PRIMARY KEY (space_id, word)
);
CREATE TABLE space_word_docs (
    space_id BIGINT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    word     TEXT NOT NULL,
    kind     SMALLINT NOT NULL,
    doc_id   BIGINT NOT NULL,
    PRIMARY KEY (space_id, word, kind, doc_id)
);

-- +goose Down
DROP TABLE space_word_docs;
DROP TABLE space_words;
