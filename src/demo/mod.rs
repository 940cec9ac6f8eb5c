//! `fournil demo`: a realistic shop with years of history, built through the real operations
//! (catalogue, purchases, production, till, cash, counts and waste), never by inserting rows.
//! Deterministic for a given `--seed`. The database is marked as a demo (`system_state.demo`) so
//! a later run may replace it, and a shop's real database is never replaced without `--force`.

pub mod b2b;
pub mod books;
pub mod catalog;
mod catalog_data;
pub mod cli;
pub mod deliveries;
pub mod history;
pub mod orders;
pub mod payroll;
mod people;
pub mod rng;
pub mod sales;
mod season;
pub mod store;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, TransactionBehavior};

use crate::audit::Actor;
use crate::auth::{self, CurrentUser};
use crate::error::AppError;

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    pub db: PathBuf,
    /// Years of history before `today` (0.05 ≈ 2½ weeks).
    pub years: f64,
    pub tickets_per_day: u32,
    pub seed: u64,
    /// Replace a database that is not a demo (it is moved aside, never deleted).
    pub force: bool,
    /// The last day of history (the day before the shop opens for the visitor).
    pub today: NaiveDate,
    /// The password of the `demo` administrator.
    pub password: String,
    /// Progress lines on stderr.
    pub progress: bool,
}

/// What was built, for the closing line and the benchmark.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub days: i64,
    pub products: i64,
    pub tickets: i64,
    pub refunds: i64,
    pub productions: i64,
    pub purchases: i64,
    /// Customer orders taken, handed over (at the counter or by a delivery), cancelled; of the
    /// orders, deliveries sold straight from the till.
    pub orders: i64,
    pub handed_over: i64,
    pub cancelled: i64,
    pub till_deliveries: i64,
    /// Delivery runs sent out and settled at the till, stops refused or not delivered, shortages
    /// written off as a loss, debts paid back.
    pub delivery_runs: i64,
    pub settlements: i64,
    pub refused_deliveries: i64,
    pub not_delivered: i64,
    pub written_off: i64,
    pub delivery_payments: i64,
    /// The staff and their punches (from the clock, typed by hand, corrections).
    pub employees: i64,
    pub punches: i64,
    /// Payslips validated and paid.
    pub payslips: i64,
    /// B2B orders made from the standing orders, invoices (and credit notes) issued, payments received; the time
    /// the B2B step took.
    pub b2b_orders: i64,
    pub b2b_invoices: i64,
    /// Of the invoices, credit notes with goods sent back after invoicing.
    pub b2b_credits: i64,
    pub b2b_payments: i64,
    pub b2b_seconds: f64,
    /// The books' step: bills entered, monthly bank statements imported, their lines matched
    /// automatically, bank charges posted from their line.
    pub bills: i64,
    pub bank_statements: i64,
    pub bank_matched: i64,
    pub bank_charges: i64,
    pub seconds: f64,
    pub bytes: u64,
    /// False while the till's cash shifts are not available: the history has no sales then.
    pub sales: bool,
}

/// Refuses to touch a shop's real database; clears an older demo (or an empty file).
fn make_room(path: &Path, force: bool) -> anyhow::Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let state = {
        let conn = Connection::open(path)?;
        store::inspect(&conn)?
    };
    match state {
        store::Found::Demo | store::Found::Empty => {}
        store::Found::Shop if force => {
            let aside = path.with_extension(format!("avant-demo-{}.db", chrono::Utc::now().format("%Y%m%d%H%M%S")));
            std::fs::rename(path, &aside)?;
            eprintln!("demo : la base existante est mise de côté : {}", aside.display());
            return Ok(());
        }
        store::Found::Shop => anyhow::bail!(
            "{} est la base d'une vraie boutique (des utilisateurs ou des produits, sans marque de démonstration) : \
             la démonstration ne l'écrase pas. Choisissez un autre fichier avec --db, ou ajoutez --force \
             (l'ancienne base sera mise de côté, pas supprimée).",
            path.display()
        ),
    }
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            std::fs::remove_file(&p)?;
        }
    }
    Ok(())
}

