-- +goose Up
-- Money in exact cents (integers) instead of floating point: sums of money
-- are exact, a customer credited in full has exactly zero. Quantities stay
-- REAL (hours, kilograms). Every amount is rounded to the cent once, here.
DROP INDEX orders_account_date;
ALTER TABLE orders ADD COLUMN amount_cents INTEGER NOT NULL DEFAULT 0;
UPDATE orders SET amount_cents = CAST(ROUND(amount * 100) AS INTEGER);
ALTER TABLE orders DROP COLUMN amount;
CREATE INDEX orders_account_date ON orders(account_id, ordered_at, amount_cents);

DROP INDEX order_lines_account;
ALTER TABLE order_lines ADD COLUMN unit_price_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_lines ADD COLUMN amount_cents INTEGER NOT NULL DEFAULT 0;
UPDATE order_lines SET unit_price_cents = CAST(ROUND(unit_price * 100) AS INTEGER), amount_cents = CAST(ROUND(amount * 100) AS INTEGER);
ALTER TABLE order_lines DROP COLUMN unit_price;
ALTER TABLE order_lines DROP COLUMN amount;
CREATE INDEX order_lines_account ON order_lines(account_id, product_id, ordered_at, quantity, amount_cents);

ALTER TABLE products ADD COLUMN price_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN unit_cost_cents INTEGER;
UPDATE products SET price_cents = CAST(ROUND(price * 100) AS INTEGER),
    unit_cost_cents = CAST(ROUND(unit_cost * 100) AS INTEGER);
ALTER TABLE products DROP COLUMN price;
ALTER TABLE products DROP COLUMN unit_cost;

-- +goose Down
SELECT 'money in cents cannot be migrated down';
