-- ============================================================================================
-- Version 16 -> 17: the owner's figures (issue 19). Aggregates kept at write time by the sale,
-- the refund and the order handover, in their own transaction (src/kpi/ops.rs), so that a month
-- or five years of reports read a few thousand rows instead of every ticket. `fournil check`
-- proves them equal to the documents. An existing database is filled by the upgrade (the rows
-- need the shop's time zone for the hour: src/db/migrate.rs calls kpi::ops::rebuild after this
-- step, in the same transaction).

-- Revenue, quantity and frozen cost per business day × local hour × channel × product. A refund
-- counts on its own day and hour, negatively; an order counts on the day it was handed over.
CREATE TABLE kpi_sales (
    day        TEXT NOT NULL,                      -- business day
    hour       INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23), -- the shop's local hour
    channel    TEXT NOT NULL CHECK (channel IN ('comptoir', 'commande')),
    product_id INTEGER NOT NULL REFERENCES products(id),
    qty        INTEGER NOT NULL,                   -- thousandths of the base unit, net of returns
    revenue    INTEGER NOT NULL,                   -- centimes, net of discounts and returns
    cost       INTEGER NOT NULL,                   -- centimes: the frozen cost of the goods sold, net
    PRIMARY KEY (day, channel, product_id, hour)
) STRICT, WITHOUT ROWID;
CREATE INDEX kpi_sales_product ON kpi_sales(product_id, day);

-- Tickets (counter) and orders handed over per business day × local hour × channel × seller,
-- with their revenue; a refund lowers its ticket's seller's revenue on the refund's day.
CREATE TABLE kpi_tickets (
    day      TEXT NOT NULL,
    hour     INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    channel  TEXT NOT NULL CHECK (channel IN ('comptoir', 'commande')),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    tickets  INTEGER NOT NULL CHECK (tickets >= 0),
    revenue  INTEGER NOT NULL,
    PRIMARY KEY (day, channel, user_id, hour)
) STRICT, WITHOUT ROWID;

-- Who reads the owner's figures and reports: the gérante (the administrator holds every right).
INSERT INTO role_permissions (role_id, permission) VALUES (2, 'rapports.voir');
