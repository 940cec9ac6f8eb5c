
-- Production runs: a quantity of a made product (semi-fini or fini) made from its recipe. The
-- ingredients leave the recipe's place at their PMP (moves 'production_sortie'), the product
-- enters `location_id` at exactly that value (move 'production_entree'), and one OD entry moves
-- the value between the stock accounts. Moves point here with source_type 'production'.
CREATE TABLE productions (
    id            INTEGER PRIMARY KEY,
    product_id    INTEGER NOT NULL REFERENCES products(id),
    qty           INTEGER NOT NULL CHECK (qty > 0),              -- thousandths of the product's base unit
    location_id   INTEGER NOT NULL REFERENCES locations(id),     -- where the made goods went
    from_location INTEGER NOT NULL REFERENCES locations(id),     -- the recipe's place, where ingredients came from
    value         INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0), -- centimes consumed = value received
    entry_id      INTEGER REFERENCES journal_entries(id),
    note          TEXT NOT NULL DEFAULT '',
    day           TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    user_id       INTEGER REFERENCES users(id),
    token         TEXT UNIQUE                                    -- one-time form token: a double tap produces once
) STRICT;
CREATE INDEX productions_day ON productions(day, id);
CREATE INDEX productions_product ON productions(product_id, id);

INSERT INTO role_permissions (role_id, permission) VALUES
    (2, 'production.produire'), (4, 'production.produire');
