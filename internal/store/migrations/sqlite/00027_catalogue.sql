-- +goose Up
-- The product catalogue of the portal's spaces: a description of each
-- product (Markdown, written by staff), the products each space shows,
-- and the product a file of a space is about (a datasheet, a manual).
ALTER TABLE products ADD COLUMN description TEXT NOT NULL DEFAULT '';
CREATE TABLE space_products (
    space_id   INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    PRIMARY KEY (space_id, product_id)
) WITHOUT ROWID;
ALTER TABLE space_files ADD COLUMN product_id INTEGER REFERENCES products(id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE space_files DROP COLUMN product_id;
DROP TABLE space_products;
ALTER TABLE products DROP COLUMN description;
