//! The cash: tills, their shifts (opened with a counted float, closed with a blind count), and
//! every movement of cash in or out of a drawer, each linked to its document. Owns `tills`,
//! `cash_shifts`, `cash_movements`, `till_settings`. Expected cash is always derived:
//! opening float + Σ movements. The drawer is a sub-ledger of account 530: at any time the
//! balance of 530 = Σ over tills of (the open shift's expected cash, else the float left by the
//! last closed shift).

pub mod check;
pub mod ops;
pub mod store;
pub mod views;
pub mod web;

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
    /// A customer order's deposit or balance (+), or its deposit refunded (−).
    Order,
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
        MovementKind::Order,
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
            MovementKind::Order => "commande",
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
            MovementKind::Order => "Commande client (acompte, solde, remboursement)",
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

/// This tablet's drawer as the counter's pages show it.
#[derive(Debug, Clone)]
pub struct Counter {
    /// Every till (the chooser shows the active ones).
    pub tills: Vec<Till>,
    /// The till this tablet works at.
    pub till: Till,
    /// Its open shift, and the name of who opened it.
    pub shift: Option<(Shift, String)>,
    /// The float the last closed shift left (what an opening count should find).
    pub carried: Money,
    /// The open shift's movements, oldest first.
    pub movements: Vec<Movement>,
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

/// A note or a coin the drawer is counted in. `key` is what the stored JSON uses: the value in
/// DA, except the 200 DA coin (`p200`), which sits beside the 200 DA note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Denomination {
    pub key: &'static str,
    pub da: i64,
    pub coin: bool,
}

impl Denomination {
    /// "Billet 2 000 DA", "Pièce 200 DA".
    pub fn label(self) -> String {
        let value =
            if self.da >= 1000 { format!("{} {:03}", self.da / 1000, self.da % 1000) } else { self.da.to_string() };
        format!("{} {value} DA", if self.coin { "Pièce" } else { "Billet" })
    }
}

const fn d(key: &'static str, da: i64, coin: bool) -> Denomination {
    Denomination { key, da, coin }
}

/// Algerian notes, then coins, largest first.
pub const DENOMINATIONS: &[Denomination] = &[
    d("2000", 2000, false),
    d("1000", 1000, false),
    d("500", 500, false),
    d("200", 200, false),
    d("p200", 200, true),
    d("100", 100, true),
    d("50", 50, true),
    d("20", 20, true),
    d("10", 10, true),
    d("5", 5, true),
];

/// A count of the drawer by denomination: how many of each (absent = none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts(pub std::collections::BTreeMap<String, i64>);

impl Counts {
    /// Reads `c_<key>` fields as typed (blank = 0); a bad number is reported on its field.
    pub fn parse(get: impl Fn(&str) -> String, errors: &mut crate::error::FieldErrors) -> Counts {
        let mut out = std::collections::BTreeMap::new();
        for den in DENOMINATIONS {
            let field = format!("c_{}", den.key);
            let text = get(&field);
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match text.parse::<i64>() {
                Ok(n) if (0..=100_000).contains(&n) => {
                    if n > 0 {
                        out.insert(den.key.to_string(), n);
                    }
                }
                _ => errors.add(&field, "Un nombre entier, 0 ou plus."),
            }
        }
        Counts(out)
    }

    pub fn get(&self, key: &str) -> i64 {
        self.0.get(key).copied().unwrap_or(0)
    }

    /// The amount counted. Unknown keys count for nothing (they cannot be typed).
    pub fn total(&self) -> Money {
        let cents = DENOMINATIONS.iter().map(|d| self.get(d.key) * d.da * 100).sum();
        Money::from_cents(cents)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "{}".into())
    }

    pub fn from_json(text: &str) -> Counts {
        Counts(serde_json::from_str(text).unwrap_or_default())
    }
}

/// Why cash is put in or taken out by hand. Each purpose maps to exactly one counter-account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The owner brings cash: Dr 530 / Cr 108.
    OwnerIn,
    /// The owner takes cash: Dr 108 / Cr 530.
    OwnerOut,
    /// An expense paid from the drawer, as movements recorded it before bills had their labels
    /// (Dr 658 / Cr 530): kept to read those movements; a new one is refused — the till's
    /// expense is a bill of the expenses domain (`/caisse/depense`), booked to its own account.
    Expense,
    /// An advance to a member of staff: Dr 425 / Cr 530.
    StaffAdvance,
    /// Cash carried to the bank: Dr 512 / Cr 530 (journal BQ).
    BankDeposit,
    /// The drawer opened without a sale: no money, no entry.
    NoSale,
}

