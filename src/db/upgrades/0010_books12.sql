-- Books12 (issue #12): a production can be cancelled (C2). The cancellation takes back exactly what
-- the production moved (moves 'annulation_production' with the same source) and reverses its entry.
ALTER TABLE productions ADD COLUMN cancelled_at TEXT;
ALTER TABLE productions ADD COLUMN cancelled_by INTEGER REFERENCES users(id);
