-- Columns that add up amounts over many sessions (a profile's sales, a budget's spending, an account's spent and
-- negative points) get room for the sums: one cart may total up to 10^15, and a customer has many carts.
ALTER TABLE engine_profile ALTER COLUMN total_sales SET DATA TYPE NUMERIC(38, 4);
ALTER TABLE engine_budget ALTER COLUMN counter SET DATA TYPE NUMERIC(38, 4);
ALTER TABLE engine_loyalty_account ALTER COLUMN spent_points SET DATA TYPE NUMERIC(38, 2);
ALTER TABLE engine_loyalty_account ALTER COLUMN negative_points SET DATA TYPE NUMERIC(38, 2);
