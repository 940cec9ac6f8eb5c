//! An amount in French words, as an invoice must state it (décret 05-468: "Arrêtée la présente
//! facture à la somme de : mille deux cent trente-quatre dinars algériens et cinquante centimes").
//! Traditional spelling: hyphens inside the tens ("trente-quatre"), "et" in 21…71 ("vingt et un",
//! "soixante et onze") but not in 81 or 91, "quatre-vingts" and "deux cents" take an s only at the
//! end of the number or before "millions"/"milliards", "mille" never does, "million(s) de dinars".

use super::Money;

const UNITS: [&str; 17] = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize",
    "quatorze", "quinze", "seize",
];
const TENS: [&str; 7] = ["", "", "vingt", "trente", "quarante", "cinquante", "soixante"];

/// `1 234,50 DA` → "mille deux cent trente-quatre dinars algériens et cinquante centimes".
/// A negative amount reads "moins …".
pub fn in_words(amount: Money) -> String {
    let cents = amount.cents();
    let (dinars, centimes) = (cents.unsigned_abs() / 100, cents.unsigned_abs() % 100);
    let sign = if cents < 0 { "moins " } else { "" };
    let mut words = String::new();
    if dinars > 0 || centimes == 0 {
        let n = number(dinars);
        let unit = if dinars >= 2 { "dinars algériens" } else { "dinar algérien" };
        let de =
            if n.ends_with("million") || n.ends_with("millions") || n.ends_with("milliard") || n.ends_with("milliards")
            {
                "de "
            } else {
                ""
            };
        words = format!("{n} {de}{unit}");
    }
    if centimes > 0 {
        let unit = if centimes >= 2 { "centimes" } else { "centime" };
        let and = if words.is_empty() { "" } else { " et " };
        words = format!("{words}{and}{} {unit}", number(centimes));
    }
    format!("{sign}{words}")
}

/// A whole number in words ("quatre-vingt-un", "deux cent mille", "trois millions").
pub fn number(n: u64) -> String {
    if n == 0 {
        return UNITS[0].to_string();
    }
    let scales: [(u64, &str, &str); 3] =
        [(1_000_000_000, "milliard", "milliards"), (1_000_000, "million", "millions"), (1_000, "mille", "mille")];
    let mut parts: Vec<String> = Vec::new();
    let mut rest = n;
    for (size, one, many) in scales {
        let count = rest / size;
        rest %= size;
        if count == 0 {
            continue;
        }
        if size == 1_000 {
            // "mille", not "un mille"; the hundreds and tens before "mille" take no s.
            if count > 1 {
                parts.push(below_thousand(count, false));
            }
            parts.push(one.to_string());
        } else {
            // A noun: "deux cents millions", "quatre-vingts millions".
            parts.push(number(count));
            parts.push(if count > 1 { many } else { one }.to_string());
        }
    }
    if rest > 0 {
        parts.push(below_thousand(rest, true));
    }
    parts.join(" ")
}

/// 1…999; `last` is false before "mille", where "cents" and "quatre-vingts" lose their s.
fn below_thousand(n: u64, last: bool) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let mut out = match hundreds {
        0 => String::new(),
        1 => "cent".to_string(),
        h if rest == 0 && last => format!("{} cents", UNITS[h as usize]),
        h => format!("{} cent", UNITS[h as usize]),
    };
    if rest > 0 {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&below_hundred(rest, last));
    }
    out
}

/// 1…99.
fn below_hundred(n: u64, last: bool) -> String {
    let n = n as usize;
    match n {
        0..=16 => UNITS[n].to_string(),
        17..=19 => format!("dix-{}", UNITS[n - 10]),
        20..=69 => {
            let (ten, unit) = (TENS[n / 10], n % 10);
            match unit {
                0 => ten.to_string(),
                1 => format!("{ten} et un"),
                u => format!("{ten}-{}", UNITS[u]),
            }
        }
        70..=79 if n == 71 => "soixante et onze".to_string(),
        70..=79 => format!("soixante-{}", below_hundred((n - 60) as u64, last)),
        80 if last => "quatre-vingts".to_string(),
        80 => "quatre-vingt".to_string(),
        _ => format!("quatre-vingt-{}", below_hundred((n - 80) as u64, last)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn da(cents: i64) -> String {
        in_words(Money::from_cents(cents))
    }

    #[test]
    fn the_amounts_an_invoice_must_spell() {
        assert_eq!(da(0), "zéro dinar algérien");
        assert_eq!(da(100), "un dinar algérien");
        assert_eq!(da(2_100), "vingt et un dinars algériens");
        assert_eq!(da(8_000), "quatre-vingts dinars algériens");
        assert_eq!(da(8_100), "quatre-vingt-un dinars algériens");
        assert_eq!(da(10_000), "cent dinars algériens");
        assert_eq!(da(10_100), "cent un dinars algériens");
        assert_eq!(da(100_000), "mille dinars algériens");
        assert_eq!(da(100_000_000), "un million de dinars algériens");
        assert_eq!(da(123_450), "mille deux cent trente-quatre dinars algériens et cinquante centimes");
        assert_eq!(
            da(9_999_999_999),
            "quatre-vingt-dix-neuf millions neuf cent quatre-vingt-dix-neuf mille neuf cent \
             quatre-vingt-dix-neuf dinars algériens et quatre-vingt-dix-neuf centimes"
        );
    }

    #[test]
    fn the_spelling_rules_of_french_numbers() {
        assert_eq!(number(17), "dix-sept");
        assert_eq!(number(70), "soixante-dix");
        assert_eq!(number(71), "soixante et onze");
        assert_eq!(number(77), "soixante-dix-sept");
        assert_eq!(number(91), "quatre-vingt-onze");
        assert_eq!(number(200), "deux cents");
        assert_eq!(number(201), "deux cent un");
        assert_eq!(number(80_000), "quatre-vingt mille");
        assert_eq!(number(200_000), "deux cent mille");
        assert_eq!(number(2_000), "deux mille");
        assert_eq!(number(21_000), "vingt et un mille");
        assert_eq!(number(200_000_000), "deux cents millions");
        assert_eq!(number(80_000_000), "quatre-vingts millions");
        assert_eq!(number(1_000_000_000), "un milliard");
        assert_eq!(da(1), "un centime");
        assert_eq!(da(50), "cinquante centimes");
        assert_eq!(da(-150), "moins un dinar algérien et cinquante centimes");
    }
}
