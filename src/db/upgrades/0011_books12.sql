-- Books12 (issue #12): a production can be cancelled (C2). The cancellation takes back exactly what
-- the production moved (moves 'annulation_production' with the same source) and reverses its entry.
ALTER TABLE productions ADD COLUMN cancelled_at TEXT;
ALTER TABLE productions ADD COLUMN cancelled_by INTEGER REFERENCES users(id);

-- Where purchases of a product are received by default (A6): chosen by the gérante per product;
-- NULL: the first place its kind may live in (flour: the Réserve).
ALTER TABLE products ADD COLUMN receive_location_id INTEGER REFERENCES locations(id);
