-- Version 28 -> 29: a delivery sold at the till from counter stock (issue #14 item 2, sales.md
-- §2.3): the order's counter lines whose goods left the counter for "réservé commandes" when it
-- was sold, so they are never sold twice; NULL: they leave with the run or at handover.
ALTER TABLE order_lines ADD COLUMN set_aside_at TEXT CHECK (set_aside_at IS NULL OR source = 'comptoir');
