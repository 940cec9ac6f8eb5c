//! API operations of the counter: products for sale, tickets (with the one-time token: a replay
//! answers the same ticket), ticket read, refunds. Quantities and amounts are text as typed
//! ("3", "350 g", "0,35 kg"; "1 500"), read by the same parsers as the till.

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::audit::Stamp;
use crate::auth::ops::Approval;
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::pos::{
    self, Cart, CartLine, CheckoutDraft, Destination, ForSale, PayMethod, RefundDraft, RefundLineDraft, Tender, Ticket,
    store,
};
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// Ventes au comptoir : tickets et avoirs.
    Ventes,
}

#[derive(Debug, Clone, Object)]
pub struct ProductForSale {
    pub id: i64,
    pub name: String,
    pub category: String,
    /// Prix par pièce, kg ou L.
    pub price: String,
    /// piece, g ou ml
    pub unit: String,
    pub tracked: bool,
    /// Ce que le comptoir de la caisse tient ("12 pièces") ; absent si le stock n'est pas suivi.
    #[oai(nullable)]
    pub available: Option<String>,
    pub barcodes: Vec<String>,
}

#[derive(Debug, Clone, Object)]
pub struct SaleLineIn {
    /// Le produit, ou `barcode`.
    #[oai(default)]
    pub product_id: Option<i64>,
    #[oai(default)]
    pub barcode: Option<String>,
    /// "3", "350 g", "0,35 kg" ; absent avec un code-barres : ce qu'un passage vaut.
    #[oai(default)]
    pub qty: Option<String>,
    /// Remise sur la ligne, en DA ("10").
    #[oai(default)]
    pub discount: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct SaleTenderIn {
    /// especes, carte, cheque, bon
    pub method: String,
    /// Ce qui est remis ("500") ; la monnaie est rendue sur les espèces.
    pub amount: String,
    /// N° de chèque, ticket TPE, ou code du bon d'achat.
    #[oai(default)]
    pub reference: String,
}

/// L'accord d'une personne autorisée, pour cette seule opération (une remise au-delà de la limite
/// de la vendeuse, un remboursement) : qui autorise, et son code PIN.
#[derive(Debug, Clone, Object)]
pub struct ApprovalIn {
    pub approver_id: i64,
    pub pin: String,
}

impl ApprovalIn {
    fn approval(self) -> Approval {
        Approval { approver_id: self.approver_id, pin: self.pin }
    }
}

#[derive(Debug, Clone, Object)]
pub struct SaleIn {
    /// Jeton à usage unique du ticket : un envoi répété renvoie le même ticket, sans rien refaire.
    pub token: String,
    /// La caisse ; absent : la première caisse active.
    #[oai(default)]
    pub till_id: Option<i64>,
    pub lines: Vec<SaleLineIn>,
    /// Remise sur le ticket, en DA.
    #[oai(default)]
    pub discount: Option<String>,
    #[oai(default)]
    pub discount_reason: String,
    pub payments: Vec<SaleTenderIn>,
    /// Une remise au-delà de la limite du vendeur : l'accord de qui peut la donner.
    #[oai(default)]
    pub approval: Option<ApprovalIn>,
}

#[derive(Debug, Clone, Object)]
pub struct SaleLineOut {
    pub id: i64,
    pub product_id: i64,
    pub name: String,
    pub qty: String,
    pub unit_price: String,
    pub gross: String,
    pub discount: String,
    pub total: String,
    /// Ce qui peut encore être remboursé.
    pub refundable: String,
}

#[derive(Debug, Clone, Object)]
pub struct SalePaymentOut {
    pub method: String,
    pub amount: String,
    pub reference: String,
}

#[derive(Debug, Clone, Object)]
pub struct SaleRefundOut {
    pub id: i64,
    pub number: String,
    pub at: String,
    pub total: String,
    pub method: String,
    pub reason: String,
}

#[derive(Debug, Clone, Object)]
pub struct SaleOut {
    pub id: i64,
    pub number: String,
    pub at: String,
    pub day: String,
    pub till_id: i64,
    pub shift_id: i64,
    pub seller: String,
    pub gross: String,
    pub discount: String,
    pub total: String,
    pub tendered: String,
    pub change: String,
    pub lines: Vec<SaleLineOut>,
    pub payments: Vec<SalePaymentOut>,
    pub refunds: Vec<SaleRefundOut>,
}

#[derive(Debug, Clone, Object)]
pub struct SaleRefundLineIn {
    pub line_id: i64,
    /// "1", "200 g"
    pub qty: String,
    /// comptoir (remis en vente) ou perte (jeté)
    #[oai(default = "default_destination")]
    pub destination: String,
}

fn default_destination() -> String {
    "comptoir".into()
}

#[derive(Debug, Clone, Object)]
pub struct SaleRefundIn {
    pub token: String,
    /// La caisse qui rembourse (son tiroir, pour les espèces).
    pub till_id: i64,
    pub lines: Vec<SaleRefundLineIn>,
    pub reason: String,
    /// especes, carte, cheque, bon (un bon d'achat est émis)
    pub method: String,
    /// Sans le droit de rembourser : l'accord de qui l'a.
    #[oai(default)]
    pub approval: Option<ApprovalIn>,
}

envelope!(ForSaleEnvelope, Vec<ProductForSale>);
envelope!(SaleEnvelope, SaleOut);

fn out(t: Ticket) -> SaleOut {
    let s = t.summary;
    SaleOut {
        id: s.id,
        number: s.number,
        at: s.at,
        day: s.day,
        till_id: s.till_id,
        shift_id: s.shift_id,
        seller: s.seller,
        gross: s.gross.to_string(),
        discount: s.discount.to_string(),
        total: s.total.to_string(),
        tendered: s.tendered.to_string(),
        change: s.change.to_string(),
        lines: t
            .lines
            .iter()
            .map(|l| SaleLineOut {
                id: l.id,
                product_id: l.product_id,
                name: l.name.clone(),
                qty: l.unit.format(l.qty),
                unit_price: l.unit_price.to_string(),
                gross: l.gross.to_string(),
                discount: l.discount.to_string(),
                total: l.total.to_string(),
                refundable: l.unit.format(l.refundable()),
            })
            .collect(),
        payments: t
            .payments
            .into_iter()
            .map(|p| SalePaymentOut { method: p.method, amount: p.amount.to_string(), reference: p.reference })
            .collect(),
        refunds: t
            .refunds
            .into_iter()
            .map(|r| SaleRefundOut {
                id: r.id,
                number: r.number,
                at: r.at,
                total: r.total.to_string(),
                method: r.method,
                reason: r.reason,
            })
            .collect(),
    }
}

async fn read(app: &App, id: i64) -> ApiResult<SaleEnvelope> {
    Ok(SaleEnvelope::ok(out(app.db.read(move |c| pos::ops::receipt::ticket(c, id)).await?)))
}

/// The till of a request: the one named, else the first active one.
async fn till_of(app: &App, wanted: Option<i64>) -> Result<i64, AppError> {
    let tills = app.db.read(|c| Ok(crate::cash::store::tills(c)?)).await?;
    match wanted {
        Some(id) => Ok(id),
        None => crate::cash::till_id_of(None, &tills)
            .ok_or_else(|| AppError::refused("unknown_till", "Aucune caisse active.")),
    }
}

fn money(text: Option<&str>, field: &str, e: &mut FieldErrors) -> Money {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Money::ZERO,
        Some(t) => Money::parse(t).unwrap_or_else(|err| {
            e.add(field, err.to_string());
            Money::ZERO
        }),
    }
}

