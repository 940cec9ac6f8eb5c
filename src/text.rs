//! Free text as people type it, one rule for every text field of every form and API draft:
//! no control character (a NUL broke SQLite's CHECKs and answered 500; a tab or an escape in a
//! name prints badly on a receipt), and a bound per kind of text so that a 100 000-character
//! "reason" is refused, not stored. Notes may hold line breaks; nothing else may.

use crate::error::FieldErrors;

/// What a text is, and so how long it may be (in characters, after trimming).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// A name (product, category, supplier, till, place, person): 120, a receipt line and a half.
    Name,
    /// A reference or a code typed or scanned (a product's reference, an invoice or cheque
    /// number, a voucher code): 60.
    Reference,
    /// A short reason or label (a refund's reason, a discount's, a parked ticket's label): 200.
    Reason,
    /// A note or a description, line breaks allowed: 1 000.
    Note,
}

impl Text {
    pub const fn max_chars(self) -> usize {
        match self {
            Text::Name => 120,
            Text::Reference => 60,
            Text::Reason => 200,
            Text::Note => 1000,
        }
    }

    fn allows(self, c: char) -> bool {
        !c.is_control() || (self == Text::Note && matches!(c, '\n' | '\r' | '\t'))
    }

    /// The text trimmed, or the message to show beside its field.
    pub fn parse(self, input: &str) -> Result<String, String> {
        let text = input.trim();
        if text.chars().any(|c| !self.allows(c)) {
            return Err("Caractère invisible ou de contrôle interdit : retapez le texte.".to_string());
        }
        let n = text.chars().count();
        if n > self.max_chars() {
            return Err(format!("Au plus {} caractères ({n} saisis).", self.max_chars()));
        }
        Ok(text.to_string())
    }

    /// Checks `input` and records the message on `field`; returns the text trimmed (as typed when refused).
    pub fn check(self, errors: &mut FieldErrors, field: &str, input: &str) -> String {
        match self.parse(input) {
            Ok(text) => text,
            Err(message) => {
                errors.add(field, message);
                input.trim().to_string()
            }
        }
    }
}

/// Checks the text fields of a draft at once: every message, beside its field.
pub fn check_all(fields: &[(&str, &str, Text)]) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    for (field, value, kind) in fields {
        kind.check(&mut errors, field, value);
    }
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_everywhere_but_line_breaks_in_notes() {
        assert!(Text::Name.parse("\u{0}x").is_err());
        assert!(Text::Name.parse("Pain\u{0}complet").is_err());
        assert!(Text::Name.parse("Pain\ncomplet").is_err());
        assert!(Text::Reference.parse("AB\u{1b}[2J").is_err());
        assert_eq!(Text::Note.parse("  ligne 1\nligne 2 "), Ok("ligne 1\nligne 2".to_string()));
        assert!(Text::Note.parse("a\u{7}").is_err());
        assert_eq!(Text::Name.parse("  Pain au chocolat  "), Ok("Pain au chocolat".to_string()));
    }

    #[test]
    fn each_kind_has_its_bound() {
        assert!(Text::Name.parse(&"é".repeat(120)).is_ok());
        assert_eq!(Text::Name.parse(&"é".repeat(121)), Err("Au plus 120 caractères (121 saisis).".to_string()));
        assert!(Text::Reference.parse(&"x".repeat(61)).is_err());
        assert!(Text::Reason.parse(&"x".repeat(201)).is_err());
        assert!(Text::Note.parse(&"x".repeat(100_000)).is_err());
    }
}
