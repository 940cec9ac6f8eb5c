-- Version 27 -> 28: two indexes for the owner's figures over years of history (issue #20). The
-- losses of a period (stock moves 'perte') and the bank deposits of a period (drawer movements
-- 'depot_banque') were each a scan of every move: on the five-year demo 0,95 s and 0,32 s a call,
-- and the month report makes eight of them.
CREATE INDEX stock_moves_losses ON stock_moves(day) WHERE kind = 'perte';
CREATE INDEX cash_movements_kind_day ON cash_movements(kind, day);
