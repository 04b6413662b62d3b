-- +goose Up
-- Files of the portal's spaces (datasheets, manuals), kept in the
-- database with what the store sniffed them to be. The bytes are the last
-- column: listing a space's files reads none of them.
CREATE TABLE space_files (
    id           INTEGER PRIMARY KEY,
    space_id     INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    data         BLOB NOT NULL
);
CREATE INDEX space_files_space ON space_files(space_id, name);

-- +goose Down
DROP TABLE space_files;
