//! API of customers and customer orders: the same operations as the pages (and the till, later),
//! with the same one-time tokens and the same messages. Amounts and quantities are text as typed
//! ("1 500", "2", "1,5 kg"), read by the pages' own parsers.

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{OpenApi, Tags};

use super::{ApiResult, Bearer};
use crate::audit::Stamp;
use crate::customers::{self, CustomerDraft};
use crate::error::AppError;
use crate::orders::web::forms::{CancelForm, HandOverForm, LineForm, OrderForm, PaymentForm};
use crate::orders::{self, ops, store};
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// Clients : un par numéro de téléphone.
    Clients,
    /// Commandes des clients : prise avec acompte, paiements, chaque étape, remise, annulation.
    Commandes,
}

mod types;
pub use types::*;

async fn read_order(app: &App, id: i64) -> ApiResult<OrderEnvelope> {
    Ok(OrderEnvelope::ok(order_out(app.db.read(move |c| ops::full(c, id)).await?)))
}

async fn read_customer(app: &App, id: i64) -> Result<CustomerOut, AppError> {
    app.db
        .read(move |c| {
            let cu = customers::store::customer(c, id)?.ok_or(AppError::NotFound)?;
            let (_, spent, owed) = store::customer_totals(c, id)?;
            let credit = store::credit_of(c, id)?;
            Ok(CustomerOut {
                id: cu.id,
                addresses: cu.address_list().iter().map(|a| a.to_string()).collect(),
                name: cu.name,
                phone: cu.phone,
                notes: cu.notes,
                allergies: cu.allergies,
                active: cu.active,
                spent: spent.to_string(),
                owed: owed.to_string(),
                credit: credit.to_string(),
            })
        })
        .await
}

/// The till of a request: the one named, else the first active one.
async fn till_of(app: &App, wanted: Option<i64>) -> Result<i64, AppError> {
    if let Some(id) = wanted {
        return Ok(id);
    }
    let tills = app.db.read(|c| Ok(crate::cash::store::tills(c)?)).await?;
    crate::cash::till_id_of(None, &tills).ok_or_else(|| AppError::refused("unknown_till", "Aucune caisse active."))
}

fn payment_form(p: Option<&OrderPaymentIn>) -> PaymentForm {
    match p {
        None => PaymentForm::default(),
        Some(p) => PaymentForm {
            method: p.method.clone(),
            amount: p.amount.clone(),
            tendered: p.tendered.clone().unwrap_or_default(),
            reference: p.reference.clone(),
            pay_token: p.token.clone().unwrap_or_default(),
        },
    }
}

/// The body as the page's form would have sent it: the same parser reads both.
fn order_form(
    lines: &[OrderLineIn],
    service: Option<&str>,
    when: (&str, &str),
    address: &str,
    notes: &str,
) -> OrderForm {
    OrderForm {
        service: service.unwrap_or("retrait").into(),
        address: address.into(),
        due_day: when.0.into(),
        due_time: when.1.into(),
        notes: notes.into(),
        lines: lines
            .iter()
            .map(|l| LineForm {
                line_id: l.line_id.map(|i| i.to_string()).unwrap_or_default(),
                product_id: l.product_id.to_string(),
                qty: l.qty.clone(),
                options: l.options.clone(),
                price: l.price.clone().unwrap_or_default(),
            })
            .collect(),
        ..OrderForm::default()
    }
}

fn customer_draft(b: &CustomerIn) -> Result<CustomerDraft, AppError> {
    CustomerDraft::parse(&b.name, &b.phone, &b.addresses, &b.notes, &b.allergies, b.token.clone())
        .map_err(AppError::Invalid)
}

#[derive(Debug, Clone, Default)]
struct ListParams {
    day: Option<String>,
    status: Option<String>,
    customer: Option<i64>,
    q: Option<String>,
}

fn filter_of(p: ListParams) -> orders::store::Filter {
    let statuses = match p.status.as_deref() {
        None | Some("") => vec![orders::Status::Confirmed, orders::Status::InProduction, orders::Status::Ready],
        Some("toutes") => Vec::new(),
        Some(code) => orders::Status::from_code(code).into_iter().collect(),
    };
    orders::store::Filter {
        from: p.day.clone(),
        to: p.day,
        statuses,
        customer_id: p.customer,
        query: p.q.filter(|q| !q.trim().is_empty()),
        limit: 500,
        offset: 0,
    }
}

pub struct OrdersApi;

