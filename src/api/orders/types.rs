//! The API's bodies for customers and orders: what comes in (parsed by the pages' forms) and
//! what goes out, with their mapping from the domain.

use poem_openapi::Object;

use crate::api::envelope::envelope;
use crate::orders::{OrderFull, Summary};

#[derive(Debug, Clone, Object)]
pub struct CustomerIn {
    pub name: String,
    /// "0551 23 45 67", "+213 551 23 45 67", "021 23 45 67"
    pub phone: String,
    /// Une adresse par ligne.
    #[oai(default)]
    pub addresses: String,
    #[oai(default)]
    pub notes: String,
    #[oai(default)]
    pub allergies: String,
    /// Jeton à usage unique : un envoi répété renvoie le même client.
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct CustomerOut {
    pub id: i64,
    pub name: String,
    /// Normalisé : 0551234567
    pub phone: String,
    pub addresses: Vec<String>,
    pub notes: String,
    pub allergies: String,
    pub active: bool,
    /// Commandes remises (les annulées ne comptent pas).
    pub spent: String,
    /// Reste à payer sur les commandes en cours.
    pub owed: String,
    /// Avoir disponible.
    pub credit: String,
}

#[derive(Debug, Clone, Object)]
pub struct OrderLineIn {
    pub product_id: i64,
    /// "2", "1,5 kg"
    pub qty: String,
    /// Taille, parfum, inscription.
    #[oai(default)]
    pub options: String,
    /// Un prix convenu autre que celui du catalogue (droit prix.modifier).
    #[oai(default)]
    pub price: Option<String>,
    /// En modification : la ligne remplacée (son prix convenu est gardé).
    #[oai(default)]
    pub line_id: Option<i64>,
}

#[derive(Debug, Clone, Object)]
pub struct OrderPaymentIn {
    /// especes, carte, cheque, avoir
    pub method: String,
    /// Ce que la commande reçoit ("1 500").
    pub amount: String,
    /// Espèces remises par le client ("2 000") : la monnaie est rendue.
    #[oai(default)]
    pub tendered: Option<String>,
    #[oai(default)]
    pub reference: String,
    /// Jeton à usage unique du paiement.
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct OrderIn {
    /// Jeton à usage unique : un envoi répété renvoie la même commande, sans rien refaire.
    pub token: String,
    pub customer_id: i64,
    /// retrait (défaut) ou livraison
    #[oai(default)]
    pub service: Option<String>,
    #[oai(default)]
    pub address: String,
    /// "2026-11-25", heure de la boutique
    pub due_day: String,
    /// "15:00"
    pub due_time: String,
    #[oai(default)]
    pub notes: String,
    pub lines: Vec<OrderLineIn>,
    /// L'acompte, pris dans la caisse ouverte.
    #[oai(default)]
    pub deposit: Option<OrderPaymentIn>,
    /// La caisse (son tiroir, son imprimante) ; absent : la première caisse active.
    #[oai(default)]
    pub till_id: Option<i64>,
}

#[derive(Debug, Clone, Object)]
pub struct OrderEditIn {
    #[oai(default)]
    pub service: Option<String>,
    #[oai(default)]
    pub address: String,
    pub due_day: String,
    pub due_time: String,
    #[oai(default)]
    pub notes: String,
    pub lines: Vec<OrderLineIn>,
}

#[derive(Debug, Clone, Object)]
pub struct OrderPayIn {
    pub payment: OrderPaymentIn,
    #[oai(default)]
    pub till_id: Option<i64>,
}

#[derive(Debug, Clone, Object)]
pub struct OrderHandOverIn {
    /// Le solde, s'il en reste (exactement le reste à payer).
    #[oai(default)]
    pub payment: Option<OrderPaymentIn>,
    #[oai(default)]
    pub till_id: Option<i64>,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct OrderCancelIn {
    pub reason: String,
    /// especes (rendu en caisse) ou avoir (gardé pour le client), si quelque chose a été payé.
    #[oai(default)]
    pub refund: Option<String>,
    /// comptoir ou perte, si des produits sont déjà faits.
    #[oai(default)]
    pub goods: Option<String>,
    #[oai(default)]
    pub till_id: Option<i64>,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct OrderLineOut {
    pub id: i64,
    pub product_id: i64,
    pub name: String,
    pub qty: String,
    pub unit_price: String,
    pub total: String,
    pub options: String,
    /// labo (fait pour la commande) ou comptoir (pris au comptoir à la remise)
    pub source: String,
    pub made: bool,
}

#[derive(Debug, Clone, Object)]
pub struct OrderPaymentOut {
    pub id: i64,
    /// acompte, solde, remboursement
    pub kind: String,
    pub method: String,
    pub amount: String,
    pub tendered: String,
    pub change: String,
    pub at: String,
}

#[derive(Debug, Clone, Object)]
pub struct OrderOut {
    pub id: i64,
    /// CMD-2026-00001, la référence du retrait
    pub number: String,
    /// confirmee, en_production, prete, remise, annulee
    pub status: String,
    pub service: String,
    pub customer_id: i64,
    pub customer: String,
    pub due_day: String,
    pub due_time: String,
    pub address: String,
    pub notes: String,
    pub total: String,
    pub paid: String,
    pub balance: String,
    pub lines: Vec<OrderLineOut>,
    pub payments: Vec<OrderPaymentOut>,
}

#[derive(Debug, Clone, Object)]
pub struct OrderSummaryOut {
    pub id: i64,
    pub number: String,
    pub status: String,
    pub customer_id: i64,
    pub customer: String,
    pub due_day: String,
    pub due_time: String,
    pub total: String,
    pub balance: String,
    pub items: String,
}

envelope!(CustomerEnvelope, CustomerOut);
envelope!(CustomersEnvelope, Vec<CustomerOut>);
envelope!(OrderEnvelope, OrderOut);
envelope!(OrdersEnvelope, Vec<OrderSummaryOut>);

pub(super) fn order_out(f: OrderFull) -> OrderOut {
    let o = f.order;
    OrderOut {
        id: o.id,
        number: o.number.clone(),
        status: o.status.code().into(),
        service: o.service.code().into(),
        customer_id: f.customer.id,
        customer: f.customer.name,
        due_day: o.due_day.clone(),
        due_time: o.due_time.clone(),
        address: o.address.clone(),
        notes: o.notes.clone(),
        total: o.total.to_string(),
        paid: o.paid.to_string(),
        balance: o.balance().to_string(),
        lines: f
            .lines
            .iter()
            .map(|l| OrderLineOut {
                id: l.id,
                product_id: l.product_id,
                name: l.name.clone(),
                qty: l.unit.format(l.qty),
                unit_price: l.unit_price.to_string(),
                total: l.total.to_string(),
                options: l.options.clone(),
                source: l.source.code().into(),
                made: l.production_id.is_some(),
            })
            .collect(),
        payments: f
            .payments
            .into_iter()
            .map(|p| OrderPaymentOut {
                id: p.id,
                kind: p.kind,
                method: p.method,
                amount: p.amount.to_string(),
                tendered: p.tendered.to_string(),
                change: p.change.to_string(),
                at: p.at,
            })
            .collect(),
    }
}

pub(super) fn summary_out(s: Summary) -> OrderSummaryOut {
    OrderSummaryOut {
        id: s.id,
        number: s.number.clone(),
        status: s.status.code().into(),
        customer_id: s.customer_id,
        balance: s.balance().to_string(),
        customer: s.customer,
        due_day: s.due_day,
        due_time: s.due_time,
        total: s.total.to_string(),
        items: s.items,
    }
}
