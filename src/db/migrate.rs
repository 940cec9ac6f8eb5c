//! `schema.sql` builds a fresh database at `LATEST`; `UPGRADES[i]` takes version i+1 to i+2.
//! Never edit or remove a released step: the index is the version. Each schema change is made
//! twice, as a new step here and as an edit of `schema.sql`; tests/it/migrations.rs keeps them equal.

use rusqlite::{Connection, TransactionBehavior};

pub const SCHEMA: &str = include_str!("../../schema.sql");

pub const UPGRADES: &[&str] = &[
    // 1 -> 2: the catalogue.
    include_str!("upgrades/0002_catalogue.sql"),
    // 2 -> 3: backups.
    include_str!("upgrades/0003_backups.sql"),
    // 3 -> 4: the books and the stock ledger.
    include_str!("upgrades/0004_ledgers.sql"),
    // 4 -> 5: physical stock counts (numbered 0006: renumbered at merge if another step lands first).
    include_str!("upgrades/0005_counts.sql"),
    // 5 -> 6: purchases, payments, supplier returns.
    include_str!("upgrades/0006_purchases.sql"),
    // 6 -> 7: the till and the cash.
    include_str!("upgrades/0007_till.sql"),
    // 7 -> 8: production runs.
    include_str!("upgrades/0008_production.sql"),
    // 8 -> 9: customer orders (customers, orders, payments, store credit, plan targets).
    include_str!("upgrades/0009_orders.sql"),
    // 9 -> 10: staff and the time clock.
    include_str!("upgrades/0010_staff.sql"),
    // 10 -> 11: cancelled productions, where products are received (issue #12, books12).
    include_str!("upgrades/0011_books12.sql"),
    // 11 -> 12: one-time tokens bound to their request and their user.
    include_str!("upgrades/0012_form_tokens.sql"),
    // 12 -> 13: the unit value typed for a count surplus of a product with no known cost (issue #12 C1).
    include_str!("upgrades/0013_entry_costs.sql"),
    // 13 -> 14: payroll (rates, payslips, advances; issue #17).
    include_str!("upgrades/0014_payroll.sql"),
    // 14 -> 15: the books complete: the chart, manual entries, expenses (issue #18).
    include_str!("upgrades/0015_books.sql"),
    // 15 -> 16: deliveries (zones, deliverymen, runs, what each deliveryman owes; issue #14).
    include_str!("upgrades/0016_deliveries.sql"),
    // 16 -> 17: the owner's figures kept at write time (issue #19); filled by `kpi::ops::rebuild`.
    include_str!("upgrades/0017_kpi.sql"),
    // 17 -> 18: the CNAS numbers on payslips (the shop's employer number, each employee's).
    include_str!("upgrades/0018_cnas_numbers.sql"),
    // 18 -> 19: the tax regime (IFU or réel), dated TVA rates per category, the droit de timbre.
    include_str!("upgrades/0019_tax.sql"),
    // 19 -> 20: B2B (business customers, price lists, orders, delivery notes, invoices; issue #15).
    include_str!("upgrades/0020_b2b.sql"),
    // 20 -> 21: the TVA of each document under the réel regime.
    include_str!("upgrades/0021_tax_posting.sql"),
    // 21 -> 22: the bank (statement layouts, imported lines, matches with 512; issue #18).
    include_str!("upgrades/0022_bank.sql"),
    // 22 -> 23: the owner's view, continued (check runs; issue #19).
    include_str!("upgrades/0023_owner.sql"),
    // 23 -> 24: a deliveryman's phone link (his runs of the day without an account).
    include_str!("upgrades/0024_phone_links.sql"),
    // 24 -> 25: the shop's e-mail (SMTP settings, the outbox; issue #19 item 7).
    include_str!("upgrades/0025_mail.sql"),
    // 25 -> 26: the deductible TVA of purchases and expenses (issue #18).
    include_str!("upgrades/0026_deductible_tva.sql"),
    // 26 -> 27: what business customers pay, allocated to their invoices (issue #15).
    include_str!("upgrades/0027_b2b_payments.sql"),
    // 27 -> 28: indexes for the losses and the bank deposits of a period (issue #20).
    include_str!("upgrades/0028_report_indexes.sql"),
    // 28 -> 29: counter lines set aside for a delivery sold at the till.
    include_str!("upgrades/0029_counter_deliveries.sql"),
    // 29 -> 30: the owner's figures by four channels, the money received per day (issue #19).
    include_str!("upgrades/0030_kpi_channels.sql"),
    // 30 -> 31: standing orders of business customers and the B2B calendar (issue #15).
    include_str!("upgrades/0031_b2b_standing.sql"),
    // 31 -> 32: what each drawer holds, kept as movements are written (issue #20).
    include_str!("upgrades/0032_cash_held.sql"),
    // 32 -> 33: the TVA collected in the owner's aggregates, rebuilt (issue #19).
    include_str!("upgrades/0033_kpi_tva.sql"),
    // 33 -> 34: the marks of the incremental check and the triggers that keep them honest (issue #20).
    include_str!("upgrades/0034_check_marks.sql"),
    // 34 -> 35: what each deliveryman owes, read from a partial index (issue #19).
    include_str!("upgrades/0035_debt_index.sql"),
    // 35 -> 36: what came back on a B2B credit note's lines, and its value back in stock (issue #15).
    include_str!("upgrades/0036_b2b_credit_goods.sql"),
    // 36 -> 37: the invoice lines of a delivery note, read from an index (issue #20).
    include_str!("upgrades/0037_b2b_note_index.sql"),
];

/// The version whose step last made the owner's aggregates anew (17 created them, 30 added the
/// channels and the receipts, 33 the TVA collected): a database upgraded from below it gets them
/// filled from its documents, in the upgrade's transaction (renumber with its step).
const KPI_SINCE: i64 = 33;

pub const LATEST: i64 = UPGRADES.len() as i64 + 1;

/// What `run` found, for the log and for `healthz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    UpToDate,
    Upgraded { from: i64 },
}

pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Creates or upgrades the schema in one exclusive transaction: a failed step leaves the file as it was.
pub fn run(conn: &mut Connection) -> anyhow::Result<Outcome> {
    let found = version(conn)?;
    if found > LATEST {
        anyhow::bail!(
            "cette base de données est en version {found}, mais ce programme Fournil ne connaît que \
             la version {LATEST} : elle a été écrite par un Fournil plus récent. Installez la \
             version la plus récente de Fournil ; la base n'a pas été modifiée."
        );
    }
    if found == LATEST {
        return Ok(Outcome::UpToDate);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    let outcome = if found == 0 {
        tx.execute_batch(SCHEMA)?;
        Outcome::Created
    } else {
        for (i, step) in UPGRADES.iter().enumerate().skip((found - 1) as usize) {
            tx.execute_batch(step).map_err(|e| anyhow::anyhow!("mise à jour {} → {} échouée : {e}", i + 1, i + 2))?;
        }
        if found < KPI_SINCE {
            crate::kpi::ops::rebuild(&tx).map_err(|e| anyhow::anyhow!("mise à jour des indicateurs échouée : {e}"))?;
        }
        let broken: Option<String> = tx.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).ok();
        if let Some(table) = broken {
            anyhow::bail!("mise à jour refusée : clés étrangères cassées dans {table}");
        }
        Outcome::Upgraded { from: found }
    };
    tx.pragma_update(None, "user_version", LATEST)?;
    tx.commit()?;
    Ok(outcome)
}