impl Purpose {
    pub const ALL: &'static [Purpose] = &[
        Purpose::OwnerIn,
        Purpose::OwnerOut,
        Purpose::Expense,
        Purpose::StaffAdvance,
        Purpose::BankDeposit,
        Purpose::NoSale,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Purpose::OwnerIn => "apport",
            Purpose::OwnerOut => "retrait_exploitant",
            Purpose::Expense => "depense",
            Purpose::StaffAdvance => "avance_personnel",
            Purpose::BankDeposit => "depot_banque",
            Purpose::NoSale => "sans_vente",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Purpose::OwnerIn => "Apport de l'exploitant",
            Purpose::OwnerOut => "Retrait de l'exploitant",
            Purpose::Expense => "Dépense payée en espèces",
            Purpose::StaffAdvance => "Avance au personnel",
            Purpose::BankDeposit => "Dépôt en banque",
            Purpose::NoSale => "Ouverture du tiroir sans vente",
        }
    }

    pub fn from_code(code: &str) -> Option<Purpose> {
        Purpose::ALL.iter().copied().find(|p| p.code() == code)
    }

    pub fn kind(self) -> MovementKind {
        match self {
            Purpose::OwnerIn => MovementKind::PayIn,
            Purpose::OwnerOut | Purpose::Expense | Purpose::StaffAdvance => MovementKind::PayOut,
            Purpose::BankDeposit => MovementKind::BankDeposit,
            Purpose::NoSale => MovementKind::NoSale,
        }
    }

    /// The account on the other side of 530, if money moves.
    pub fn counter_account(self) -> Option<&'static str> {
        match self {
            Purpose::OwnerIn | Purpose::OwnerOut => Some(account::OWNER),
            Purpose::Expense => Some(crate::accounting::account::LOSSES),
            Purpose::StaffAdvance => Some(account::STAFF_ADVANCES),
            Purpose::BankDeposit => Some(crate::accounting::account::BANK),
            Purpose::NoSale => None,
        }
    }

    /// Money into the drawer (+) or out of it (−).
    pub fn sign(self) -> i64 {
        match self {
            Purpose::OwnerIn => 1,
            Purpose::NoSale => 0,
            _ => -1,
        }
    }
}

/// A labelled total: a payment method, a category, a seller.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Total {
    pub label: String,
    pub count: i64,
    pub amount: Money,
}

#[derive(Debug, Clone)]
pub struct ShiftReport {
    pub shift: Shift,
    pub shop: String,
    pub till: String,
    pub opened_by: String,
    pub closed_by: String,
    /// Opened and closed, in the shop's time (`24/11/2026 08:00`).
    pub opened_at: String,
    pub closed_at: String,
    pub tickets: i64,
    pub gross: Money,
    pub discounts: Money,
    /// The tickets' total, after discounts (what the methods, categories and sellers add up to).
    pub sales: Money,
    /// Sales less refunds (`pos::store::net_sales`).
    pub net_sales: Money,
    /// Cash net of the change given.
    pub by_method: Vec<Total>,
    pub by_category: Vec<Total>,
    pub by_seller: Vec<Total>,
    pub refunds_count: i64,
    pub refunds_total: Money,
    pub refunds_by_method: Vec<Total>,
    pub pay_ins: Money,
    /// Positive: what went out.
    pub pay_outs: Money,
    /// The pay-outs by purpose (owner, expense, staff advance), read from their entries' debit account.
    pub pay_outs_by_purpose: Vec<Total>,
    pub deposits: Money,
    pub supplier_payments: Money,
    /// Customer orders: deposits and balances in cash, less deposits refunded.
    pub order_cash: Money,
    pub cash_sales: Money,
    pub cash_refunds: Money,
    pub opening_float: Money,
    pub expected: Money,
    pub counted: Option<Money>,
    pub variance: Option<Money>,
    pub next_float: Option<Money>,
    pub handover: Option<Money>,
}

impl ShiftReport {
    /// Z once closed, X before.
    pub fn is_z(&self) -> bool {
        !self.shift.open
    }
    pub fn title(&self) -> &'static str {
        if self.is_z() { "Rapport Z (clôture)" } else { "Rapport X (en cours)" }
    }
}

/// Accounts the cash posts to beyond the shared list in `accounting::account`.
pub mod account {
    pub const OWNER: &str = "108";
    pub const STAFF_ADVANCES: &str = "425";
}

/// A stored movement, as the pages list it.
#[derive(Debug, Clone)]
pub struct Movement {
    pub id: i64,
    pub shift_id: i64,
    pub at: String,
    pub kind: String,
    pub amount: Money,
    pub reason: String,
    pub source_type: String,
    pub source_id: Option<i64>,
    pub entry_id: Option<i64>,
    pub user: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldErrors;

    #[test]
    fn a_count_adds_notes_and_coins_and_reports_bad_fields() {
        let typed = [("c_2000", "2"), ("c_200", "1"), ("c_p200", "3"), ("c_5", " 4 "), ("c_50", "-1"), ("c_10", "x")];
        let mut e = FieldErrors::new();
        let c = Counts::parse(
            |k| typed.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string()).unwrap_or_default(),
            &mut e,
        );
        assert_eq!(c.total(), Money::from_da(4_000 + 200 + 600 + 20));
        assert!(e.get("c_50").is_some() && e.get("c_10").is_some() && e.get("c_2000").is_none());
        assert_eq!(Counts::from_json(&c.to_json()), c);
    }

    #[test]
    fn every_purpose_has_one_direction_and_at_most_one_counter_account() {
        for p in Purpose::ALL {
            assert_eq!(Purpose::from_code(p.code()), Some(*p));
            assert_eq!(p.counter_account().is_none(), *p == Purpose::NoSale);
            let k = p.kind();
            assert!(matches!(
                k,
                MovementKind::PayIn | MovementKind::PayOut | MovementKind::BankDeposit | MovementKind::NoSale
            ));
            assert_eq!(p.sign() > 0, k == MovementKind::PayIn);
        }
        assert_eq!(DENOMINATIONS.iter().filter(|d| d.da == 200).count(), 2);
        assert_eq!(DENOMINATIONS[0].label(), "Billet 2 000 DA");
    }
}