/// Reads the lines: a product by id or barcode, a quantity in its unit.
pub(super) async fn cart_lines(
    app: &App,
    lines: Vec<SaleLineIn>,
    e: &mut FieldErrors,
) -> Result<Vec<CartLine>, AppError> {
    // Every line's product in one read: a checkout is the hottest path of the shop.
    let found = app
        .db
        .read(move |c| {
            let mut out = Vec::with_capacity(lines.len());
            for l in lines {
                let scanned = match &l.barcode {
                    Some(code) => store::scan(c, code)?,
                    None => None,
                };
                let id = l.product_id.or(scanned.as_ref().map(|s| s.0));
                let product = match id {
                    Some(id) => crate::catalog::store::product(c, id)?,
                    None => None,
                };
                out.push((product, scanned.and_then(|s| s.1), l));
            }
            Ok(out)
        })
        .await?;
    let mut out = Vec::new();
    for (i, (product, per_scan, l)) in found.into_iter().enumerate() {
        let Some(p) = product else {
            let what = l.barcode.map(|b| format!("Code-barres « {b} » inconnu.")).unwrap_or("Produit inconnu.".into());
            return Err(AppError::refused("unknown_product", what));
        };
        let qty = match (l.qty.as_deref().map(str::trim).filter(|q| !q.is_empty()), per_scan) {
            (Some(q), _) => p.unit.parse_qty(q).unwrap_or_else(|m| {
                e.add(&format!("lines.{i}.qty"), m);
                crate::money::Qty::ZERO
            }),
            (None, Some(q)) => q,
            (None, None) => {
                e.add(&format!("lines.{i}.qty"), format!("Indiquez la quantité de « {} ».", p.name));
                crate::money::Qty::ZERO
            }
        };
        let discount = money(l.discount.as_deref(), &format!("lines.{i}.discount"), e);
        out.push(CartLine { product_id: p.id, qty, discount });
    }
    Ok(out)
}

fn product_out(p: ForSale) -> ProductForSale {
    ProductForSale {
        id: p.id,
        name: p.name,
        category: p.category,
        price: p.price.to_string(),
        unit: p.unit.code().into(),
        tracked: p.tracked,
        available: p.tracked.then(|| p.unit.format(p.available)),
        barcodes: p.barcodes.split_whitespace().map(String::from).collect(),
    }
}

