//! Reading a bank statement CSV with a bank's layout: French files (`;` separators — `,` or a
//! tab also read —, `1 234,56` amounts, dd/mm/yyyy dates, UTF-8 or Latin-1), the header row found
//! among the first lines (banks print the account above it). Pure: no database.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Layout, ReadLine};
use crate::money::Money;

/// Header rows are looked for among this many first rows.
const HEADER_SEARCH: usize = 20;
/// A statement is at most this many lines (a year of a busy account).
pub const MAX_LINES: usize = 20_000;

fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|b| char::from(*b)).collect(),
    }
}

fn delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(HEADER_SEARCH).collect();
    [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| head.matches(char::from(*d)).count())
        .filter(|d| head.contains(char::from(*d)))
        .unwrap_or(b';')
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

fn day(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
}

fn amount(text: &str) -> Result<Option<Money>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    Money::parse_signed(t).map(Some).map_err(|_| ())
}

/// The columns a layout names, and the header's positions of them.
fn columns(layout: &Layout) -> Vec<(&'static str, &str)> {
    let named = [
        ("date", layout.date_col.as_str()),
        ("label", layout.label_col.as_str()),
        ("reference", layout.reference_col.as_str()),
        ("debit", layout.debit_col.as_str()),
        ("credit", layout.credit_col.as_str()),
        ("amount", layout.amount_col.as_str()),
    ];
    named.into_iter().filter(|(_, h)| !h.trim().is_empty()).collect()
}

/// The statement's lines, or what is wrong with the file (in French, for the file's field).
pub fn read(layout: &Layout, bytes: &[u8]) -> Result<Vec<ReadLine>, String> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("Fichier CSV illisible : {e}."))?;
    let wanted = columns(layout);
    let header = rows.iter().take(HEADER_SEARCH).position(|r| {
        let cells: Vec<String> = r.iter().map(|c| norm(c)).collect();
        wanted.iter().all(|(_, h)| cells.contains(&norm(h)))
    });
    let Some(at) = header else {
        let names: Vec<String> = wanted.iter().map(|(_, h)| format!("« {} »", h.trim())).collect();
        return Err(format!(
            "Format inconnu : ce fichier n'a pas les colonnes {} du format « {} ». Choisissez le format de cette banque ou enregistrez-en un nouveau.",
            names.join(", "),
            layout.name
        ));
    };
    let position: HashMap<&str, usize> =
        wanted.iter().filter_map(|(k, h)| rows[at].iter().position(|c| norm(c) == norm(h)).map(|p| (*k, p))).collect();
    let lines = lines(&rows[at + 1..], &position, at + 2)?;
    if lines.is_empty() {
        return Err("Le relevé ne contient aucune ligne datée.".into());
    }
    if lines.len() > MAX_LINES {
        return Err(format!("Relevé trop long : {MAX_LINES} lignes au plus."));
    }
    Ok(lines)
}

fn lines(rows: &[Vec<String>], at: &HashMap<&str, usize>, first_row: usize) -> Result<Vec<ReadLine>, String> {
    let cell =
        |r: &[String], k: &str| at.get(k).and_then(|i| r.get(*i)).map(|s| s.trim().to_string()).unwrap_or_default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (n, r) in rows.iter().enumerate() {
        let row = first_row + n;
        let date = cell(r, "date");
        if date.is_empty() {
            continue; // a blank line, or the bank's totals under the table
        }
        let day = day(&date).ok_or_else(|| format!("Ligne {row} : date « {date} » illisible (jj/mm/aaaa)."))?;
        let bad = |what: &str| format!("Ligne {row} : montant « {what} » illisible.");
        let signed = amount(&cell(r, "amount")).map_err(|_| bad(&cell(r, "amount")))?;
        let debit = amount(&cell(r, "debit")).map_err(|_| bad(&cell(r, "debit")))?;
        let credit = amount(&cell(r, "credit")).map_err(|_| bad(&cell(r, "credit")))?;
        let value = match (signed, debit, credit) {
            (Some(a), _, _) => a,
            (None, Some(d), None) => -Money::from_cents(d.cents().abs()),
            (None, None, Some(c)) => Money::from_cents(c.cents().abs()),
            (None, Some(d), Some(c)) => Money::from_cents(c.cents().abs() - d.cents().abs()),
            (None, None, None) => return Err(format!("Ligne {row} : ni débit ni crédit.")),
        };
        if value.cents() == 0 {
            continue;
        }
        let (label, reference) = (cell(r, "label"), cell(r, "reference"));
        let base = format!("{day}|{}|{reference}|{label}", value.cents());
        let rank = seen.entry(base.clone()).or_default();
        *rank += 1;
        out.push(ReadLine { day, label, reference, amount: value, key: format!("{base}|{rank}") });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bna() -> Layout {
        Layout {
            name: "BNA".into(),
            date_col: "Date".into(),
            label_col: "Libellé".into(),
            reference_col: "Référence".into(),
            debit_col: "Débit".into(),
            credit_col: "Crédit".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_french_statement_reads_with_its_preamble_and_twin_lines() {
        let csv = "Compte;00100 123456\n\nDate;Libellé;Référence;Débit;Crédit\n\
                   05/11/2026;SONELGAZ;FAC-1;8 250,50;\n06/11/2026;VERSEMENT;;;12 000\n\
                   06/11/2026;FRAIS;;150,00;\n06/11/2026;FRAIS;;150,00;\n;Total;;8 550,50;12 000\n";
        let lines = read(&bna(), csv.as_bytes()).unwrap();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].amount, Money::from_cents(-825_050));
        assert_eq!(lines[1].amount, Money::from_da(12_000));
        assert_ne!(lines[2].key, lines[3].key, "two identical charges are two lines");
    }

    #[test]
    fn an_unknown_layout_is_refused_in_french() {
        let err = read(&bna(), b"Jour,Texte,Somme\n05/11/2026,X,10\n").unwrap_err();
        assert!(err.starts_with("Format inconnu"), "{err}");
    }
}
