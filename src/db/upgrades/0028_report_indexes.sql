-- Version 27 -> 28: three indexes for the owner's figures over years of history (issue #20). The
-- losses of a period (stock moves 'perte') and the bank deposits of a period (drawer movements
-- 'depot_banque') were each a scan of every move: on the five-year demo 0,95 s and 0,32 s a call,
-- and the month report makes eight of them.
CREATE INDEX stock_moves_losses ON stock_moves(day) WHERE kind = 'perte';
CREATE INDEX cash_movements_kind_day ON cash_movements(kind, day);
-- The orders handed over on some days: fournil check compares the owner's aggregates one month at
-- a time, and each month scanned every order (0,6 s a month, 36 s over five years).
CREATE INDEX orders_handed ON orders(status, handed_day);
