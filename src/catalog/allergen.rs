//! The 14 allergens of the regulation, set on ingredients and bought products, rolled up through
//! sub-recipes to every made product (`cost::allergens`). Stored as a bit set.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Allergen {
    Gluten,
    Crustaces,
    Oeufs,
    Poissons,
    Arachides,
    Soja,
    Lait,
    FruitsACoque,
    Celeri,
    Moutarde,
    Sesame,
    Sulfites,
    Lupin,
    Mollusques,
}

impl Allergen {
    pub const ALL: &'static [Allergen] = &[
        Allergen::Gluten,
        Allergen::Crustaces,
        Allergen::Oeufs,
        Allergen::Poissons,
        Allergen::Arachides,
        Allergen::Soja,
        Allergen::Lait,
        Allergen::FruitsACoque,
        Allergen::Celeri,
        Allergen::Moutarde,
        Allergen::Sesame,
        Allergen::Sulfites,
        Allergen::Lupin,
        Allergen::Mollusques,
    ];

    /// The bit in `products.allergens`. Never change a released one.
    fn bit(self) -> i64 {
        1 << (self as i64)
    }

    pub fn code(self) -> &'static str {
        match self {
            Allergen::Gluten => "gluten",
            Allergen::Crustaces => "crustaces",
            Allergen::Oeufs => "oeufs",
            Allergen::Poissons => "poissons",
            Allergen::Arachides => "arachides",
            Allergen::Soja => "soja",
            Allergen::Lait => "lait",
            Allergen::FruitsACoque => "fruits_a_coque",
            Allergen::Celeri => "celeri",
            Allergen::Moutarde => "moutarde",
            Allergen::Sesame => "sesame",
            Allergen::Sulfites => "sulfites",
            Allergen::Lupin => "lupin",
            Allergen::Mollusques => "mollusques",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Allergen::Gluten => "Gluten",
            Allergen::Crustaces => "Crustacés",
            Allergen::Oeufs => "Œufs",
            Allergen::Poissons => "Poissons",
            Allergen::Arachides => "Arachides",
            Allergen::Soja => "Soja",
            Allergen::Lait => "Lait",
            Allergen::FruitsACoque => "Fruits à coque",
            Allergen::Celeri => "Céleri",
            Allergen::Moutarde => "Moutarde",
            Allergen::Sesame => "Sésame",
            Allergen::Sulfites => "Sulfites",
            Allergen::Lupin => "Lupin",
            Allergen::Mollusques => "Mollusques",
        }
    }

    /// Reads a code or a label, with or without accents and case (for imports).
    pub fn parse(text: &str) -> Option<Allergen> {
        let t = fold(text);
        Allergen::ALL.iter().copied().find(|a| fold(a.code()) == t || fold(a.label()) == t)
    }
}

/// Lower case, no accents, spaces, dashes and apostrophes as underscores:
/// "Fruits à coque" → "fruits_a_coque". How imports and lists compare names people typed.
pub fn fold(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'û' | 'ü' | 'ù' => 'u',
            'ç' => 'c',
            ' ' | '-' | '\'' => '_',
            other => other,
        })
        .collect::<String>()
        .replace('œ', "oe")
}

/// A set of allergens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Allergens(pub i64);

impl Allergens {
    pub const NONE: Allergens = Allergens(0);

    pub fn contains(self, a: Allergen) -> bool {
        self.0 & a.bit() != 0
    }

    pub fn with(self, a: Allergen) -> Allergens {
        Allergens(self.0 | a.bit())
    }

    pub fn union(self, other: Allergens) -> Allergens {
        Allergens(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Allergen> {
        Allergen::ALL.iter().copied().filter(move |a| self.contains(*a))
    }

    pub fn labels(self) -> Vec<&'static str> {
        self.iter().map(Allergen::label).collect()
    }

    /// Reads "gluten, lait; œufs": unknown names are returned as errors.
    pub fn parse_list(text: &str) -> Result<Allergens, String> {
        let mut set = Allergens::NONE;
        for part in text.split([',', ';', '|']).map(str::trim).filter(|p| !p.is_empty()) {
            match Allergen::parse(part) {
                Some(a) => set = set.with(a),
                None => return Err(format!("Allergène inconnu : « {part} ».")),
            }
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fourteen_allergens_with_distinct_bits() {
        assert_eq!(Allergen::ALL.len(), 14);
        let all = Allergen::ALL.iter().fold(Allergens::NONE, |s, a| s.with(*a));
        assert_eq!(all.iter().count(), 14);
    }

    #[test]
    fn lists_parse_by_code_or_label() {
        let set = Allergens::parse_list("Gluten, lait; Œufs, fruits à coque").unwrap();
        assert_eq!(set.labels(), vec!["Gluten", "Œufs", "Lait", "Fruits à coque"]);
        assert!(Allergens::parse_list("gluten, chocolat").unwrap_err().contains("chocolat"));
        assert_eq!(Allergens::parse_list(""), Ok(Allergens::NONE));
    }
}
