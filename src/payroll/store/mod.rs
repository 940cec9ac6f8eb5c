//! All the SQL of payroll, by subject. Store functions take `&Connection` and hold no rule.

pub mod advances;
pub mod check;
pub mod runs;

use chrono::NaiveDate;
use rusqlite::types::Type;
use rusqlite::{Connection, Row, params};

use super::irg::IrgRules;
use super::{ItemKind, Rates, Rounding, bands_from_text, bands_to_text};

fn conversion(i: usize, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, Type::Text, format!("valeur illisible : {text}").into())
}

pub(crate) fn date(r: &Row, i: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = r.get(i)?;
    text.parse().map_err(|_| conversion(i, &text))
}

pub(crate) fn coded<T>(r: &Row, i: usize, from: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    from(&text).ok_or_else(|| conversion(i, &text))
}

const RATES: &str = "SELECT valid_from, snmg, month_hours, irg_bands, abatement_bp, abatement_min, abatement_max,
        exempt_upto, smooth_upto, smooth_mul_num, smooth_mul_den, smooth_sub_num, smooth_sub_den,
        cnas_employee_bp, cnas_employer_bp, fnpos_bp, night_bp, rest_day_bp, base_rounding, source
 FROM payroll_rates";

fn rates_row(r: &Row) -> rusqlite::Result<Rates> {
    let bands: String = r.get(3)?;
    Ok(Rates {
        valid_from: date(r, 0)?,
        snmg: r.get(1)?,
        month_hours: r.get(2)?,
        irg: IrgRules {
            bands: bands_from_text(&bands).ok_or_else(|| conversion(3, &bands))?,
            abatement_bp: r.get(4)?,
            abatement_min: r.get(5)?,
            abatement_max: r.get(6)?,
            exempt_upto: r.get(7)?,
            smooth_upto: r.get(8)?,
            smooth_mul: (r.get(9)?, r.get(10)?),
            smooth_sub: (r.get(11)?, r.get(12)?),
        },
        cnas_employee_bp: r.get(13)?,
        cnas_employer_bp: r.get(14)?,
        fnpos_bp: r.get(15)?,
        night_bp: r.get(16)?,
        rest_day_bp: r.get(17)?,
        rounding: coded(r, 18, Rounding::from_code)?,
        source: r.get(19)?,
    })
}

/// Every row of rates, oldest first.
pub fn rates(c: &Connection) -> rusqlite::Result<Vec<Rates>> {
    let mut s = c.prepare(&format!("{RATES} ORDER BY valid_from"))?;
    let rows = s.query_map([], rates_row)?;
    rows.collect()
}

pub fn rates_exist(c: &Connection, valid_from: NaiveDate) -> rusqlite::Result<bool> {
    c.query_row("SELECT EXISTS (SELECT 1 FROM payroll_rates WHERE valid_from = ?1)", [valid_from.to_string()], |r| {
        r.get(0)
    })
}

pub fn insert_rates(c: &Connection, r: &Rates, now: &str, user: Option<i64>) -> rusqlite::Result<()> {
    let i = &r.irg;
    c.execute(
        "INSERT INTO payroll_rates (valid_from, snmg, month_hours, irg_bands, abatement_bp, abatement_min, abatement_max,
                                    exempt_upto, smooth_upto, smooth_mul_num, smooth_mul_den, smooth_sub_num,
                                    smooth_sub_den, cnas_employee_bp, cnas_employer_bp, fnpos_bp, night_bp,
                                    rest_day_bp, base_rounding, source, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
        params![
            r.valid_from.to_string(),
            r.snmg,
            r.month_hours,
            bands_to_text(&i.bands),
            i.abatement_bp,
            i.abatement_min,
            i.abatement_max,
            i.exempt_upto,
            i.smooth_upto,
            i.smooth_mul.0,
            i.smooth_mul.1,
            i.smooth_sub.0,
            i.smooth_sub.1,
            r.cnas_employee_bp,
            r.cnas_employer_bp,
            r.fnpos_bp,
            r.night_bp,
            r.rest_day_bp,
            r.rounding.code(),
            r.source,
            now,
            user
        ],
    )?;
    Ok(())
}

/// The kinds of items that may be added by hand.
pub fn item_kinds(c: &Connection) -> rusqlite::Result<Vec<ItemKind>> {
    let mut s =
        c.prepare("SELECT code, label, cotisable, imposable, account, signed FROM pay_item_kinds ORDER BY label")?;
    let rows = s.query_map([], |r| {
        Ok(ItemKind {
            code: r.get(0)?,
            label: r.get(1)?,
            cotisable: r.get(2)?,
            imposable: r.get(3)?,
            account: r.get(4)?,
            signed: r.get(5)?,
        })
    })?;
    rows.collect()
}

/// The latest month with a validated payroll (`YYYY-MM`).
pub fn last_validated_month(c: &Connection) -> rusqlite::Result<Option<String>> {
    c.query_row("SELECT max(month) FROM payroll_runs WHERE status = 'validee'", [], |r| r.get(0))
}