#[OpenApi]
impl OrdersApi {
    /// Les clients dont le nom ou le téléphone contient `q` (50 au plus).
    #[oai(path = "/clients", method = "get", tag = "Tag::Clients")]
    async fn customers(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        q: Query<Option<String>>,
    ) -> ApiResult<CustomersEnvelope> {
        let query = q.0.unwrap_or_default();
        let found = app.db.read(move |c| customers::ops::search(c, &query, false, 50, 0)).await?;
        let mut out = Vec::new();
        for c in found {
            out.push(read_customer(&app, c.id).await?);
        }
        Ok(CustomersEnvelope::ok(out))
    }

    /// Crée un client ; un numéro déjà pris est refusé (champ `phone`, qui nomme le client).
    #[oai(path = "/clients", method = "post", tag = "Tag::Clients")]
    async fn create_customer(
        &self,
        app: Data<&App>,
        auth: Bearer,
        body: Json<CustomerIn>,
    ) -> ApiResult<CustomerEnvelope> {
        let d = customer_draft(&body.0)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| customers::ops::create(tx, &st, &d)).await?;
        Ok(CustomerEnvelope::ok(read_customer(&app, id).await?))
    }

    /// Un client : ce qu'il a dépensé, ce qu'il doit encore, son avoir.
    #[oai(path = "/clients/:id", method = "get", tag = "Tag::Clients")]
    async fn customer(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<CustomerEnvelope> {
        Ok(CustomerEnvelope::ok(read_customer(&app, id.0).await?))
    }

    #[oai(path = "/clients/:id", method = "put", tag = "Tag::Clients")]
    async fn update_customer(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<CustomerIn>,
    ) -> ApiResult<CustomerEnvelope> {
        let (d, id) = (customer_draft(&body.0)?, id.0);
        let st = Stamp::new(auth.0.actor(), &app.clock);
        app.db.write(move |tx| customers::ops::update(tx, &st, id, &d)).await?;
        Ok(CustomerEnvelope::ok(read_customer(&app, id).await?))
    }

    /// Les commandes : d'un jour (`jour`), d'un état (`statut` : en cours par défaut, `toutes`),
    /// d'un client (`client`), ou cherchées par numéro, nom ou téléphone (`q`).
    #[oai(path = "/commandes", method = "get", tag = "Tag::Commandes")]
    async fn list(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        jour: Query<Option<String>>,
        statut: Query<Option<String>>,
        client: Query<Option<i64>>,
        q: Query<Option<String>>,
    ) -> ApiResult<OrdersEnvelope> {
        let f = filter_of(ListParams { day: jour.0, status: statut.0, customer: client.0, q: q.0 });
        let list = app.db.read(move |c| Ok(store::list(c, &f)?)).await?;
        Ok(OrdersEnvelope::ok(list.into_iter().map(summary_out).collect()))
    }

    /// Prend une commande, avec son acompte, en une transaction ; le même jeton renvoie la même
    /// commande. Refus : champs (`due_day`, `deposit`, `lines.N.qty`…), `shift_closed`, `bad_token`.
    #[oai(path = "/commandes", method = "post", tag = "Tag::Commandes")]
    async fn create(&self, app: Data<&App>, auth: Bearer, body: Json<OrderIn>) -> ApiResult<OrderEnvelope> {
        let b = body.0;
        let mut f = order_form(&b.lines, b.service.as_deref(), (&b.due_day, &b.due_time), &b.address, &b.notes);
        (f.token, f.customer_id, f.pay) =
            (b.token.clone(), b.customer_id.to_string(), payment_form(b.deposit.as_ref()));
        let ids = f.product_ids();
        let (till, units) = (till_of(&app, b.till_id).await?, app.db.read(move |c| ops::units_of(c, &ids)).await?);
        let d = f.parse(&units, till).map_err(AppError::Invalid)?;
        let (st, who) = (Stamp::new(auth.0.actor(), &app.clock), auth.0.clone());
        let id = app.db.write(move |tx| ops::create(tx, &st, &who, &d)).await?;
        crate::printing::wake();
        read_order(&app, id).await
    }

    /// Une commande, ses lignes et ses paiements.
    #[oai(path = "/commandes/:id", method = "get", tag = "Tag::Commandes")]
    async fn get(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<OrderEnvelope> {
        read_order(&app, id.0).await
    }

    /// Modifie une commande : ses produits tant que le labo n'a pas commencé (sinon refus
    /// `production_started`), l'heure et les notes jusqu'à la remise.
    #[oai(path = "/commandes/:id", method = "put", tag = "Tag::Commandes")]
    async fn edit(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<OrderEditIn>,
    ) -> ApiResult<OrderEnvelope> {
        let (b, id) = (body.0, id.0);
        let f = order_form(&b.lines, b.service.as_deref(), (&b.due_day, &b.due_time), &b.address, &b.notes);
        let ids = f.product_ids();
        let units = app.db.read(move |c| ops::units_of(c, &ids)).await?;
        let d = f.parse_edit(&units).map_err(AppError::Invalid)?;
        let (st, who) = (Stamp::new(auth.0.actor(), &app.clock), auth.0.clone());
        app.db.write(move |tx| ops::edit(tx, &st, &who, id, &d)).await?;
        read_order(&app, id).await
    }

    /// Encaisse un acompte ou un versement (jamais au-delà du reste à payer) dans la caisse ouverte.
    #[oai(path = "/commandes/:id/paiements", method = "post", tag = "Tag::Commandes")]
    async fn pay(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<OrderPayIn>,
    ) -> ApiResult<OrderEnvelope> {
        let (b, id) = (body.0, id.0);
        let d = payment_form(Some(&b.payment)).required().map_err(AppError::Invalid)?;
        let till = till_of(&app, b.till_id).await?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        app.db.write(move |tx| ops::pay(tx, &st, id, till, &d)).await?;
        crate::printing::wake();
        read_order(&app, id).await
    }

    /// Le labo commence la commande : ses produits ne se modifient plus.
    #[oai(path = "/commandes/:id/lancer", method = "post", tag = "Tag::Commandes")]
    async fn start(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<OrderEnvelope> {
        let (st, id) = (Stamp::new(auth.0.actor(), &app.clock), id.0);
        app.db.write(move |tx| ops::start(tx, &st, id)).await?;
        read_order(&app, id).await
    }

    /// Le labo a fait la commande : production de chaque ligne dans « Réservé commandes ».
    #[oai(path = "/commandes/:id/fabriquer", method = "post", tag = "Tag::Commandes")]
    async fn make(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<OrderEnvelope> {
        let (st, id) = (Stamp::new(auth.0.actor(), &app.clock), id.0);
        app.db.write(move |tx| ops::make(tx, &st, id, None)).await?;
        read_order(&app, id).await
    }

    /// Le magasin a reçu la commande du labo : elle attend son client.
    #[oai(path = "/commandes/:id/recevoir", method = "post", tag = "Tag::Commandes")]
    async fn receive(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<OrderEnvelope> {
        let (st, id) = (Stamp::new(auth.0.actor(), &app.clock), id.0);
        app.db.write(move |tx| ops::receive(tx, &st, id)).await?;
        read_order(&app, id).await
    }

    /// Remet la commande, en encaissant le solde s'il en reste. Refus : `bad_state` (déjà remise,
    /// annulée), `balance_due`, `shift_closed`.
    #[oai(path = "/commandes/:id/remettre", method = "post", tag = "Tag::Commandes")]
    async fn hand_over(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<OrderHandOverIn>,
    ) -> ApiResult<OrderEnvelope> {
        let (b, id) = (body.0, id.0);
        let form = HandOverForm { pay: payment_form(b.payment.as_ref()), token: b.token.unwrap_or_default() };
        let d = form.parse(till_of(&app, b.till_id).await?).map_err(AppError::Invalid)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        app.db.write(move |tx| ops::hand_over(tx, &st, id, &d)).await?;
        crate::printing::wake();
        read_order(&app, id).await
    }

    /// Annule une commande non remise : l'acompte rendu en espèces ou gardé en avoir, les produits
    /// faits remis au comptoir ou jetés.
    #[oai(path = "/commandes/:id/annuler", method = "post", tag = "Tag::Commandes")]
    async fn cancel(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<OrderCancelIn>,
    ) -> ApiResult<OrderEnvelope> {
        let (b, id) = (body.0, id.0);
        let form = CancelForm {
            reason: b.reason,
            refund: b.refund.unwrap_or_default(),
            goods: b.goods.unwrap_or_default(),
            token: b.token.unwrap_or_default(),
        };
        let d = form.parse(till_of(&app, b.till_id).await?).map_err(AppError::Invalid)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        app.db.write(move |tx| ops::cancel(tx, &st, id, &d)).await?;
        crate::printing::wake();
        read_order(&app, id).await
    }
}
