-- Version 31 -> 32: what each shift's drawer holds beyond its opening float, kept at write time
-- (issue #20). `held` = Σ cash_movements.amount of the shift, added by a trigger on each
-- movement (movements are append-only), so "what the drawer should hold" is one row read instead
-- of a sum over the shift's movements (116 000 in a long bench shift: 11 ms per home page).
-- `fournil check` proves held = Σ movements for every shift.
ALTER TABLE cash_shifts ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER cash_shifts_frozen;
UPDATE cash_shifts SET held = coalesce((SELECT sum(amount) FROM cash_movements m WHERE m.shift_id = cash_shifts.id), 0);
CREATE TRIGGER cash_shifts_frozen BEFORE UPDATE ON cash_shifts WHEN OLD.status <> 'ouverte'
BEGIN SELECT RAISE(ABORT, 'une caisse fermée ne se modifie pas'); END;
CREATE TRIGGER cash_movements_held AFTER INSERT ON cash_movements
BEGIN UPDATE cash_shifts SET held = held + NEW.amount WHERE id = NEW.shift_id; END;
-- The orders of one day in the order of their due time, first ones first (the home's "tomorrow",
-- the orders page): without it, a day of many orders was sorted whole to show twenty.
CREATE INDEX orders_due_time ON orders(due_day, due_time);
