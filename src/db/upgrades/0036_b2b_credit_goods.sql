-- Version 35 -> 36: a B2B credit note for goods sent back after invoicing moves the goods (issue
-- #15). Per credit-note line, what physically came back (`returned`, at most the quantity
-- credited) and, of it, what was thrown away (`wasted`); the rest went back to the counter at the
-- unit value it left with on its delivery note (`back_value`: Dr stock · Cr cost of sales). A
-- price correction, and every invoice line, has none (0). The lines stay frozen (0020's triggers).
ALTER TABLE b2b_invoice_lines ADD COLUMN returned INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= qty);
ALTER TABLE b2b_invoice_lines ADD COLUMN wasted INTEGER NOT NULL DEFAULT 0 CHECK (wasted >= 0 AND wasted <= returned);
ALTER TABLE b2b_invoice_lines ADD COLUMN back_value INTEGER NOT NULL DEFAULT 0 CHECK (back_value >= 0);
