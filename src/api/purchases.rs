//! API operations of purchases: create (draft), read, list, receive, pay, cancel. Amounts and
//! quantities are text as typed ("1 500", "2,5 kg"), read by the same parsers as the pages, and
//! the same operations save them.

use chrono::NaiveDate;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::catalog::{self, Product};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::purchases::{
    Drawer, LineDraft, Method, PaymentDraft, PurchaseDraft, Status, default_location, ops, read_line, store,
};
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// Achats : brouillon → reçu → payé.
    Achats,
}

#[derive(Debug, Clone, Object)]
pub struct PurchaseLineIn {
    pub product_id: i64,
    /// Conditionnement (sac, carton) ; absent : quantité dans l'unité du produit.
    #[oai(default)]
    pub pack_id: Option<i64>,
    /// Nombre de conditionnements ("2"), ou quantité naturelle ("2,5 kg") sans conditionnement.
    pub count: String,
    /// Prix HT par conditionnement, ou par kg / L / pièce ("1 500").
    pub price: String,
    /// Lieu de stock ; absent : le premier lieu du type de produit.
    #[oai(default)]
    pub location_id: Option<i64>,
    /// Taux de TVA de la facture du fournisseur, en % ("19") ; absent : sans TVA. Déductible
    /// sous le régime réel ; sous l'IFU, elle fait partie du coût.
    #[oai(default)]
    pub tva: String,
}

#[derive(Debug, Clone, Object)]
pub struct PurchaseIn {
    pub supplier_id: i64,
    /// AAAA-MM-JJ ; absent : la journée en cours.
    #[oai(default)]
    pub day: Option<String>,
    #[oai(default)]
    pub invoice_ref: String,
    #[oai(default)]
    pub note: String,
    /// Jeton à usage unique : un envoi répété ne crée qu'un achat.
    #[oai(default)]
    pub token: Option<String>,
    pub lines: Vec<PurchaseLineIn>,
}

#[derive(Debug, Clone, Object)]
pub struct PurchaseLineOut {
    pub id: i64,
    pub product_id: i64,
    pub product: String,
    #[oai(nullable)]
    pub pack_id: Option<i64>,
    pub count: String,
    pub base_qty: String,
    pub price: String,
    /// TTC.
    pub value: String,
    pub location_id: i64,
    /// Taux de TVA de la ligne, en points de base (1900 = 19 %).
    pub tva_bp: u32,
    /// TVA déductible (régime réel ; 0 sous l'IFU).
    pub tva: String,
}

#[derive(Debug, Clone, Object)]
pub struct PaymentOut {
    pub id: i64,
    pub day: String,
    pub amount: String,
    /// especes, banque, cheque
    pub method: String,
    pub reference: String,
    pub reversed: bool,
}

#[derive(Debug, Clone, Object)]
pub struct PurchaseOut {
    pub id: i64,
    pub number: String,
    pub supplier_id: i64,
    pub supplier: String,
    pub day: String,
    /// brouillon, recu, annule
    pub status: String,
    pub invoice_ref: String,
    pub total: String,
    pub paid: String,
    pub owed: String,
    pub lines: Vec<PurchaseLineOut>,
    pub payments: Vec<PaymentOut>,
}

#[derive(Debug, Clone, Object)]
pub struct PaymentIn {
    /// "1 500,00"
    pub amount: String,
    /// especes, banque, cheque
    pub method: String,
    #[oai(default)]
    pub day: Option<String>,
    #[oai(default)]
    pub reference: String,
    #[oai(default)]
    pub token: Option<String>,
    /// En espèces : la caisse qui paie (par défaut, la première caisse ouverte).
    #[oai(default)]
    pub till_id: Option<i64>,
}

#[derive(Debug, Clone, Object)]
pub struct CancelIn {
    #[oai(default)]
    pub reason: String,
}

envelope!(PurchaseEnvelope, PurchaseOut);
envelope!(PurchasesEnvelope, Vec<PurchaseOut>);

