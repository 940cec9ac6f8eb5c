//! Suppliers and purchases. Owns `suppliers`, `product_suppliers`, `purchases`,
//! `purchase_lines`, `purchase_payments` and `purchase_returns`.
//!
//! A purchase is a `brouillon` (editable, no effect), then `recu` (stock in at its exact cost,
//! entry Dr stock / Cr 401), paid in one or more payments (Dr 401 / Cr 530 or 512), and may be
//! `annule`: the receipt is taken back exactly (quantity, value, PMP) and its entry reversed.

pub mod check;
pub mod ops;
pub mod store;
pub mod views;
pub mod web;

use crate::error::FieldErrors;
use crate::money::{Money, Qty};

#[derive(Debug, Clone, Default)]
pub struct Supplier {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub nif: String,
    pub rc: String,
    pub payment_days: i64,
    pub notes: String,
    pub active: bool,
}

/// The supplier form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SupplierForm {
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub nif: String,
    pub rc: String,
    pub payment_days: String,
    pub notes: String,
}

impl SupplierForm {
    pub fn of(s: &Supplier) -> SupplierForm {
        SupplierForm {
            name: s.name.clone(),
            contact: s.contact.clone(),
            phone: s.phone.clone(),
            email: s.email.clone(),
            address: s.address.clone(),
            nif: s.nif.clone(),
            rc: s.rc.clone(),
            payment_days: s.payment_days.to_string(),
            notes: s.notes.clone(),
        }
    }

    /// Checks every field; the name's uniqueness is checked by the operation.
    pub fn parse(&self) -> Result<Supplier, FieldErrors> {
        let mut e = FieldErrors::new();
        let t = |s: &str| s.trim().to_string();
        let name = t(&self.name);
        if name.is_empty() {
            e.add("name", "Le nom du fournisseur est obligatoire.");
        } else if name.chars().count() > 120 {
            e.add("name", "Au plus 120 caractères.");
        }
        let email = t(&self.email);
        if !email.is_empty() && (!email.contains('@') || email.contains(' ')) {
            e.add("email", "Adresse e-mail invalide.");
        }
        if !self.nif.trim().chars().all(|c| c.is_ascii_digit() || c == ' ') {
            e.add("nif", "Le NIF ne contient que des chiffres.");
        }
        let days = self.payment_days.trim();
        let payment_days = if days.is_empty() {
            0
        } else {
            match days.parse::<i64>() {
                Ok(d) if (0..=365).contains(&d) => d,
                _ => {
                    e.add("payment_days", "Un nombre de jours entre 0 et 365.");
                    0
                }
            }
        };
        e.into_result(Supplier {
            id: 0,
            name,
            contact: t(&self.contact),
            phone: t(&self.phone),
            email,
            address: t(&self.address),
            nif: t(&self.nif),
            rc: t(&self.rc),
            payment_days,
            notes: self.notes.trim().to_string(),
            active: true,
        })
    }
}

/// Where a purchase stands. Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Received,
    Cancelled,
}

impl Status {
    pub const ALL: &'static [Status] = &[Status::Draft, Status::Received, Status::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "brouillon",
            Status::Received => "recu",
            Status::Cancelled => "annule",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Brouillon",
            Status::Received => "Reçu",
            Status::Cancelled => "Annulé",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.iter().copied().find(|s| s.code() == code)
    }
}

/// How a supplier was paid. Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Cash,
    Bank,
    Cheque,
}

impl Method {
    pub const ALL: &'static [Method] = &[Method::Cash, Method::Bank, Method::Cheque];

    pub fn code(self) -> &'static str {
        match self {
            Method::Cash => "especes",
            Method::Bank => "banque",
            Method::Cheque => "cheque",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Method::Cash => "Espèces",
            Method::Bank => "Virement bancaire",
            Method::Cheque => "Chèque",
        }
    }

    pub fn from_code(code: &str) -> Option<Method> {
        Method::ALL.iter().copied().find(|m| m.code() == code)
    }
}

#[derive(Debug, Clone)]
pub struct Purchase {
    pub id: i64,
    pub number: String,
    pub supplier_id: i64,
    pub supplier: String,
    pub day: String,
    pub status: Status,
    pub invoice_ref: String,
    pub note: String,
    pub total: Money,
    pub entry_id: Option<i64>,
    pub created_at: String,
    pub received_at: Option<String>,
    pub cancelled_at: Option<String>,
    pub cancel_reason: String,
    /// Σ payments not reversed.
    pub paid: Money,
    /// Σ supplier returns.
    pub returned: Money,
}

impl Purchase {
    /// What is still owed to the supplier for this purchase (nothing for a draft or a cancelled one).
    pub fn owed(&self) -> Money {
        if self.status == Status::Received { self.total - self.returned - self.paid } else { Money::ZERO }
    }
}

#[derive(Debug, Clone)]
pub struct Line {
    pub id: i64,
    pub product_id: i64,
    pub product: String,
    pub unit: crate::catalog::Unit,
    pub pack_id: Option<i64>,
    pub pack: Option<String>,
    pub count: Qty,
    pub base_qty: Qty,
    pub price: Money,
    pub value: Money,
    pub location_id: i64,
    pub location: String,
    /// Already returned to the supplier.
    pub returned: Qty,
    /// The TVA rate the supplier's invoice shows for the line.
    pub tva_bp: u32,
    /// Its deductible TVA under réel (zero under IFU: the TVA is part of the cost). `value` is
    /// TTC; the stock took `value − tva`.
    pub tva: Money,
}

