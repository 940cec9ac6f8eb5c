//! API of deliveries: zones, deliverymen, an order's zone and fee, runs (send out, read, settle
//! at a till), what deliverymen owe and their payments. The same operations, forms' parsers and
//! messages as the pages. Amounts are text as typed ("1 500", "250,50").

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{OpenApi, Tags};

use super::{ApiResult, Bearer};
use crate::audit::Stamp;
use crate::auth::ops::approval::Approval;
use crate::deliveries::web::forms::{DeliveryForm, ManForm, PayForm, TillSaleForm, ZoneForm};
use crate::deliveries::{self, AssignDraft, Goods, Outcome, SettleDraft, StopDraft, money_field, ops};
use crate::error::{AppError, FieldErrors};
use crate::state::App;

mod types;
pub use types::*;

#[derive(Tags)]
enum Tag {
    /// Livraisons : zones, livreurs, tournées réglées à la caisse, ce que doivent les livreurs.
    Livraisons,
}

async fn till_of(app: &App, wanted: Option<i64>) -> Result<i64, AppError> {
    if let Some(id) = wanted {
        return Ok(id);
    }
    let tills = app.db.read(|c| Ok(crate::cash::store::tills(c)?)).await?;
    crate::cash::till_id_of(None, &tills).ok_or_else(|| AppError::refused("unknown_till", "Aucune caisse active."))
}

/// A delivery sold at the till as the till's form would read it (the lines as a ticket's).
async fn sale_draft(app: &App, b: DeliverySaleIn) -> Result<deliveries::TillSaleDraft, AppError> {
    let mut e = FieldErrors::new();
    let till_id = till_of(app, b.till_id).await?;
    let lines = super::sales::cart_lines(app, b.lines, &mut e).await?;
    let cart = serde_json::to_string(&crate::pos::Cart { lines, ..Default::default() }).unwrap_or_default();
    let f = TillSaleForm {
        cart,
        token: b.token,
        name: b.name,
        phone: b.phone,
        address: b.address,
        zone_id: b.zone_id.map(|z| z.to_string()).unwrap_or_default(),
        fee: b.fee,
        pay: if b.paid_now { "maintenant" } else { "livraison" }.to_string(),
        method: b.method,
        deposit: b.deposit,
        notes: b.notes,
    };
    match f.parse(till_id) {
        Ok(d) if e.is_empty() => Ok(d),
        Ok(_) => Err(AppError::Invalid(e)),
        Err(found) => {
            found.iter().for_each(|(k, m)| e.add(k, m));
            Err(AppError::Invalid(e))
        }
    }
}

/// The settlement as the page's form would read it.
fn settle_draft(b: &DeliverySettleIn, till_id: i64) -> Result<(SettleDraft, Option<Approval>), AppError> {
    let mut e = FieldErrors::new();
    let mut stops = Vec::new();
    for s in &b.stops {
        match Outcome::from_code(&s.outcome) {
            Some(outcome) => {
                let goods = s.goods.as_deref().and_then(Goods::from_code);
                stops.push(StopDraft { stop_id: s.stop_id, outcome, goods });
            }
            None => e.add(&format!("stops.{}", s.stop_id), "Choisissez : livree, non_livree ou refusee."),
        }
    }
    let counted = money_field(&mut e, "counted", &b.counted, true).unwrap_or_default();
    let approval = match (b.write_off, b.approver_id) {
        (true, Some(approver_id)) => Some(Approval { approver_id, pin: b.pin.clone().unwrap_or_default() }),
        _ => None,
    };
    let d = SettleDraft { till_id, stops, counted, write_off: b.write_off, token: b.token.clone() };
    e.into_result((d, approval)).map_err(AppError::Invalid)
}

async fn read_run(app: &App, id: i64) -> ApiResult<DeliveryRunEnvelope> {
    Ok(DeliveryRunEnvelope::ok(run_out(app.db.read(move |c| ops::run_full(c, id)).await?)))
}

pub struct DeliveriesApi;

