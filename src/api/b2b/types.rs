//! The API's bodies for B2B: what comes in (read by the pages' forms) and what goes out, with
//! their mapping from the domain. Amounts and quantities are text as the pages show them.

use poem_openapi::Object;

use crate::api::envelope::envelope;
use crate::b2b::ops::statement::Statement;
use crate::b2b::store::orders::NoteHead;
use crate::b2b::{Customer, NoteLine, Order};
use crate::money::Money;

#[derive(Debug, Clone, Object)]
pub struct B2bCustomerIn {
    /// Raison sociale.
    pub name: String,
    #[oai(default)]
    pub legal_form: String,
    #[oai(default)]
    pub contact: String,
    #[oai(default)]
    pub phone: String,
    #[oai(default)]
    pub email: String,
    #[oai(default)]
    pub address: String,
    #[oai(default)]
    pub delivery_address: String,
    /// 15 chiffres.
    pub nif: String,
    /// 15 chiffres.
    pub nis: String,
    #[oai(default)]
    pub rc: String,
    #[oai(default)]
    pub ai: String,
    /// `comptant`, `15j`, `30j`, `45j`, `60j` ou `fin_de_mois`.
    pub terms: String,
    /// Plafond de crédit : "50 000" (vide : aucun).
    #[oai(default)]
    pub credit_limit: String,
    #[oai(default)]
    pub price_list_id: Option<i64>,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct B2bCustomerOut {
    pub id: i64,
    pub name: String,
    pub legal_form: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub delivery_address: String,
    pub nif: String,
    pub nis: String,
    pub rc: String,
    pub ai: String,
    pub terms: String,
    #[oai(nullable)]
    pub credit_limit: Option<String>,
    #[oai(nullable)]
    pub price_list_id: Option<i64>,
    /// Son compte 411.
    pub account: String,
    pub active: bool,
    /// Ce qu'il doit (solde de son 411).
    pub owed: String,
}

pub fn customer_out(c: Customer, owed: Money) -> B2bCustomerOut {
    B2bCustomerOut {
        id: c.id,
        name: c.name,
        legal_form: c.legal_form,
        contact: c.contact,
        phone: c.phone,
        email: c.email,
        address: c.address,
        delivery_address: c.delivery_address,
        nif: c.nif,
        nis: c.nis,
        rc: c.rc,
        ai: c.ai,
        terms: c.terms.code().to_string(),
        credit_limit: c.credit_limit.map(|m| m.to_string()),
        price_list_id: c.price_list_id,
        account: c.account,
        active: c.active,
        owed: owed.to_string(),
    }
}

#[derive(Debug, Clone, Object)]
pub struct B2bPriceOut {
    pub product_id: i64,
    pub product: String,
    /// En vigueur à partir de ce jour (AAAA-MM-JJ).
    pub valid_from: String,
    /// Prix HT.
    pub price: String,
}

#[derive(Debug, Clone, Object)]
pub struct B2bPriceListOut {
    pub id: i64,
    pub name: String,
    pub prices: Vec<B2bPriceOut>,
}

pub fn price_list_out(id: i64, name: String, prices: Vec<(i64, String, String, Money)>) -> B2bPriceListOut {
    let prices = prices
        .into_iter()
        .map(|(product_id, product, valid_from, p)| B2bPriceOut {
            product_id,
            product,
            valid_from,
            price: p.to_string(),
        })
        .collect();
    B2bPriceListOut { id, name, prices }
}

#[derive(Debug, Clone, Object)]
pub struct B2bOrderLineIn {
    pub product_id: i64,
    /// "12" ou "2,5".
    pub qty: String,
}

#[derive(Debug, Clone, Object)]
pub struct B2bOrderIn {
    pub customer_id: i64,
    /// AAAA-MM-JJ.
    pub delivery_day: String,
    pub lines: Vec<B2bOrderLineIn>,
    #[oai(default)]
    pub notes: String,
    /// Au-delà du plafond de crédit : qui autorise (b2b.gerer) et son code.
    #[oai(default)]
    pub approver_id: Option<i64>,
    #[oai(default)]
    pub pin: Option<String>,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct B2bOrderOut {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer: String,
    pub delivery_day: String,
    /// `confirmee`, `livree` ou `annulee`.
    pub status: String,
    /// Total HT.
    pub total: String,
    #[oai(nullable)]
    pub approved_by: Option<i64>,
    #[oai(nullable)]
    pub note_id: Option<i64>,
}

pub fn order_out(o: Order) -> B2bOrderOut {
    B2bOrderOut {
        id: o.id,
        number: o.number,
        customer_id: o.customer_id,
        customer: o.customer,
        delivery_day: o.delivery_day,
        status: o.status,
        total: o.total.to_string(),
        approved_by: o.approved_by,
        note_id: o.note_id,
    }
}

#[derive(Debug, Clone, Object)]
pub struct B2bNoteLineOut {
    pub position: i64,
    pub product_id: i64,
    pub product: String,
    pub ordered: String,
    pub shipped: String,
    pub short: String,
    pub returned: String,
    pub wasted: String,
    pub delivered: String,
    /// Prix HT.
    pub unit_price: String,
}

#[derive(Debug, Clone, Object)]
pub struct B2bNoteOut {
    pub id: i64,
    pub number: String,
    pub order_id: i64,
    pub customer_id: i64,
    pub day: String,
    /// `sorti` (parti, retour à saisir) ou `livre`.
    pub status: String,
    #[oai(nullable)]
    pub invoice_id: Option<i64>,
    /// Vide dans la liste.
    pub lines: Vec<B2bNoteLineOut>,
}

pub fn note_out(h: NoteHead, lines: Vec<NoteLine>) -> B2bNoteOut {
    let (id, number, order_id, customer_id, day, status, invoice_id) = h;
    let lines = lines
        .into_iter()
        .map(|l| B2bNoteLineOut {
            position: l.position,
            product_id: l.product_id,
            short: l.short().to_string(),
            delivered: l.delivered().to_string(),
            product: l.name,
            ordered: l.ordered.to_string(),
            shipped: l.shipped.to_string(),
            returned: l.returned.to_string(),
            wasted: l.wasted.to_string(),
            unit_price: l.unit_price.to_string(),
        })
        .collect();
    B2bNoteOut { id, number, order_id, customer_id, day, status, invoice_id, lines }
}

#[derive(Debug, Clone, Object)]
pub struct B2bReturnLineIn {
    pub position: i64,
    /// Revenu.
    pub returned: String,
    /// Dont jeté.
    #[oai(default)]
    pub wasted: String,
}

#[derive(Debug, Clone, Object)]
pub struct B2bReturnIn {
    pub lines: Vec<B2bReturnLineIn>,
}

#[derive(Debug, Clone, Object)]
pub struct B2bPaymentIn {
    pub customer_id: i64,
    /// `cheque`, `virement`, `especes` ou `traite`.
    pub mode: String,
    pub amount: String,
    /// N° du chèque, du virement ou de la traite.
    #[oai(default)]
    pub reference: String,
    /// Les factures payées (vide : les plus anciennes d'abord).
    #[oai(default)]
    pub invoice_ids: Vec<i64>,
    /// En espèces : la caisse dont le tiroir reçoit l'argent (par défaut : la première active).
    #[oai(default)]
    pub till_id: Option<i64>,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct B2bPaymentOut {
    pub id: i64,
    pub customer_id: i64,
    /// Ce que le client doit encore (solde de son 411).
    pub owed: String,
}

#[derive(Debug, Clone, Object)]
pub struct B2bStatementLineOut {
    pub day: String,
    /// `facture`, `avoir` ou `paiement`.
    pub kind: String,
    pub id: i64,
    pub label: String,
    pub debit: String,
    pub credit: String,
    pub balance: String,
}

#[derive(Debug, Clone, Object)]
pub struct B2bStatementOut {
    pub customer_id: i64,
    pub customer: String,
    pub account: String,
    pub du: String,
    pub au: String,
    pub opening: String,
    pub lines: Vec<B2bStatementLineOut>,
    pub closing: String,
    /// Reste à payer aujourd'hui : à échoir, 1–30, 31–60, 61–90, plus de 90 jours de retard.
    pub ageing: Vec<String>,
}

pub fn statement_out(s: Statement) -> B2bStatementOut {
    let lines = s
        .lines
        .into_iter()
        .map(|l| B2bStatementLineOut {
            day: l.movement.day,
            kind: l.movement.kind,
            id: l.movement.id,
            label: l.label,
            debit: l.movement.debit.to_string(),
            credit: l.movement.credit.to_string(),
            balance: l.balance.to_string(),
        })
        .collect();
    B2bStatementOut {
        customer_id: s.customer.id,
        customer: s.customer.name,
        account: s.customer.account,
        du: s.period.from.to_string(),
        au: s.period.to.to_string(),
        opening: s.opening.to_string(),
        lines,
        closing: s.closing.to_string(),
        ageing: s.ageing.iter().map(Money::to_string).collect(),
    }
}

envelope!(B2bCustomerEnvelope, B2bCustomerOut);
envelope!(B2bCustomersEnvelope, Vec<B2bCustomerOut>);
envelope!(B2bPriceListsEnvelope, Vec<B2bPriceListOut>);
envelope!(B2bOrderEnvelope, B2bOrderOut);
envelope!(B2bOrdersEnvelope, Vec<B2bOrderOut>);
envelope!(B2bNoteEnvelope, B2bNoteOut);
envelope!(B2bNotesEnvelope, Vec<B2bNoteOut>);
envelope!(B2bPaymentEnvelope, B2bPaymentOut);
envelope!(B2bStatementEnvelope, B2bStatementOut);
