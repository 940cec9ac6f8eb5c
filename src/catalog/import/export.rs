//! Export of the catalogue with the import's own columns, so a file goes back in as it is.

use rusqlite::Connection;

use super::{ImportKind, Table};
use crate::catalog::{Product, Unit, store};
use crate::error::AppError;
use crate::purchases;

type Rows = Vec<Vec<String>>;

/// The rows of an export, with the same columns as the import (so a file goes back in as is).
/// Products are named by their reference, else their name, as the import finds them.
pub fn export_rows(conn: &Connection, kind: ImportKind) -> Result<Table, AppError> {
    let header: Vec<String> = kind.columns().iter().map(|c| c.to_string()).collect();
    let products = store::all_products(conn)?;
    let key = |id: i64| {
        products
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.reference.clone().unwrap_or_else(|| p.name.clone()))
            .unwrap_or_default()
    };
    let rows = match kind {
        ImportKind::Products => product_rows(conn, &products)?,
        ImportKind::Packs => pack_rows(conn, &products, &key)?,
        ImportKind::Suppliers => supplier_rows(conn, &key)?,
        ImportKind::Recipes => recipe_rows(conn, &products, &key)?,
    };
    Ok(Table { header, rows })
}

fn yes_no(b: bool) -> String {
    if b { "oui".into() } else { "non".into() }
}

fn product_rows(conn: &Connection, products: &[Product]) -> Result<Rows, AppError> {
    let mut rows = Vec::new();
    for p in products {
        let barcodes: Vec<String> =
            store::barcodes_of(conn, p.id)?.into_iter().filter(|b| b.pack_id.is_none()).map(|b| b.code).collect();
        rows.push(vec![
            p.reference.clone().unwrap_or_default(),
            p.name.clone(),
            p.kind.code().into(),
            p.category.clone().unwrap_or_default(),
            p.unit.code().into(),
            p.sale_price.map(|m| m.input_value()).unwrap_or_default(),
            p.ref_cost.map(|c| c.input_text(p.unit)).unwrap_or_default(),
            p.allergens.iter().map(|a| a.code()).collect::<Vec<_>>().join(", "),
            yes_no(p.track_stock),
            barcodes.join(", "),
            p.description.clone(),
            yes_no(p.active),
        ]);
    }
    Ok(rows)
}

fn pack_rows(conn: &Connection, products: &[Product], key: &dyn Fn(i64) -> String) -> Result<Rows, AppError> {
    let mut rows = Vec::new();
    for p in products {
        for k in store::packs_of(conn, p.id)? {
            rows.push(vec![key(p.id), k.name, p.unit.format(k.content)]);
        }
    }
    Ok(rows)
}

fn supplier_rows(conn: &Connection, key: &dyn Fn(i64) -> String) -> Result<Rows, AppError> {
    let mut rows = Vec::new();
    for s in purchases::store::suppliers(conn)? {
        let linked: Vec<String> = purchases::store::products_of(conn, s.id)?.into_iter().map(key).collect();
        rows.push(vec![
            s.name,
            s.contact,
            s.phone,
            s.email,
            s.address,
            s.nif,
            s.rc,
            s.payment_days.to_string(),
            s.notes,
            linked.join(", "),
        ]);
    }
    Ok(rows)
}

/// One row per ingredient line, the recipe's yield, loss and place repeated on each.
fn recipe_rows(conn: &Connection, products: &[Product], key: &dyn Fn(i64) -> String) -> Result<Rows, AppError> {
    let locations = crate::stock::store::locations(conn)?;
    let mut rows = Vec::new();
    for p in products.iter().filter(|p| p.kind.has_recipe()) {
        let Some(r) = store::recipe(conn, p.id)? else { continue };
        let place = locations.iter().find(|l| l.id == r.location_id).map(|l| l.name.clone()).unwrap_or_default();
        for line in &r.lines {
            let unit = products.iter().find(|x| x.id == line.ingredient_id).map(|x| x.unit).unwrap_or(Unit::Piece);
            rows.push(vec![
                key(p.id),
                p.unit.format(r.yield_qty),
                crate::catalog::format_loss(r.loss_bp),
                place.clone(),
                key(line.ingredient_id),
                unit.format(line.qty),
                line.note.clone(),
            ]);
        }
    }
    Ok(rows)
}

/// `;`-separated UTF-8 with a byte-order mark, as Excel opens it in French.
pub fn to_csv(t: &Table) -> Result<Vec<u8>, AppError> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        w.write_record(&t.header).map_err(|e| AppError::Internal(e.into()))?;
        for r in &t.rows {
            w.write_record(r).map_err(|e| AppError::Internal(e.into()))?;
        }
        w.flush().map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(out)
}

pub fn to_xlsx(t: &Table, sheet: &str) -> Result<Vec<u8>, AppError> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(anyhow::anyhow!("xlsx : {e}"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(fail)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in t.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold).map_err(fail)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).map_err(fail)?;
        }
    }
    book.save_to_buffer().map_err(fail)
}
