-- +goose Up
-- The words of the spaces' wiki pages and forum threads, lower-cased, for
-- search: each word once per space (space_words) and the pages and
-- threads it occurs in (space_word_docs; kind 1 a page, 2 a thread, its
-- title and every post). Both are keyed by the space first, so a search
-- reads the words of the spaces its reader may see and nothing else. The
-- store fills them as pages and posts are written, and once for what was
-- there before (the setting search_index).
CREATE TABLE space_words (
    space_id INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    word     TEXT NOT NULL,
    PRIMARY KEY (space_id, word)
) WITHOUT ROWID;
CREATE TABLE space_word_docs (
    space_id INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    word     TEXT NOT NULL,
    kind     INTEGER NOT NULL,
    doc_id   INTEGER NOT NULL,
    PRIMARY KEY (space_id, word, kind, doc_id)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE space_word_docs;
DROP TABLE space_words;
