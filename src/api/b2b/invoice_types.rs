//! The API's bodies for B2B invoices, proformas and credit notes (with the goods a credit note
//! brings back): what comes in (read by the page's form) and what goes out.

use poem_openapi::Object;

use crate::api::envelope::envelope;
use crate::b2b::views::invoices::{CreditLineValues, CreditValues};
use crate::b2b::{Invoice, InvoiceLine};
use crate::money::Money;

#[derive(Debug, Clone, Object)]
pub struct B2bInvoiceIn {
    pub customer_id: i64,
    /// `facture` ou `proforma`.
    pub kind: String,
    /// Les bons livrés à facturer ; ou bien une période (`du`, `au`).
    #[oai(default)]
    pub note_ids: Vec<i64>,
    #[oai(default)]
    pub du: String,
    #[oai(default)]
    pub au: String,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct B2bCreditLineIn {
    /// La ligne de la facture.
    pub position: i64,
    pub qty: String,
    /// Prix unitaire HT crédité.
    pub unit_price: String,
    /// Ce qui est physiquement revenu (au plus la quantité créditée ; vide ou 0 : un avoir de
    /// prix) : ce qui n'est pas jeté revient en vitrine à la valeur de sa sortie sur le bon.
    #[oai(default)]
    pub returned: String,
    /// Dont jeté (au plus ce qui est revenu) : son coût reste dans le coût des ventes.
    #[oai(default)]
    pub wasted: String,
}

#[derive(Debug, Clone, Object)]
pub struct B2bCreditIn {
    pub reason: String,
    pub lines: Vec<B2bCreditLineIn>,
    #[oai(default)]
    pub token: Option<String>,
}

impl B2bCreditIn {
    /// The body as the credit-note form would have typed it (one parse for both).
    pub fn values(self) -> CreditValues {
        let line = |l: B2bCreditLineIn| CreditLineValues {
            position: l.position,
            qty: l.qty,
            price: l.unit_price,
            returned: l.returned.trim().to_string(),
            wasted: l.wasted.trim().to_string(),
        };
        CreditValues {
            reason: self.reason,
            lines: self.lines.into_iter().map(line).collect(),
            token: self.token.unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, Object)]
pub struct B2bInvoiceLineOut {
    pub position: i64,
    pub section: String,
    #[oai(nullable)]
    pub note_id: Option<i64>,
    #[oai(nullable)]
    pub product_id: Option<i64>,
    pub label: String,
    pub qty: String,
    pub unit_price: String,
    pub tva_bp: u32,
    pub total_ht: String,
    pub tva: String,
    /// Un avoir : ce qui est revenu de la quantité créditée (0 ailleurs).
    pub returned: String,
    /// Dont jeté.
    pub wasted: String,
    /// La valeur revenue en stock (le reste, à sa valeur de sortie du bon).
    pub back_value: String,
}

#[derive(Debug, Clone, Object)]
pub struct B2bInvoicePaymentOut {
    pub day: String,
    pub mode: String,
    pub reference: String,
    pub amount: String,
}

#[derive(Debug, Clone, Object)]
pub struct B2bInvoiceOut {
    pub id: i64,
    /// `facture`, `proforma` ou `avoir`.
    pub kind: String,
    pub number: String,
    pub customer_id: i64,
    pub customer: String,
    pub day: String,
    pub due_day: String,
    pub regime: String,
    pub total_ht: String,
    pub total_tva: String,
    pub total_ttc: String,
    /// Un avoir : la facture qu'il corrige.
    #[oai(nullable)]
    pub corrects_id: Option<i64>,
    pub reason: String,
    /// Reste à payer (une facture).
    pub open: String,
    /// Vides dans la liste.
    pub lines: Vec<B2bInvoiceLineOut>,
    pub credit_notes: Vec<String>,
    pub payments: Vec<B2bInvoicePaymentOut>,
}

pub fn invoice_out(i: Invoice) -> B2bInvoiceOut {
    B2bInvoiceOut {
        id: i.id,
        kind: i.kind.code().to_string(),
        number: i.number,
        customer_id: i.customer_id,
        customer: i.customer,
        day: i.day,
        due_day: i.due_day,
        regime: i.regime,
        total_ht: i.total_ht.to_string(),
        total_tva: i.total_tva.to_string(),
        total_ttc: i.total_ttc.to_string(),
        corrects_id: i.corrects.map(|(id, _)| id),
        reason: i.reason,
        open: i.open.to_string(),
        lines: Vec::new(),
        credit_notes: Vec::new(),
        payments: Vec::new(),
    }
}

pub fn invoice_full_out(p: crate::b2b::ops::invoices::InvoicePage) -> B2bInvoiceOut {
    let line = |l: InvoiceLine| B2bInvoiceLineOut {
        position: l.position,
        section: l.section,
        note_id: l.note_id,
        product_id: l.product_id,
        label: l.label,
        qty: l.qty.to_string(),
        unit_price: l.unit_price.to_string(),
        tva_bp: l.tva_bp,
        total_ht: l.total_ht.to_string(),
        tva: l.tva.to_string(),
        returned: l.goods.returned.to_string(),
        wasted: l.goods.wasted.to_string(),
        back_value: l.goods.back_value.to_string(),
    };
    let pay = |(day, mode, reference, a): (String, String, String, Money)| B2bInvoicePaymentOut {
        day,
        mode,
        reference,
        amount: a.to_string(),
    };
    B2bInvoiceOut {
        lines: p.lines.into_iter().map(line).collect(),
        credit_notes: p.credits.into_iter().map(|c| c.number).collect(),
        payments: p.payments.into_iter().map(pay).collect(),
        ..invoice_out(p.invoice)
    }
}

envelope!(B2bInvoiceEnvelope, B2bInvoiceOut);
envelope!(B2bInvoicesEnvelope, Vec<B2bInvoiceOut>);