/// Timestamps of a business day: local time in Algiers (UTC+1, no summer time) as stored UTC.
pub fn stamp(day: NaiveDate, minute_of_day: i64) -> String {
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(minute_of_day) - Duration::hours(1);
    local.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The same instant as `stamp`, as a time.
pub fn utc(day: NaiveDate, minute_of_day: i64) -> chrono::DateTime<chrono::Utc> {
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(minute_of_day) - Duration::hours(1);
    local.and_utc()
}

/// The users the history acts as.
pub struct Staff {
    pub admin: CurrentUser,
    pub manager: CurrentUser,
    pub sellers: Vec<CurrentUser>,
    pub baker: CurrentUser,
}

fn staff(tx: &rusqlite::Transaction, password: &str, now: &str) -> Result<Staff, AppError> {
    let hash = auth::password::hash_sync(password)?;
    let other = auth::password::hash_sync(&format!("{password}-equipe"))?;
    let make = |name: &str, display: &str, role: &str, hash: &str| -> Result<CurrentUser, AppError> {
        let role_id = auth::store::role_by_code(tx, role)?.ok_or(AppError::NotFound)?.id;
        let d = auth::ops::UserDraft { username: name.into(), display_name: display.into(), role_id };
        let id = auth::ops::create_user(tx, &Actor::cli(), &d, hash, now)?;
        auth::ops::current_user(tx, id, String::new())?.ok_or(AppError::NotFound)
    };
    Ok(Staff {
        admin: make("demo", "Démonstration", "admin", &hash)?,
        manager: make("samia", "Samia (gérante)", "gerante", &other)?,
        sellers: vec![
            make("amel", "Amel", "vendeuse", &other)?,
            make("yasmine", "Yasmine", "vendeuse", &other)?,
            make("nadia", "Nadia", "vendeuse", &other)?,
        ],
        baker: make("karim", "Karim (labo)", "production", &other)?,
    })
}

/// Builds the demo database. Progress goes to stderr.
pub fn build(o: &Options) -> anyhow::Result<Summary> {
    if !(o.years.is_finite() && o.years > 0.0 && o.years <= 30.0) {
        anyhow::bail!("--years doit être entre 0 et 30 (par exemple 0.05 pour deux semaines, 5 pour cinq ans).");
    }
    make_room(&o.db, o.force)?;
    let started = Instant::now();
    // The schema, exactly as a shop gets it; then one connection tuned for a bulk build.
    drop(crate::db::Db::open(&o.db)?);
    let mut conn = Connection::open(&o.db)?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536; PRAGMA busy_timeout = 5000;",
    )?;
    let days = ((o.years * 365.25).round() as i64).max(1);
    let first = o.today - Duration::days(days - 1);
    let mut rng = rng::Rng::new(o.seed);
    let setup_at = stamp(first, 5 * 60);
    let (shop, staff, fleet) = {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        store::mark(&tx, o.seed, o.years, &setup_at)?;
        let staff = staff(&tx, &o.password, &setup_at)?;
        let shop = catalog::build(&tx, &staff.manager.actor(), &setup_at, &mut rng)?;
        let st = crate::audit::Stamp { actor: staff.manager.actor(), now: setup_at.clone(), day: first };
        let fleet = deliveries::setup(&tx, &st)?;
        b2b::setup(&tx, &st, &shop, (first, o.today), o.tickets_per_day)?;
        tx.commit()?;
        (shop, staff, fleet)
    };
    let mut summary = Summary { days, products: shop.kinds.len() as i64, ..Default::default() };
    if o.progress {
        eprintln!(
            "demo : catalogue de {} produits créé ; {days} jours d'historique à partir du {first}…",
            summary.products
        );
    }
    let queue = crate::db::Db::open(&o.db)?;
    history::run(&mut conn, &queue, (&shop, &fleet), &staff, o, first, &mut rng, &mut summary, started)?;
    drop(queue);
    people::run(&mut conn, &staff, o, first, &mut summary)?;
    payroll::run(&mut conn, &staff, o, first, &mut summary)?;
    books::run(&mut conn, &staff, o, first, &mut summary)?;
    conn.execute_batch("PRAGMA optimize;")?;
    drop(conn);
    summary.seconds = started.elapsed().as_secs_f64();
    summary.bytes = std::fs::metadata(&o.db).map(|m| m.len()).unwrap_or(0);
    Ok(summary)
}