/// A ticket as sent: its till (else the first active one), its lines and discounts, its payments.
async fn checkout_draft(app: &App, b: SaleIn) -> Result<CheckoutDraft, AppError> {
    let mut e = FieldErrors::new();
    let till_id = till_of(app, b.till_id).await?;
    let lines = cart_lines(app, b.lines, &mut e).await?;
    let discount = money(b.discount.as_deref(), "discount", &mut e);
    let mut payments = Vec::new();
    for (i, p) in b.payments.iter().enumerate() {
        let Some(method) = PayMethod::from_code(&p.method) else {
            e.add(&format!("payments.{i}.method"), "especes, carte, cheque ou bon.");
            continue;
        };
        let amount = money(Some(&p.amount), &format!("payments.{i}.amount"), &mut e);
        payments.push(Tender { method, amount, reference: p.reference.clone() });
    }
    let cart = Cart { lines, discount, discount_reason: b.discount_reason };
    Ok(e.into_result(CheckoutDraft { token: b.token, till_id, cart, payments })?)
}

/// A refund as sent: each line of the ticket, its quantity in the line's unit, where it goes.
async fn refund_draft(app: &App, sale_id: i64, b: SaleRefundIn) -> Result<RefundDraft, AppError> {
    let mut e = FieldErrors::new();
    let method = PayMethod::from_code(&b.method).unwrap_or_else(|| {
        e.add("method", "especes, carte, cheque ou bon.");
        PayMethod::Cash
    });
    let ticket = app.db.read(move |c| pos::ops::receipt::ticket(c, sale_id)).await?;
    let mut lines = Vec::new();
    for (i, l) in b.lines.iter().enumerate() {
        let Some(sold) = ticket.lines.iter().find(|x| x.id == l.line_id) else {
            e.add(&format!("lines.{i}.line_id"), "Cette ligne n'appartient pas au ticket.");
            continue;
        };
        let destination = match l.destination.as_str() {
            "comptoir" => Destination::Counter,
            "perte" => Destination::Waste,
            _ => {
                e.add(&format!("lines.{i}.destination"), "comptoir ou perte.");
                Destination::Counter
            }
        };
        match sold.unit.parse_positive(&l.qty) {
            Ok(qty) => lines.push(RefundLineDraft { line_id: l.line_id, qty, destination }),
            Err(m) => e.add(&format!("lines.{i}.qty"), m),
        }
    }
    Ok(e.into_result(RefundDraft { token: b.token, sale_id, till_id: b.till_id, lines, reason: b.reason, method })?)
}

pub struct SalesApi;

#[OpenApi]
impl SalesApi {
    /// Les produits en vente à une caisse, avec ce que son comptoir tient.
    #[oai(path = "/sales/products", method = "get", tag = "Tag::Ventes")]
    async fn products(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        till_id: Query<Option<i64>>,
    ) -> ApiResult<ForSaleEnvelope> {
        let till = till_of(&app, till_id.0).await?;
        let list = app
            .db
            .read(move |c| {
                let t = crate::cash::store::till(c, till)?.ok_or(AppError::NotFound)?;
                Ok(store::for_sale(c, t.location_id)?)
            })
            .await?;
        Ok(ForSaleEnvelope::ok(list.into_iter().map(product_out).collect()))
    }

    /// Enregistre un ticket payé en entier, en une seule transaction ; le même jeton renvoie le
    /// même ticket. Refus typés : `shift_closed`, `insufficient_stock` (avec le produit et ce qui
    /// reste), `payment_short`, `discount_limit`, `unknown_product`…
    #[oai(path = "/sales", method = "post", tag = "Tag::Ventes")]
    async fn create(&self, app: Data<&App>, auth: Bearer, body: Json<SaleIn>) -> ApiResult<SaleEnvelope> {
        let approval = body.0.approval.clone().map(ApprovalIn::approval);
        let d = checkout_draft(&app, body.0).await?;
        let (user, st) = (auth.0.clone(), Stamp::new(auth.0.actor(), &app.clock));
        let done = app.db.write(move |tx| pos::ops::checkout(tx, &st, &user, &d, approval.as_ref())).await?;
        let sold = done.done()?.sold()?;
        crate::printing::wake();
        read(&app, sold.id).await
    }

    /// Un ticket, ses lignes, ses paiements et ses avoirs.
    #[oai(path = "/sales/:id", method = "get", tag = "Tag::Ventes")]
    async fn get(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<SaleEnvelope> {
        read(&app, id.0).await
    }

    /// Rembourse tout ou partie d'un ticket (avoir numéroté), jamais au-delà de ce qui a été vendu.
    /// Sans le droit de rembourser, `approval` porte l'accord (code PIN) de qui l'a, pour ce seul
    /// retour : refus `approval_needed` sans lui, `approval_not_allowed`, 422 sur un code faux.
    #[oai(path = "/sales/:id/refunds", method = "post", tag = "Tag::Ventes")]
    async fn refund(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<SaleRefundIn>,
    ) -> ApiResult<SaleEnvelope> {
        let approval = body.0.approval.clone().map(ApprovalIn::approval);
        let d = refund_draft(&app, id.0, body.0).await?;
        let (user, st) = (auth.0.clone(), Stamp::new(auth.0.actor(), &app.clock));
        app.db.write(move |tx| pos::ops::refund(tx, &st, &user, &d, approval.as_ref())).await?.done()?;
        crate::printing::wake();
        read(&app, id.0).await
    }
}