fn out(c: &rusqlite::Connection, id: i64, with_lines: bool) -> Result<PurchaseOut, AppError> {
    let p = store::purchase(c, id)?.ok_or(AppError::NotFound)?;
    let (lines, pays) = if with_lines { (store::lines(c, id)?, store::payments_of(c, id)?) } else { (vec![], vec![]) };
    Ok(PurchaseOut {
        id: p.id,
        number: p.number.clone(),
        supplier_id: p.supplier_id,
        supplier: p.supplier.clone(),
        day: p.day.clone(),
        status: p.status.code().into(),
        invoice_ref: p.invoice_ref.clone(),
        total: p.total.to_string(),
        paid: p.paid.to_string(),
        owed: p.owed().to_string(),
        lines: lines
            .into_iter()
            .map(|l| PurchaseLineOut {
                id: l.id,
                product_id: l.product_id,
                product: l.product,
                pack_id: l.pack_id,
                count: if l.pack_id.is_some() { l.count.to_string() } else { l.unit.format(l.count) },
                base_qty: l.unit.format(l.base_qty),
                price: l.price.to_string(),
                value: l.value.to_string(),
                location_id: l.location_id,
                tva_bp: l.tva_bp,
                tva: l.tva.to_string(),
            })
            .collect(),
        payments: pays
            .into_iter()
            .map(|y| PaymentOut {
                id: y.id,
                day: y.day,
                amount: y.amount.to_string(),
                method: y.method.code().into(),
                reference: y.reference,
                reversed: y.reversed_at.is_some(),
            })
            .collect(),
    })
}

fn day_of(text: &Option<String>, today: NaiveDate, e: &mut FieldErrors) -> NaiveDate {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => today,
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap_or_else(|_| {
            e.add("day", "Une date comme 2026-11-24.");
            today
        }),
    }
}

/// The products named by a body's lines (`None`: unknown), and the stock places.
fn products_and_places(
    c: &rusqlite::Connection,
    ids: &[i64],
) -> Result<(Vec<Option<Product>>, Vec<crate::stock::Location>), AppError> {
    let products = ids.iter().map(|id| catalog::store::product(c, *id)).collect::<Result<Vec<_>, _>>()?;
    Ok((products, crate::stock::store::locations(c)?))
}

impl PurchaseIn {
    /// The body as a draft, or the messages beside each field. `products`: each line's product
    /// (`None`: unknown); a line without a place goes to the first place of its product's kind.
    fn parse(
        self,
        products: &[Option<Product>],
        locations: &[crate::stock::Location],
        today: NaiveDate,
    ) -> Result<PurchaseDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let day = day_of(&self.day, today, &mut e);
        let mut lines = Vec::new();
        for (i, (l, p)) in self.lines.iter().zip(products).enumerate() {
            let Some(p) = p else {
                e.add(&format!("line-{i}-product"), "Produit inconnu.");
                continue;
            };
            let Some(tva_bp) = crate::tax::parse_rate(&l.tva) else {
                e.add(&format!("line-{i}-tva"), "Un taux de TVA comme 19 ou 9 (vide : sans TVA).");
                continue;
            };
            match read_line(p, l.pack_id.is_some(), &l.count, &l.price) {
                Ok((count, price)) => lines.push(LineDraft {
                    product_id: p.id,
                    pack_id: l.pack_id,
                    count,
                    price,
                    location_id: l.location_id.unwrap_or_else(|| default_location(locations, p)),
                    tva_bp,
                }),
                Err((field, m)) => e.add(&format!("line-{i}-{field}"), m),
            }
        }
        let (supplier_id, invoice_ref, note, token) = (self.supplier_id, self.invoice_ref, self.note, self.token);
        e.into_result(PurchaseDraft { supplier_id, day, invoice_ref, note, lines, token })
    }
}

impl PaymentIn {
    /// The body as a draft, or the messages beside each field. Cash leaves the named till's
    /// drawer (refused while it is closed), else the first open one.
    fn parse(self, today: NaiveDate) -> Result<PaymentDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let day = day_of(&self.day, today, &mut e);
        let amount = Money::parse(&self.amount).unwrap_or_else(|_| {
            e.add("amount", "Un montant comme 1 500 ou 1 234,50.");
            Money::ZERO
        });
        let method = Method::from_code(&self.method).unwrap_or_else(|| {
            e.add("method", "especes, banque ou cheque.");
            Method::Cash
        });
        e.into_result(PaymentDraft {
            day,
            amount,
            method,
            reference: self.reference,
            token: self.token,
            drawer: self.till_id.map_or(Drawer::FirstOpen, Drawer::Till),
        })
    }
}

