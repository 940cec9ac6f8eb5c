-- Version 25 -> 26: the deductible TVA (issue #18 item 4): a purchase line carries the TVA rate
-- the supplier's invoice shows and, under the réel regime, its deductible TVA (its `value` is then
-- TTC: the stock takes value − tva, 4456 the tva); under IFU the TVA is part of the cost (tva 0).
-- An expense carries the deductible TVA of its bill (0 under IFU) and the rate it was read at.
ALTER TABLE purchase_lines ADD COLUMN tva_bp INTEGER NOT NULL DEFAULT 0 CHECK (tva_bp BETWEEN 0 AND 10000);
ALTER TABLE purchase_lines ADD COLUMN tva INTEGER NOT NULL DEFAULT 0 CHECK (tva >= 0);
ALTER TABLE expenses ADD COLUMN tva_bp INTEGER NOT NULL DEFAULT 0 CHECK (tva_bp BETWEEN 0 AND 10000);
ALTER TABLE expenses ADD COLUMN tva INTEGER NOT NULL DEFAULT 0 CHECK (tva >= 0);
