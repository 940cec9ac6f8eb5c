//! All SQL of the B2B tables: customers and price lists here, orders and delivery notes in
//! `orders.rs`, invoices in `invoices.rs`.

pub mod check;
pub mod invoices;
pub mod orders;
pub mod payments;
pub mod standing;
pub mod statement;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Customer, CustomerDraft, Terms};
use crate::money::Money;

const COLUMNS: &str = "id, name, legal_form, contact, phone, email, address, delivery_address, nif, nis, rc, ai,
                       terms, credit_limit, price_list_id, account, active";

fn row(r: &Row) -> rusqlite::Result<Customer> {
    let terms: String = r.get(12)?;
    Ok(Customer {
        id: r.get(0)?,
        name: r.get(1)?,
        legal_form: r.get(2)?,
        contact: r.get(3)?,
        phone: r.get(4)?,
        email: r.get(5)?,
        address: r.get(6)?,
        delivery_address: r.get(7)?,
        nif: r.get(8)?,
        nis: r.get(9)?,
        rc: r.get(10)?,
        ai: r.get(11)?,
        terms: Terms::from_code(&terms).unwrap_or(Terms::Cash),
        credit_limit: r.get(13)?,
        price_list_id: r.get(14)?,
        account: r.get(15)?,
        active: r.get(16)?,
    })
}

pub fn customer(conn: &Connection, id: i64) -> rusqlite::Result<Option<Customer>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM b2b_customers WHERE id = ?1"))?.query_row([id], row).optional()
}

pub fn customers(conn: &Connection, with_inactive: bool) -> rusqlite::Result<Vec<Customer>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM b2b_customers WHERE ?1 OR active = 1 ORDER BY active DESC, name COLLATE NOCASE"
    ))?
    .query_map([with_inactive], row)?
    .collect()
}

pub fn by_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<(i64, String)>> {
    conn.prepare_cached("SELECT id, name FROM b2b_customers WHERE name = ?1")?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

pub fn by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM b2b_customers WHERE token = ?1")?.query_row([token], |r| r.get(0)).optional()
}

pub fn next_id(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM b2b_customers", [], |r| r.get(0))
}

/// Writes a customer: a new one with its 411 account and form token, or the new values of an
/// existing one (its account, token and creation stay).
pub fn write(conn: &Connection, id: i64, d: &CustomerDraft, account: &str, now: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "INSERT INTO b2b_customers (id, name, legal_form, contact, phone, email, address, delivery_address, nif, nis,
                                    rc, ai, terms, credit_limit, price_list_id, account, token, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, legal_form = excluded.legal_form,
                contact = excluded.contact, phone = excluded.phone, email = excluded.email,
                address = excluded.address, delivery_address = excluded.delivery_address, nif = excluded.nif,
                nis = excluded.nis, rc = excluded.rc, ai = excluded.ai, terms = excluded.terms,
                credit_limit = excluded.credit_limit, price_list_id = excluded.price_list_id,
                updated_at = excluded.updated_at",
    )?
    .execute(params![
        id,
        d.name,
        d.legal_form,
        d.contact,
        d.phone,
        d.email,
        d.address,
        d.delivery_address,
        d.nif,
        d.nis,
        d.rc,
        d.ai,
        d.terms.code(),
        d.credit_limit,
        d.price_list_id,
        account,
        d.token,
        now
    ])
}

pub fn set_active(conn: &Connection, id: i64, active: bool, now: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE b2b_customers SET active = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, active, now])
}

/// What a customer owes: the balance of its 411 account.
pub fn balance(conn: &Connection, account: &str) -> rusqlite::Result<Money> {
    conn.prepare_cached("SELECT coalesce(sum(debit) - sum(credit), 0) FROM journal_lines WHERE account = ?1")?
        .query_row([account], |r| r.get(0))
}

// ---- price lists -------------------------------------------------------------------------

pub fn price_lists(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    conn.prepare_cached("SELECT id, name FROM b2b_price_lists ORDER BY name COLLATE NOCASE")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

pub fn price_list(conn: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT name FROM b2b_price_lists WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()
}

pub fn price_list_by_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM b2b_price_lists WHERE name = ?1")?.query_row([name], |r| r.get(0)).optional()
}

pub fn insert_price_list(conn: &Connection, name: &str, now: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached("INSERT INTO b2b_price_lists (name, created_at) VALUES (?1, ?2)")?
        .execute(params![name, now])?;
    Ok(conn.last_insert_rowid())
}

/// Sets a product's price from a day on (a second price the same day replaces the first).
pub fn set_price(
    conn: &Connection,
    list_id: i64,
    product_id: i64,
    valid_from: &str,
    price: Money,
    (now, user_id): (&str, Option<i64>),
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO b2b_prices (list_id, product_id, valid_from, price, created_at, user_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (list_id, product_id, valid_from) DO UPDATE SET price = excluded.price,
                created_at = excluded.created_at, user_id = excluded.user_id",
    )?
    .execute(params![list_id, product_id, valid_from, price, now, user_id])?;
    Ok(())
}

/// The price in force on `day`: the latest set on or before it.
pub fn price_on(conn: &Connection, list_id: i64, product_id: i64, day: &str) -> rusqlite::Result<Option<Money>> {
    conn.prepare_cached(
        "SELECT price FROM b2b_prices WHERE list_id = ?1 AND product_id = ?2 AND valid_from <= ?3
          ORDER BY valid_from DESC LIMIT 1",
    )?
    .query_row(params![list_id, product_id, day], |r| r.get(0))
    .optional()
}

/// A list's prices, newest first per product: (product, product name, valid_from, price).
pub fn prices(conn: &Connection, list_id: i64) -> rusqlite::Result<Vec<(i64, String, String, Money)>> {
    conn.prepare_cached(
        "SELECT p.product_id, pr.name, p.valid_from, p.price FROM b2b_prices p JOIN products pr ON pr.id = p.product_id
          WHERE p.list_id = ?1 ORDER BY pr.name COLLATE NOCASE, p.valid_from DESC",
    )?
    .query_map([list_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
    .collect()
}