#[OpenApi]
impl DeliveriesApi {
    /// Les zones de livraison (communes), actives d'abord.
    #[oai(path = "/livraisons/zones", method = "get", tag = "Tag::Livraisons")]
    async fn zones(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<DeliveryZonesEnvelope> {
        let (_, list) = app.db.read(ops::zones_page).await?;
        Ok(DeliveryZonesEnvelope::ok(list.into_iter().map(zone_out).collect()))
    }

    /// Crée une zone : commune, frais par défaut, plafond sans autorisation.
    #[oai(path = "/livraisons/zones", method = "post", tag = "Tag::Livraisons")]
    async fn create_zone(
        &self,
        app: Data<&App>,
        auth: Bearer,
        body: Json<DeliveryZoneIn>,
    ) -> ApiResult<DeliveryZoneEnvelope> {
        let f = ZoneForm { name: body.0.name, fee: body.0.fee, max_fee: body.0.max_fee };
        let d = f.parse().map_err(AppError::Invalid)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::create_zone(tx, &st, &d)).await?;
        Ok(DeliveryZoneEnvelope::ok(zone_out(app.db.read(move |c| ops::zone(c, id)).await?)))
    }

    /// Les livreurs (de la boutique et plateformes), avec leur compte 467.
    #[oai(path = "/livraisons/livreurs", method = "get", tag = "Tag::Livraisons")]
    async fn deliverymen(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<DeliverymenEnvelope> {
        let (men, _) = app.db.read(ops::men_page).await?;
        Ok(DeliverymenEnvelope::ok(men.into_iter().map(man_out).collect()))
    }

    /// Crée un livreur (et son compte 467) ; un jeton répété renvoie le même.
    #[oai(path = "/livraisons/livreurs", method = "post", tag = "Tag::Livraisons")]
    async fn create_deliveryman(
        &self,
        app: Data<&App>,
        auth: Bearer,
        body: Json<DeliverymanIn>,
    ) -> ApiResult<DeliverymanEnvelope> {
        let b = body.0;
        let f = ManForm {
            name: b.name,
            phone: b.phone,
            kind: b.kind,
            commission_pct: b.commission_pct,
            employee_id: b.employee_id.map(|i| i.to_string()).unwrap_or_default(),
            token: b.token.unwrap_or_default(),
        };
        let d = f.parse().map_err(AppError::Invalid)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::create_man(tx, &st, &d)).await?;
        Ok(DeliverymanEnvelope::ok(man_out(app.db.read(move |c| ops::deliveryman(c, id)).await?)))
    }

    /// La zone et les frais d'une commande à livrer (au-delà du plafond : droit livraisons.frais).
    #[oai(path = "/commandes/:id/livraison", method = "put", tag = "Tag::Livraisons")]
    async fn set_delivery(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<OrderDeliveryIn>,
    ) -> ApiResult<OrderDeliveryEnvelope> {
        let f = DeliveryForm { zone_id: body.0.zone_id.to_string(), fee: body.0.fee };
        let (d, id, who) = (f.parse().map_err(AppError::Invalid)?, id.0, auth.0.clone());
        let st = Stamp::new(auth.0.actor(), &app.clock);
        app.db.write(move |tx| ops::set_order_delivery(tx, &st, &who, id, &d)).await?;
        let set = app.db.read(move |c| ops::order_delivery(c, id)).await?.ok_or(AppError::NotFound)?;
        let out = OrderDeliveryOut { order_id: id, zone_id: set.zone_id, zone: set.zone, fee: set.fee.to_string() };
        Ok(OrderDeliveryEnvelope::ok(out))
    }