impl Line {
    /// What the line brought into stock: HT under réel, TTC under IFU.
    pub fn cost(&self) -> Money {
        self.value - self.tva
    }
}

#[derive(Debug, Clone)]
pub struct Payment {
    pub id: i64,
    pub purchase_id: i64,
    pub day: String,
    pub amount: Money,
    pub method: Method,
    pub reference: String,
    pub entry_id: i64,
    pub reversed_at: Option<String>,
}

/// One line as the operation takes it: a product, in packs (`pack_id`) or in its natural unit,
/// a count (packs, or base units when no pack), a price before tax per pack or per natural unit
/// and the TVA rate the supplier's invoice shows (0 when none).
#[derive(Debug, Clone)]
pub struct LineDraft {
    pub product_id: i64,
    pub pack_id: Option<i64>,
    pub count: Qty,
    pub price: Money,
    pub location_id: i64,
    pub tva_bp: u32,
}

#[derive(Debug, Clone)]
pub struct PurchaseDraft {
    pub supplier_id: i64,
    pub day: chrono::NaiveDate,
    pub invoice_ref: String,
    pub note: String,
    pub lines: Vec<LineDraft>,
    pub token: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PaymentDraft {
    pub day: chrono::NaiveDate,
    pub amount: Money,
    pub method: Method,
    pub reference: String,
    pub token: Option<String>,
    /// Cash only: which drawer the money leaves.
    pub drawer: Drawer,
}

/// Which drawer cash paid to a supplier leaves (a shift must be open to count it out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawer {
    /// The first till with an open shift.
    FirstOpen,
    /// This till's open shift; refused while it is closed (the API names its till).
    Till(i64),
    /// The till of the tablet that pays when its shift is open, else the first open one.
    Here(i64),
}

/// One row of a supplier statement: (date, label, link, owed +, paid −).
pub type StatementRow = (String, String, Option<String>, Money, Money);

/// Ageing: per supplier, what is owed by days past the due date (one amount per `AGEING` column).
pub type AgeingRow = (Supplier, [Money; 5]);

/// The ageing columns: not yet due, then days past the due date (purchase day + payment terms).
pub const AGEING: [&str; 5] = ["Non échu", "0–30 j", "31–60 j", "61–90 j", "> 90 j"];

/// Which ageing column a purchase of `day` falls in on `today`, for a supplier paid at `terms` days.
pub fn ageing_bucket(day: chrono::NaiveDate, terms: i64, today: chrono::NaiveDate) -> usize {
    match (today - day).num_days() - terms {
        ..0 => 0,
        0..=30 => 1,
        31..=60 => 2,
        61..=90 => 3,
        _ => 4,
    }
}

/// A line's count (packs, or a natural quantity like "2,5 kg") and price as typed; on error,
/// the field (`count` or `price`) and its message.
pub fn read_line(
    p: &crate::catalog::Product,
    in_packs: bool,
    count: &str,
    price: &str,
) -> Result<(Qty, Money), (&'static str, String)> {
    let count = if in_packs {
        Qty::parse(count).map_err(|_| ("count", "Un nombre de conditionnements, par exemple 2 ou 1,5.".to_string()))?
    } else {
        p.unit.parse_qty(count).map_err(|m| ("count", m))?
    };
    let price = Money::parse_signed(price).map_err(|_| ("price", "Un prix comme 1 500 ou 1 234,50.".to_string()))?;
    Ok((count, price))
}

/// Where a product is received: the place the gérante chose for it, else the first place its
/// kind may live in (flour: Réserve).
pub fn default_location(locations: &[crate::stock::Location], p: &crate::catalog::Product) -> i64 {
    let suits = |x: &&crate::stock::Location| p.kind.locations().contains(&x.kind.as_str());
    let chosen = locations.iter().filter(suits).find(|x| Some(x.id) == p.receive_location_id);
    chosen.or_else(|| locations.iter().find(suits)).map(|x| x.id).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn ageing_counts_days_past_the_due_date() {
        let d = |m, j| NaiveDate::from_ymd_opt(2026, m, j).unwrap();
        let today = d(11, 24);
        assert_eq!(ageing_bucket(d(11, 1), 30, today), 0, "due on 1 December");
        assert_eq!(ageing_bucket(d(10, 25), 30, today), 1, "due today");
        assert_eq!(ageing_bucket(d(11, 24), 0, today), 1, "cash: due the same day");
        assert_eq!(ageing_bucket(d(9, 24), 0, today), 3, "61 days late");
        assert_eq!(ageing_bucket(d(9, 25), 0, today), 2, "60 days late");
        assert_eq!(ageing_bucket(d(1, 1), 30, today), 4);
    }

    #[test]
    fn what_is_owed_is_total_less_returns_and_payments_once_received() {
        let mut p = Purchase {
            id: 1,
            number: "ACH-2026-00001".into(),
            supplier_id: 1,
            supplier: "S".into(),
            day: "2026-11-24".into(),
            status: Status::Draft,
            invoice_ref: String::new(),
            note: String::new(),
            total: Money::from_da(1_000),
            entry_id: None,
            created_at: String::new(),
            received_at: None,
            cancelled_at: None,
            cancel_reason: String::new(),
            paid: Money::from_da(300),
            returned: Money::from_da(100),
        };
        assert_eq!(p.owed(), Money::ZERO);
        p.status = Status::Received;
        assert_eq!(p.owed(), Money::from_da(600));
    }
}