async fn read(app: &App, id: i64) -> ApiResult<PurchaseEnvelope> {
    Ok(PurchaseEnvelope::ok(app.db.read(move |c| out(c, id, true)).await?))
}

pub struct PurchasesApi;

#[OpenApi]
impl PurchasesApi {
    /// Les achats, du plus récent au plus ancien.
    #[oai(path = "/achats", method = "get", tag = "Tag::Achats")]
    async fn list(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        statut: Query<Option<String>>,
        fournisseur: Query<Option<i64>>,
    ) -> ApiResult<PurchasesEnvelope> {
        let status = statut.0.as_deref().and_then(Status::from_code);
        let supplier = fournisseur.0;
        let list = app
            .db
            .read(move |c| {
                let ids: Vec<i64> = store::purchases(c, status, supplier, 500)?.iter().map(|p| p.id).collect();
                ids.into_iter().map(|id| out(c, id, false)).collect::<Result<Vec<_>, _>>()
            })
            .await?;
        Ok(PurchasesEnvelope::ok(list))
    }

    /// Crée un achat (brouillon) : aucun mouvement, aucune écriture.
    #[oai(path = "/achats", method = "post", tag = "Tag::Achats")]
    async fn create(&self, app: Data<&App>, auth: Bearer, body: Json<PurchaseIn>) -> ApiResult<PurchaseEnvelope> {
        let ids: Vec<i64> = body.0.lines.iter().map(|l| l.product_id).collect();
        let (products, locations) = app.db.read(move |c| products_and_places(c, &ids)).await?;
        let d = body.0.parse(&products, &locations, app.clock.business_day()).map_err(AppError::from)?;
        let (actor, now) = (auth.0.actor(), app.clock.now_text());
        let id = app.db.write(move |tx| ops::create(tx, &actor, &d, &now)).await?;
        read(&app, id).await
    }

    /// Un achat, ses lignes et ses paiements.
    #[oai(path = "/achats/:id", method = "get", tag = "Tag::Achats")]
    async fn get(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<PurchaseEnvelope> {
        read(&app, id.0).await
    }

    /// Reçoit un brouillon : entrée en stock au coût exact (PMP mis à jour), écriture AC.
    #[oai(path = "/achats/:id/recevoir", method = "post", tag = "Tag::Achats")]
    async fn receive(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<PurchaseEnvelope> {
        let (actor, now, id) = (auth.0.actor(), app.clock.now_text(), id.0);
        app.db.write(move |tx| ops::receive(tx, &actor, id, &now)).await?;
        read(&app, id).await
    }

    /// Paie un achat reçu, en partie ou en totalité ; jamais plus que le reste dû.
    #[oai(path = "/achats/:id/paiements", method = "post", tag = "Tag::Achats")]
    async fn pay(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<PaymentIn>,
    ) -> ApiResult<PurchaseEnvelope> {
        let d = body.0.parse(app.clock.business_day()).map_err(AppError::from)?;
        let (actor, now, id) = (auth.0.actor(), app.clock.now_text(), id.0);
        app.db.write(move |tx| ops::pay(tx, &actor, id, &d, &now)).await?;
        read(&app, id).await
    }

    /// Annule un achat : un brouillon simplement ; un achat reçu est repris exactement
    /// (refusé s'il est payé ou si la marchandise a été consommée).
    #[oai(path = "/achats/:id/annuler", method = "post", tag = "Tag::Achats")]
    async fn cancel(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<CancelIn>,
    ) -> ApiResult<PurchaseEnvelope> {
        let (actor, now, day, id) = (auth.0.actor(), app.clock.now_text(), app.clock.business_day(), id.0);
        let reason = body.0.reason;
        app.db.write(move |tx| ops::cancel(tx, &actor, id, &reason, &now, day)).await?;
        read(&app, id).await
    }
}
