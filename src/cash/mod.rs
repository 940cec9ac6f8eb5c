//! The cash: tills, their shifts (opened with a counted float, closed with a blind count), and
//! every movement of cash in or out of a drawer, each linked to its document. Owns `tills`,
//! `cash_shifts`, `cash_movements`, `till_settings`. Expected cash is always derived:
//! opening float + Σ movements. The drawer is a sub-ledger of account 530: at any time the
//! balance of 530 = Σ over tills of (the open shift's expected cash, else the float left by the
//! last closed shift).

pub mod store;

use crate::money::Money;

/// Why cash moved. Codes are stored; the sign of the amount follows the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MovementKind {
    Sale,
    Refund,
    PayIn,
    PayOut,
    BankDeposit,
    SupplierPayment,
    NoSale,
}

impl MovementKind {
    pub const ALL: &'static [MovementKind] = &[
        MovementKind::Sale,
        MovementKind::Refund,
        MovementKind::PayIn,
        MovementKind::PayOut,
        MovementKind::BankDeposit,
        MovementKind::SupplierPayment,
        MovementKind::NoSale,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MovementKind::Sale => "vente",
            MovementKind::Refund => "remboursement",
            MovementKind::PayIn => "apport",
            MovementKind::PayOut => "retrait",
            MovementKind::BankDeposit => "depot_banque",
            MovementKind::SupplierPayment => "paiement_fournisseur",
            MovementKind::NoSale => "sans_vente",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MovementKind::Sale => "Vente",
            MovementKind::Refund => "Remboursement",
            MovementKind::PayIn => "Entrée d'espèces",
            MovementKind::PayOut => "Sortie d'espèces",
            MovementKind::BankDeposit => "Dépôt en banque",
            MovementKind::SupplierPayment => "Paiement fournisseur",
            MovementKind::NoSale => "Ouverture du tiroir sans vente",
        }
    }

    pub fn from_code(code: &str) -> Option<MovementKind> {
        MovementKind::ALL.iter().copied().find(|k| k.code() == code)
    }
}

/// A till: a drawer, the counter it sells from, its printer.
#[derive(Debug, Clone)]
pub struct Till {
    pub id: i64,
    pub name: String,
    pub location_id: i64,
    pub printer_driver: String,
    pub printer_address: String,
    pub printer_width: i64,
    pub drawer: bool,
    pub active: bool,
}

/// A shift as stored.
#[derive(Debug, Clone)]
pub struct Shift {
    pub id: i64,
    pub till_id: i64,
    pub open: bool,
    pub day: String,
    pub opened_at: String,
    pub opened_by: i64,
    pub opening_float: Money,
    pub closed_at: Option<String>,
    pub closed_by: Option<i64>,
    pub expected: Option<Money>,
    pub counted: Option<Money>,
    pub variance: Option<Money>,
    pub next_float: Option<Money>,
    pub comment: String,
}

/// A movement about to be written.
#[derive(Debug, Clone)]
pub struct MovementDraft<'a> {
    pub shift_id: i64,
    pub at: &'a str,
    pub day: chrono::NaiveDate,
    pub kind: MovementKind,
    /// Signed: + into the drawer, − out of it.
    pub amount: Money,
    pub reason: &'a str,
    pub source_type: &'a str,
    pub source_id: Option<i64>,
    pub entry_id: Option<i64>,
    pub user_id: i64,
    pub token: Option<&'a str>,
}

/// The cookie a tablet keeps to say which till it is (set on the cash pages when a shop has several).
pub const TILL_COOKIE: &str = "fournil_caisse";

/// The till this request works at: the cookie's, else the first active till.
pub fn till_id_of(cookie: Option<&str>, tills: &[Till]) -> Option<i64> {
    let wanted = cookie.and_then(|c| c.parse::<i64>().ok());
    tills.iter().find(|t| t.active && Some(t.id) == wanted).or_else(|| tills.iter().find(|t| t.active)).map(|t| t.id)
}
