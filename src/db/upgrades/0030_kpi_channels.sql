-- Version 29 -> 30: the owner's figures by four channels and the money received (issue #19 items
-- 1-2, issue #20): orders delivered by a run get their own channel (`livraison`), business
-- customers' invoices theirs (`pro`); the sales are kept per product without the hour and per
-- hour without the product (a month reads ~5 times fewer rows); what customers pay is kept per day and method
-- (`kpi_receipts`) by the sale, the refund, the order payment and the B2B payment in their own
-- transaction, so that a month's receipts read a few rows instead of a month of payments. The
-- aggregates are made again from the documents by `kpi::ops::rebuild` in the upgrade's transaction.
DROP TABLE kpi_sales;
DROP TABLE kpi_tickets;
-- Per business day × channel × product: what sold (no hour: the hours have their own table).
CREATE TABLE kpi_sales (
    day        TEXT NOT NULL,                      -- business day
    channel    TEXT NOT NULL CHECK (channel IN ('comptoir', 'commande', 'livraison', 'pro')),
    product_id INTEGER NOT NULL REFERENCES products(id),
    qty        INTEGER NOT NULL,                   -- thousandths of the base unit, net of returns
    revenue    INTEGER NOT NULL,                   -- centimes, net of discounts and returns
    cost       INTEGER NOT NULL,                   -- centimes: the frozen cost of the goods sold, net
    PRIMARY KEY (day, channel, product_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX kpi_sales_product ON kpi_sales(product_id, day);
-- Per business day × the shop's local hour × channel: revenue and cost, all products together
-- (the home's "today so far", the trend, the channels of a period read a few rows a day).
CREATE TABLE kpi_hours (
    day     TEXT NOT NULL,
    hour    INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    channel TEXT NOT NULL CHECK (channel IN ('comptoir', 'commande', 'livraison', 'pro')),
    revenue INTEGER NOT NULL,
    cost    INTEGER NOT NULL,
    PRIMARY KEY (day, hour, channel)
) STRICT, WITHOUT ROWID;
-- Tickets (counter), orders handed over in the shop or delivered, per business day × local hour
-- × channel × seller, with their revenue; a refund lowers its ticket's seller's revenue on the
-- refund's day. Business customers' invoices have no seller: they are not tickets.
CREATE TABLE kpi_tickets (
    day      TEXT NOT NULL,
    hour     INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    channel  TEXT NOT NULL CHECK (channel IN ('comptoir', 'commande', 'livraison')),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    tickets  INTEGER NOT NULL CHECK (tickets >= 0),
    revenue  INTEGER NOT NULL,
    PRIMARY KEY (day, channel, user_id, hour)
) STRICT, WITHOUT ROWID;
-- Money received per business day and method: tickets (change deducted), order payments (store
-- credit left out), refunds paid back (negative), business customers' payments (stamp duty included).
CREATE TABLE kpi_receipts (
    day    TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('especes', 'carte', 'cheque', 'virement', 'traite')),
    amount INTEGER NOT NULL,
    PRIMARY KEY (day, method)
) STRICT, WITHOUT ROWID;
CREATE INDEX order_payments_day ON order_payments(day);
CREATE INDEX b2b_invoices_day ON b2b_invoices(day);
CREATE INDEX b2b_payments_day ON b2b_payments(day);
