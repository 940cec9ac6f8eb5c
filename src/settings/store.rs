//! SQL of the shop settings and of the installation's named values (`system_state`).

use rusqlite::{Connection, OptionalExtension, params};

use super::ShopSettings;

pub fn get(conn: &Connection) -> rusqlite::Result<ShopSettings> {
    conn.query_row(
        "SELECT name, address, phone, nif, rc, nis, ai, receipt_header, receipt_footer, timezone, day_start_hour,
                cnas_employer
         FROM shop_settings WHERE id = 1",
        [],
        |r| {
            Ok(ShopSettings {
                name: r.get(0)?,
                address: r.get(1)?,
                phone: r.get(2)?,
                nif: r.get(3)?,
                rc: r.get(4)?,
                nis: r.get(5)?,
                ai: r.get(6)?,
                receipt_header: r.get(7)?,
                receipt_footer: r.get(8)?,
                timezone: r.get(9)?,
                day_start_hour: r.get(10)?,
                cnas_employer: r.get(11)?,
            })
        },
    )
}

pub fn save(conn: &Connection, s: &ShopSettings, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE shop_settings SET name = ?1, address = ?2, phone = ?3, nif = ?4, rc = ?5, nis = ?6, ai = ?7,
                receipt_header = ?8, receipt_footer = ?9, timezone = ?10, day_start_hour = ?11, updated_at = ?12,
                cnas_employer = ?13
         WHERE id = 1",
        params![
            s.name,
            s.address,
            s.phone,
            s.nif,
            s.rc,
            s.nis,
            s.ai,
            s.receipt_header,
            s.receipt_footer,
            s.timezone,
            s.day_start_hour,
            now,
            s.cnas_employer
        ],
    )?;
    Ok(())
}

// ---- system_state ---------------------------------------------------------------------------

/// A named value of the installation (`setup_code`, `demo`), if set.
pub fn system_value(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM system_state WHERE key = ?1", [key], |r| r.get(0)).optional()
}

pub fn set_system_value(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO system_state (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub fn clear_system_value(conn: &Connection, key: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM system_state WHERE key = ?1", [key])?;
    Ok(())
}
