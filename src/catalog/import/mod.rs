//! Import and export of the catalogue as CSV or XLSX: products, packs, suppliers, recipes.
//! An import runs the real operations row by row, each row in a savepoint; the preview is the
//! same run, undone (`db::undone`), so what the preview promises is what the import does.
//! The confirmed import commits only if every row passed: all or nothing. The kinds and the
//! report are here; reading a file in `read.rs`, the operations in `ops.rs`, export in `export.rs`.

mod export;
mod ops;
mod read;

pub use export::{export_rows, to_csv, to_xlsx};
pub use ops::{confirm, preview, run};
pub use read::{Table, read_table};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Products,
    Packs,
    Suppliers,
    Recipes,
}

impl ImportKind {
    pub const ALL: &'static [ImportKind] =
        &[ImportKind::Products, ImportKind::Packs, ImportKind::Suppliers, ImportKind::Recipes];

    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Products => "produits",
            ImportKind::Packs => "conditionnements",
            ImportKind::Suppliers => "fournisseurs",
            ImportKind::Recipes => "recettes",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImportKind::Products => "Produits",
            ImportKind::Packs => "Conditionnements d'achat",
            ImportKind::Suppliers => "Fournisseurs",
            ImportKind::Recipes => "Recettes (une ligne par ingrédient)",
        }
    }

    pub fn from_code(code: &str) -> Option<ImportKind> {
        ImportKind::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// The columns, in order; `*` marks the required ones (in `required`).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Products => &[
                "reference",
                "nom",
                "type",
                "categorie",
                "unite",
                "prix_vente",
                "cout_reference",
                "allergenes",
                "stock_suivi",
                "code_barres",
                "description",
                "actif",
            ],
            ImportKind::Packs => &["produit", "nom", "contenu"],
            ImportKind::Suppliers => {
                &["nom", "contact", "telephone", "email", "adresse", "nif", "rc", "delai_paiement", "notes", "produits"]
            }
            ImportKind::Recipes => &["produit", "rendement", "perte", "lieu", "ingredient", "quantite", "note"],
        }
    }

    pub fn required(self) -> &'static [&'static str] {
        match self {
            ImportKind::Products => &["nom", "type", "unite"],
            ImportKind::Packs => &["produit", "nom", "contenu"],
            ImportKind::Suppliers => &["nom"],
            ImportKind::Recipes => &["produit", "ingredient", "quantite"],
        }
    }
}

/// The fate of one row.
#[derive(Debug, Clone)]
pub struct RowOutcome {
    /// The row's number in the file (the header is row 1).
    pub line: usize,
    pub label: String,
    /// "créé", "modifié" … or the reasons it was refused.
    pub result: Result<&'static str, Vec<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub rows: Vec<RowOutcome>,
    /// Problems with the file itself (missing columns).
    pub file_errors: Vec<String>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.file_errors.is_empty() && self.rows.iter().all(|r| r.result.is_ok())
    }
    pub fn count(&self, what: &str) -> usize {
        self.rows.iter().filter(|r| r.result.as_ref().is_ok_and(|s| *s == what)).count()
    }
    pub fn errors(&self) -> usize {
        self.rows.iter().filter(|r| r.result.is_err()).count()
    }
}

/// A file sent for import: what it holds (as chosen), its name and content, and its rows.
#[derive(Debug, Clone)]
pub struct Upload {
    pub kind: ImportKind,
    pub name: String,
    pub bytes: Vec<u8>,
    pub table: Table,
}
