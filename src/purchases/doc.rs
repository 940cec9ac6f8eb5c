//! Purchase documents: statuses, lines, payments, as stored and as typed.

use crate::money::{Money, Qty};

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
/// a count (packs, or base units when no pack), a price per pack or per natural unit.
#[derive(Debug, Clone)]
pub struct LineDraft {
    pub product_id: i64,
    pub pack_id: Option<i64>,
    pub count: Qty,
    pub price: Money,
    pub location_id: i64,
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
}
