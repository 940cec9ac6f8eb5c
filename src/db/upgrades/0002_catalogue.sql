-- Version 1 -> 2: the catalogue (locations, categories, products, packs, barcodes, thresholds,
-- photos, suppliers, recipes, cost history, pending imports) and its permissions.

-- Where stock lives. The stock domain owns it; the catalogue needs it for recipes and thresholds.
CREATE TABLE locations (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL UNIQUE,
    kind     TEXT NOT NULL CHECK (kind IN ('reserve', 'labo', 'comptoir', 'emballages')),
    position INTEGER NOT NULL DEFAULT 0,
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
INSERT INTO locations (id, code, name, kind, position) VALUES
    (1, 'reserve', 'Réserve (magasin)', 'reserve', 1),
    (2, 'labo', 'Labo', 'labo', 2),
    (3, 'comptoir', 'Comptoir', 'comptoir', 3),
    (4, 'emballages', 'Emballages', 'emballages', 4);

CREATE TABLE categories (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 60),
    position INTEGER NOT NULL DEFAULT 0,
    color    TEXT NOT NULL DEFAULT '#b5652b' CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
    at_till  INTEGER NOT NULL DEFAULT 1 CHECK (at_till IN (0, 1))
) STRICT;

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    reference   TEXT UNIQUE,                     -- optional code (SKU), the key of imports
    kind        TEXT NOT NULL CHECK (kind IN ('ingredient', 'semi_fini', 'fini', 'revente', 'consommable')),
    category_id INTEGER REFERENCES categories(id),
    unit        TEXT NOT NULL CHECK (unit IN ('g', 'ml', 'piece')),   -- the base unit
    sale_price  INTEGER CHECK (sale_price IS NULL OR sale_price >= 0), -- centimes per pièce, kg or L
    ref_cost    INTEGER CHECK (ref_cost IS NULL OR ref_cost >= 0),     -- micro-dinars per base unit
    allergens   INTEGER NOT NULL DEFAULT 0 CHECK (allergens >= 0),     -- bit set of Allergen
    track_stock INTEGER NOT NULL DEFAULT 1 CHECK (track_stock IN (0, 1)),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX products_name ON products(name COLLATE NOCASE);
CREATE INDEX products_kind ON products(kind, active);
CREATE INDEX products_category ON products(category_id);

-- Purchase packs: "Sac 25 kg" holds 25 000 000 thousandths of a gram of its product.
CREATE TABLE product_packs (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    content    INTEGER NOT NULL CHECK (content > 0), -- thousandths of the product's base unit
    UNIQUE (product_id, name)
) STRICT;

CREATE TABLE barcodes (
    code       TEXT PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    pack_id    INTEGER REFERENCES product_packs(id) ON DELETE CASCADE -- scanning it means one pack
) STRICT;
CREATE INDEX barcodes_product ON barcodes(product_id);

CREATE TABLE product_thresholds (
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    location_id INTEGER NOT NULL REFERENCES locations(id),
    min_qty     INTEGER NOT NULL CHECK (min_qty >= 0), -- thousandths of the base unit
    PRIMARY KEY (product_id, location_id)
) STRICT, WITHOUT ROWID;

-- Photos live in the database (one file to back up), served by the binary.
CREATE TABLE product_photos (
    product_id   INTEGER PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes        BLOB NOT NULL,
    hash         TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
) STRICT;

CREATE TABLE suppliers (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 120),
    contact       TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    nif           TEXT NOT NULL DEFAULT '',
    rc            TEXT NOT NULL DEFAULT '',
    payment_days  INTEGER NOT NULL DEFAULT 0 CHECK (payment_days BETWEEN 0 AND 365),
    notes         TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE product_suppliers (
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    supplier_id INTEGER NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, supplier_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX product_suppliers_supplier ON product_suppliers(supplier_id);

-- One recipe per made product (semi-fini or fini): a batch and its ingredient lines.
CREATE TABLE recipes (
    product_id  INTEGER PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    yield_qty   INTEGER NOT NULL CHECK (yield_qty > 0),             -- thousandths of the product's base unit
    loss_bp     INTEGER NOT NULL DEFAULT 0 CHECK (loss_bp BETWEEN 0 AND 9000), -- hundredths of a percent
    location_id INTEGER NOT NULL REFERENCES locations(id),          -- a lab location, never the counter
    method      TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE recipe_lines (
    id            INTEGER PRIMARY KEY,
    product_id    INTEGER NOT NULL REFERENCES recipes(product_id) ON DELETE CASCADE,
    ingredient_id INTEGER NOT NULL REFERENCES products(id),
    qty           INTEGER NOT NULL CHECK (qty > 0),                 -- thousandths of the ingredient's base unit
    position      INTEGER NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT '',
    CHECK (ingredient_id <> product_id)
) STRICT;
CREATE INDEX recipe_lines_product ON recipe_lines(product_id, position);
CREATE INDEX recipe_lines_ingredient ON recipe_lines(ingredient_id);

-- Each change of a product's own cost, for the "what changed" view.
CREATE TABLE cost_changes (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    old_cost   INTEGER,                          -- micro-dinars per base unit
    new_cost   INTEGER,
    source     TEXT NOT NULL CHECK (source IN ('reference', 'pmp')),
    user_id    INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX cost_changes_at ON cost_changes(at);

-- An uploaded import file between its preview and its confirmation.
CREATE TABLE pending_imports (
    token      TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    content    BLOB NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
) STRICT;

INSERT INTO role_permissions (role_id, permission) VALUES
    (2, 'catalogue.voir'), (2, 'prix.voir'), (2, 'couts.voir'), (2, 'catalogue.modifier'), (2, 'fournisseurs.gerer'),
    (3, 'catalogue.voir'), (3, 'prix.voir'),
    (4, 'catalogue.voir');
