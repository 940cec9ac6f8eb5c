//! The shop's customers (retail, "clients particuliers"): name, phone, addresses, notes,
//! allergies, active flag. Owns `customers`. One customer per phone number, stored normalised
//! (Algerian mobiles 05/06/07 and landlines), so the same person typed twice is found, not
//! duplicated. Knows nothing of orders: the customer's account (orders, what is owed, store
//! credit) is the orders domain's page.

pub mod check;
pub mod ops;
pub mod store;
pub mod views;
pub mod web;

use crate::error::FieldErrors;

/// A customer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    /// Normalised: `0551234567`, `021234567`.
    pub phone: String,
    /// One address per line.
    pub addresses: String,
    pub notes: String,
    pub allergies: String,
    pub active: bool,
    pub created_at: String,
}

impl Customer {
    /// The phone as people read it: `0551 23 45 67`.
    pub fn phone_text(&self) -> String {
        format_phone(&self.phone)
    }

    /// Each address on its own, without empty lines.
    pub fn address_list(&self) -> Vec<&str> {
        self.addresses.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
    }
}

/// A customer as typed, already checked field by field (the phone normalised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerDraft {
    pub name: String,
    pub phone: String,
    pub addresses: String,
    pub notes: String,
    pub allergies: String,
    /// One-time form token: a double tap creates one customer.
    pub token: Option<String>,
}

impl CustomerDraft {
    /// Checks what was typed, field by field: a name, a phone that reads as an Algerian number,
    /// texts of reasonable length. What only the database knows (the phone already taken) is the
    /// operation's check.
    pub fn parse(
        name: &str,
        phone: &str,
        addresses: &str,
        notes: &str,
        allergies: &str,
        token: Option<String>,
    ) -> Result<CustomerDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        match name.chars().count() {
            0 => e.add("name", "Le nom du client est obligatoire."),
            n if n > 120 => e.add("name", "Au plus 120 caractères."),
            _ => {}
        }
        let phone = normalize_phone(phone).map_err(|m| e.add("phone", m)).unwrap_or_default();
        for (field, text, max) in
            [("addresses", addresses, 1000), ("notes", notes, 2000), ("allergies", allergies, 500)]
        {
            if text.chars().count() > max {
                e.add(field, format!("Au plus {max} caractères."));
            }
        }
        let addresses = addresses.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
        e.into_result(CustomerDraft {
            name,
            phone,
            addresses,
            notes: notes.trim().to_string(),
            allergies: allergies.trim().to_string(),
            token: token.filter(|t| !t.trim().is_empty()),
        })
    }
}

/// Why a phone number was refused; the text goes beside the field.
pub const PHONE_HELP: &str = "Un mobile (05, 06, 07 suivi de 8 chiffres) ou un fixe (021 234 567).";

/// Reads a phone number as people type it (`0551 23 45 67`, `+213 551 23 45 67`, `00213551234567`,
/// `021.23.45.67`) into its stored form: a mobile 05/06/07 + 8 digits, or a landline 02/03/04 + 7
/// digits. Anything else is refused.
pub fn normalize_phone(input: &str) -> Result<String, &'static str> {
    let kept: String = input.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '/' | '(' | ')' | '\u{a0}')).collect();
    if kept.is_empty() {
        return Err("Le numéro de téléphone est obligatoire.");
    }
    let national = if let Some(rest) = kept.strip_prefix("+213").or_else(|| kept.strip_prefix("00213")) {
        format!("0{}", rest.trim_start_matches('0'))
    } else {
        kept
    };
    if !national.chars().all(|c| c.is_ascii_digit()) {
        return Err(PHONE_HELP);
    }
    let b = national.as_bytes();
    let mobile = b.len() == 10 && b[0] == b'0' && matches!(b[1], b'5' | b'6' | b'7');
    let landline = b.len() == 9 && b[0] == b'0' && matches!(b[1], b'2' | b'3' | b'4');
    if mobile || landline { Ok(national) } else { Err(PHONE_HELP) }
}

/// A stored phone as people read it: `0551 23 45 67` (mobile), `021 23 45 67` (landline).
pub fn format_phone(phone: &str) -> String {
    let head = if phone.len() == 10 { 4 } else { 3 };
    if phone.len() < head || !phone.is_ascii() {
        return phone.to_string();
    }
    let (a, rest) = phone.split_at(head);
    let pairs: Vec<&str> = rest.as_bytes().chunks(2).map(|c| std::str::from_utf8(c).unwrap_or("")).collect();
    format!("{a} {}", pairs.join(" "))
}

/// What a search box typed, as a phone fragment to look for (digits only, the country code turned
/// into the leading 0), or None when it holds letters (a name).
pub fn phone_fragment(query: &str) -> Option<String> {
    let q = query.trim();
    let digits: String = q.chars().filter(|c| c.is_ascii_digit()).collect();
    let only_phone_chars =
        q.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '/' | '(' | ')'));
    if digits.len() < 2 || !only_phone_chars {
        return None;
    }
    let national = if q.starts_with('+') || digits.starts_with("00213") {
        let rest = digits.trim_start_matches("00").strip_prefix("213").unwrap_or(&digits).to_string();
        format!("0{}", rest.trim_start_matches('0'))
    } else {
        digits
    };
    Some(national)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_and_landlines_are_read_in_every_usual_spelling() {
        for typed in ["0551234567", "0551 23 45 67", "+213 551 23 45 67", "00213551234567", "+213 0551-23-45-67"] {
            assert_eq!(normalize_phone(typed), Ok("0551234567".to_string()), "{typed}");
        }
        assert_eq!(normalize_phone("0661.12.34.56"), Ok("0661123456".into()));
        assert_eq!(normalize_phone("0770 11 22 33"), Ok("0770112233".into()));
        assert_eq!(normalize_phone("021 23 45 67"), Ok("021234567".into()));
        assert_eq!(normalize_phone("+213 21 23 45 67"), Ok("021234567".into()));
        assert_eq!(normalize_phone("041 33 22 11"), Ok("041332211".into()));
    }

    #[test]
    fn malformed_phones_are_refused() {
        for typed in
            ["", "05512345", "055123456789", "0851234567", "01 23 45 67 89", "abc", "0551 23 45 6x", "021 23 45 678"]
        {
            assert!(normalize_phone(typed).is_err(), "{typed}");
        }
    }

    #[test]
    fn phones_read_back_grouped() {
        assert_eq!(format_phone("0551234567"), "0551 23 45 67");
        assert_eq!(format_phone("021234567"), "021 23 45 67");
    }

    #[test]
    fn a_search_with_digits_looks_for_a_phone() {
        assert_eq!(phone_fragment("0551 23"), Some("055123".into()));
        assert_eq!(phone_fragment("+213 551"), Some("0551".into()));
        assert_eq!(phone_fragment("Amina"), None);
        assert_eq!(phone_fragment("5"), None);
    }
}
