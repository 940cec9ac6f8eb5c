//! Reading an import file: CSV (UTF-8 or Windows-1252, `;` `,` or tab) or XLSX (first sheet).

use std::io::Cursor;

use crate::catalog::allergen::fold;

/// A table read from a file: the header and the rows, all as text.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Reads a CSV (UTF-8 or Windows-1252; `;`, `,` or tab) or an XLSX (first sheet).
pub fn read_table(file_name: &str, bytes: &[u8]) -> Result<Table, String> {
    let is_xlsx = file_name.to_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04");
    let mut rows = if is_xlsx { read_xlsx(bytes)? } else { read_csv(bytes)? };
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    if rows.is_empty() {
        return Err("Le fichier est vide.".into());
    }
    let header = rows.remove(0).iter().map(|h| fold(h)).collect();
    Ok(Table { header, rows })
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    let first = text.lines().next().unwrap_or("");
    let delimiter =
        [b';', b',', b'\t'].into_iter().max_by_key(|d| first.matches(char::from(*d)).count()).unwrap_or(b';');
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("Ligne {} illisible : {e}", i + 1))?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("Fichier Excel illisible : {e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("Le classeur n'a aucune feuille.")?
        .map_err(|e| format!("Feuille illisible : {e}"))?;
    let cell = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => {
            if *b {
                "oui".into()
            } else {
                "non".into()
            }
        }
        other => other.to_string(),
    };
    Ok(range.rows().map(|r| r.iter().map(cell).collect()).collect())
}
