//! `schema.sql` builds a fresh database at `LATEST`; `UPGRADES[i]` takes version i+1 to i+2.
//! Never edit or remove a released step: the index is the version. Each schema change is made
//! twice, as a new step here and as an edit of `schema.sql`; tests/it/migrations.rs keeps them equal.

use rusqlite::{Connection, TransactionBehavior};

pub const SCHEMA: &str = include_str!("../../schema.sql");

pub const UPGRADES: &[&str] = &[
    // Backups (issue 6): adds `backup_settings` (one seeded row: hour, second directory, how many
    // daily and monthly copies to keep) and `backups` (one row per run). Self-contained: it
    // touches no existing table, so it can be renumbered freely when merged.
    r#"CREATE TABLE backup_settings (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    hour         INTEGER NOT NULL DEFAULT 2 CHECK (hour BETWEEN 0 AND 23),   -- shop's local hour of the daily run
    second_dir   TEXT NOT NULL DEFAULT '',                                   -- optional second copy (USB stick, other disk)
    keep_daily   INTEGER NOT NULL DEFAULT 14 CHECK (keep_daily BETWEEN 1 AND 366),
    keep_monthly INTEGER NOT NULL DEFAULT 12 CHECK (keep_monthly BETWEEN 0 AND 120),
    updated_at   TEXT NOT NULL
) STRICT;
INSERT INTO backup_settings (id, updated_at) VALUES (1, '1970-01-01T00:00:00Z');

CREATE TABLE backups (
    id           INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,
    finished_at  TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (reason IN ('planifiee', 'manuelle', 'commande', 'mise_a_jour')),
    target       TEXT NOT NULL CHECK (target IN ('principale', 'secondaire')),
    path         TEXT NOT NULL DEFAULT '',
    size_bytes   INTEGER NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
    ok           INTEGER NOT NULL CHECK (ok IN (0, 1)),
    check_result TEXT NOT NULL DEFAULT '',                                   -- 'ok' or what `fournil check` found in the copy
    error        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX backups_started ON backups(started_at);
"#,
];

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
