-- Entry costs (issue #12, C1): a count line that finds a surplus of a product whose cost is
-- unknown (nothing held to take a PMP from, no reference cost) carries the unit value typed for
-- it, in micro-dinars per base unit; the count is not validated without it. NULL: none typed.
ALTER TABLE stock_count_lines ADD COLUMN entry_cost INTEGER CHECK (entry_cost IS NULL OR entry_cost >= 0);
