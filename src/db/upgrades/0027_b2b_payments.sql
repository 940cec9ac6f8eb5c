-- Version 26 -> 27: what business customers pay (issue 15, item 6). A payment by cheque, transfer,
-- cash or bill of exchange (traite), to the bank (512, with its reference) or into the drawer of
-- an open shift (cash, with the droit de timbre on top, 44575), allocated to one or many of the
-- customer's invoices, partly or wholly. Never edited: a mistake is corrected by a new document.
CREATE TABLE b2b_payments (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES b2b_customers(id),
    day         TEXT NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('cheque', 'virement', 'especes', 'traite')),
    amount      INTEGER NOT NULL CHECK (amount > 0),              -- off the customer's 411
    stamp_duty  INTEGER NOT NULL DEFAULT 0 CHECK (stamp_duty >= 0), -- cash only, paid on top
    reference   TEXT NOT NULL DEFAULT '',                         -- cheque or transfer number
    shift_id    INTEGER REFERENCES cash_shifts(id),               -- cash: the drawer's shift
    entry_id    INTEGER NOT NULL REFERENCES journal_entries(id),
    token       TEXT UNIQUE,
    user_id     INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL,
    CHECK ((mode = 'especes') = (shift_id IS NOT NULL)),
    CHECK (mode = 'especes' OR stamp_duty = 0)
) STRICT;
CREATE INDEX b2b_payments_customer ON b2b_payments (customer_id, day);

CREATE TABLE b2b_payment_allocations (
    payment_id INTEGER NOT NULL REFERENCES b2b_payments(id),
    invoice_id INTEGER NOT NULL REFERENCES b2b_invoices(id),
    amount     INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (payment_id, invoice_id)
) STRICT;
CREATE INDEX b2b_payment_allocations_invoice ON b2b_payment_allocations (invoice_id);

CREATE TRIGGER b2b_payments_frozen BEFORE UPDATE ON b2b_payments
BEGIN
    SELECT RAISE(ABORT, 'Un paiement enregistré ne se modifie pas.');
END;
CREATE TRIGGER b2b_payments_kept BEFORE DELETE ON b2b_payments
BEGIN
    SELECT RAISE(ABORT, 'Un paiement enregistré ne se supprime pas.');
END;
CREATE TRIGGER b2b_payment_allocations_frozen BEFORE UPDATE ON b2b_payment_allocations
BEGIN
    SELECT RAISE(ABORT, 'Un paiement enregistré ne se modifie pas.');
END;
CREATE TRIGGER b2b_payment_allocations_kept BEFORE DELETE ON b2b_payment_allocations
BEGIN
    SELECT RAISE(ABORT, 'Un paiement enregistré ne se supprime pas.');
END;