    /// Fait partir une tournée : les commandes prêtes, dans l'ordre des arrêts ; la feuille
    /// s'imprime ; les produits passent « En livraison ».
    #[oai(path = "/livraisons/tournees", method = "post", tag = "Tag::Livraisons")]
    async fn create_run(
        &self,
        app: Data<&App>,
        auth: Bearer,
        body: Json<DeliveryRunIn>,
    ) -> ApiResult<DeliveryRunEnvelope> {
        let b = body.0;
        let till_id = till_of(&app, b.till_id).await?;
        let d = AssignDraft { deliveryman_id: b.deliveryman_id, till_id, order_ids: b.order_ids, token: b.token };
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::assign(tx, &st, &d)).await?;
        crate::printing::wake();
        read_run(&app, id).await
    }

    /// Une tournée : ses arrêts, ce qu'il faut encaisser à chacun, son règlement.
    #[oai(path = "/livraisons/tournees/:id", method = "get", tag = "Tag::Livraisons")]
    async fn run(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<DeliveryRunEnvelope> {
        read_run(&app, id.0).await
    }

    /// Règle une tournée à la caisse : l'issue de chaque arrêt, les espèces remises.
    #[oai(path = "/livraisons/tournees/:id/regler", method = "post", tag = "Tag::Livraisons")]
    async fn settle(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<DeliverySettleIn>,
    ) -> ApiResult<DeliveryRunEnvelope> {
        let till_id = till_of(&app, body.0.till_id).await?;
        let (d, ask) = settle_draft(&body.0, till_id)?;
        let (id, who) = (id.0, auth.0.clone());
        let st = Stamp::new(auth.0.actor(), &app.clock);
        app.db.write(move |tx| ops::settle(tx, &st, (&who, ask.as_ref()), id, &d)).await?.done()?;
        crate::printing::wake();
        read_run(&app, id).await
    }

    /// Vend une livraison à la caisse depuis le stock du comptoir : une commande prête à partir.
    #[oai(path = "/livraisons/ventes", method = "post", tag = "Tag::Livraisons")]
    async fn sell(&self, app: Data<&App>, auth: Bearer, body: Json<DeliverySaleIn>) -> ApiResult<DeliverySaleEnvelope> {
        let d = sale_draft(&app, body.0).await?;
        let (st, who) = (Stamp::new(auth.0.actor(), &app.clock), auth.0.clone());
        let id = app.db.write(move |tx| ops::sell(tx, &st, &who, &d)).await?;
        crate::printing::wake();
        let (number, paid, at_door) = app.db.read(move |c| ops::till::sold(c, id)).await?;
        let out = DeliverySaleOut { order_id: id, number, paid: paid.to_string(), to_collect: at_door.to_string() };
        Ok(DeliverySaleEnvelope::ok(out))
    }

    /// Ce que doit chaque livreur, par ancienneté.
    #[oai(path = "/livraisons/dettes", method = "get", tag = "Tag::Livraisons")]
    async fn debts(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<DeliveryDebtsEnvelope> {
        let today = app.clock.business_day();
        let list = app.db.read(move |c| ops::debts(c, today)).await?;
        Ok(DeliveryDebtsEnvelope::ok(list.into_iter().map(debt_out).collect()))
    }

    /// Un livreur paie tout ou partie de ce qu'il doit, en espèces à la caisse ; un reçu s'imprime.
    #[oai(path = "/livraisons/livreurs/:id/paiements", method = "post", tag = "Tag::Livraisons")]
    async fn pay(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<DeliveryPaymentIn>,
    ) -> ApiResult<DeliveryDebtEnvelope> {
        let till_id = till_of(&app, body.0.till_id).await?;
        let f = PayForm { amount: body.0.amount, token: body.0.token.unwrap_or_default() };
        let (d, id) = (f.parse(till_id).map_err(AppError::Invalid)?, id.0);
        let st = Stamp::new(auth.0.actor(), &app.clock);
        app.db.write(move |tx| ops::pay(tx, &st, id, &d)).await?;
        crate::printing::wake();
        let today = app.clock.business_day();
        let list = app.db.read(move |c| ops::debts(c, today)).await?;
        let d = list.into_iter().find(|d| d.deliveryman_id == id).ok_or(AppError::NotFound)?;
        Ok(DeliveryDebtEnvelope::ok(debt_out(d)))
    }
}
