-- +goose Up
-- Money in exact cents (integers) instead of floating point: sums of money
-- are exact, a customer credited in full has exactly zero. Quantities stay
-- DOUBLE PRECISION (hours, kilograms). Every amount is rounded to the cent
-- once, here.
DROP INDEX orders_account_date;
ALTER TABLE orders ADD COLUMN amount_cents BIGINT;
UPDATE orders SET amount_cents = ROUND(amount * 100)::BIGINT;
ALTER TABLE orders ALTER COLUMN amount_cents SET NOT NULL;
ALTER TABLE orders DROP COLUMN amount;
CREATE INDEX orders_account_date ON orders(account_id, ordered_at, amount_cents);

DROP INDEX order_lines_account;
ALTER TABLE order_lines ADD COLUMN unit_price_cents BIGINT, ADD COLUMN amount_cents BIGINT;
UPDATE order_lines SET unit_price_cents = ROUND(unit_price * 100)::BIGINT, amount_cents = ROUND(amount * 100)::BIGINT;
ALTER TABLE order_lines ALTER COLUMN unit_price_cents SET NOT NULL, ALTER COLUMN amount_cents SET NOT NULL,
    DROP COLUMN unit_price, DROP COLUMN amount;
CREATE INDEX order_lines_account ON order_lines(account_id, product_id, ordered_at, quantity, amount_cents);

ALTER TABLE products ADD COLUMN price_cents BIGINT NOT NULL DEFAULT 0, ADD COLUMN unit_cost_cents BIGINT;
UPDATE products SET price_cents = ROUND(price * 100)::BIGINT, unit_cost_cents = ROUND(unit_cost * 100)::BIGINT;
ALTER TABLE products DROP COLUMN price, DROP COLUMN unit_cost;

-- +goose Down
SELECT 'money in cents cannot be migrated down';
