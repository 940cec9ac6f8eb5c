//! API of B2B: business customers, price lists, orders, delivery notes and their returns,
//! invoices (from notes or a period), credit notes, payments and the statement. Every body is
//! read by the pages' own forms' parsers and goes to the same operations, with the same French
//! messages beside the same fields.

use chrono::Duration;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{OpenApi, Tags};

use super::{ApiResult, Bearer};
use crate::audit::Stamp;
use crate::b2b::views::invoices::InvoiceValues;
use crate::b2b::views::payments::PaymentValues;
use crate::b2b::web::orders::{parse_order, parse_return};
use crate::b2b::web::statement::PeriodQuery;
use crate::b2b::{CustomerInput, ops, store};
use crate::error::AppError;
use crate::state::App;

mod invoice_types;
mod types;
pub use invoice_types::*;
pub use types::*;

#[derive(Tags)]
enum Tag {
    /// Clients pro : clients, listes de prix, commandes, bons de livraison, factures, paiements,
    /// relevés.
    B2b,
}

type Fields = Vec<(String, String)>;

fn pair(k: impl Into<String>, v: impl Into<String>) -> (String, String) {
    (k.into(), v.into())
}

/// The day a list starts from: `du` as typed, else 31 days ago.
fn since(app: &App, du: Option<String>) -> String {
    du.filter(|d| !d.trim().is_empty()).unwrap_or_else(|| (app.clock.business_day() - Duration::days(31)).to_string())
}

async fn read_customer(app: &App, id: i64) -> ApiResult<B2bCustomerEnvelope> {
    let (c, owed) = app
        .db
        .read(move |conn| {
            let c = store::customer(conn, id)?.ok_or(AppError::NotFound)?;
            let owed = store::balance(conn, &c.account)?;
            Ok((c, owed))
        })
        .await?;
    Ok(B2bCustomerEnvelope::ok(customer_out(c, owed)))
}

async fn read_note(app: &App, id: i64) -> ApiResult<B2bNoteEnvelope> {
    let (head, lines, _) = app.db.read(move |c| ops::notes::note_full(c, id)).await?;
    Ok(B2bNoteEnvelope::ok(note_out(head, lines)))
}

async fn read_invoice(app: &App, id: i64) -> ApiResult<B2bInvoiceEnvelope> {
    Ok(B2bInvoiceEnvelope::ok(invoice_full_out(app.db.read(move |c| ops::invoices::page_data(c, id)).await?)))
}

/// The order as the page's form would read it.
fn order_fields(b: B2bOrderIn) -> Fields {
    let mut f = vec![
        pair("customer_id", b.customer_id.to_string()),
        pair("delivery_day", b.delivery_day),
        pair("notes", b.notes),
        pair("approver_id", b.approver_id.map(|a| a.to_string()).unwrap_or_default()),
        pair("pin", b.pin.unwrap_or_default()),
        pair("token", b.token.unwrap_or_default()),
    ];
    for l in b.lines {
        f.extend([pair("product", l.product_id.to_string()), pair("qty", l.qty)]);
    }
    f
}

fn customer_input(b: B2bCustomerIn) -> CustomerInput {
    CustomerInput {
        name: b.name,
        legal_form: b.legal_form,
        contact: b.contact,
        phone: b.phone,
        email: b.email,
        address: b.address,
        delivery_address: b.delivery_address,
        nif: b.nif,
        nis: b.nis,
        rc: b.rc,
        ai: b.ai,
        terms: b.terms,
        credit_limit: b.credit_limit,
        price_list_id: b.price_list_id.map(|i| i.to_string()).unwrap_or_default(),
        token: b.token.unwrap_or_default(),
    }
}

/// The till whose drawer takes a payment in cash: the one named, else the first active.
async fn till_of(app: &App, wanted: Option<i64>) -> Result<i64, AppError> {
    if let Some(id) = wanted {
        return Ok(id);
    }
    let tills = app.db.read(|c| Ok(crate::cash::store::tills(c)?)).await?;
    crate::cash::till_id_of(None, &tills).ok_or_else(|| AppError::refused("unknown_till", "Aucune caisse active."))
}

pub struct B2bApi;

#[OpenApi]
impl B2bApi {
    /// Les clients pro (actifs d'abord) et ce que chacun doit.
    #[oai(path = "/b2b/clients", method = "get", tag = "Tag::B2b")]
    async fn customers(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<B2bCustomersEnvelope> {
        let all = app.db.read(|c| ops::customers(c, true)).await?;
        Ok(B2bCustomersEnvelope::ok(all.into_iter().map(|(c, owed)| customer_out(c, owed)).collect()))
    }

    /// Crée un client pro (et son compte 411) ; un jeton répété renvoie le même.
    #[oai(path = "/b2b/clients", method = "post", tag = "Tag::B2b")]
    async fn create_customer(
        &self,
        app: Data<&App>,
        auth: Bearer,
        body: Json<B2bCustomerIn>,
    ) -> ApiResult<B2bCustomerEnvelope> {
        let d = customer_input(body.0).parse().map_err(AppError::Invalid)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::create_customer(tx, &st, &d)).await?;
        read_customer(&app, id).await
    }

    /// Un client pro et ce qu'il doit.
    #[oai(path = "/b2b/clients/:id", method = "get", tag = "Tag::B2b")]
    async fn customer(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<B2bCustomerEnvelope> {
        read_customer(&app, id.0).await
    }

    /// Le relevé d'un client pour une période (par défaut : l'année en cours) : solde d'ouverture,
    /// factures, avoirs et paiements avec le solde progressif, solde de clôture, balance âgée.
    #[oai(path = "/b2b/clients/:id/releve", method = "get", tag = "Tag::B2b")]
    async fn statement(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        id: Path<i64>,
        du: Query<Option<String>>,
        au: Query<Option<String>>,
    ) -> ApiResult<B2bStatementEnvelope> {
        let today = app.clock.business_day();
        let q = PeriodQuery { du: du.0.unwrap_or_default(), au: au.0.unwrap_or_default() };
        let p = q.parse(today).map_err(AppError::Invalid)?;
        let s = app.db.read(move |c| ops::statement::statement(c, id.0, p, today)).await?;
        Ok(B2bStatementEnvelope::ok(statement_out(s)))
    }

    /// Les listes de prix et leurs prix HT datés.
    #[oai(path = "/b2b/prix", method = "get", tag = "Tag::B2b")]
    async fn price_lists(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<B2bPriceListsEnvelope> {
        let lists = app
            .db
            .read(|c| {
                let lists = store::price_lists(c)?;
                lists.into_iter().map(|(id, name)| Ok(price_list_out(id, name, store::prices(c, id)?))).collect()
            })
            .await?;
        Ok(B2bPriceListsEnvelope::ok(lists))
    }

    /// Les commandes pro livrées à partir de `du` (par défaut : depuis 31 jours).
    #[oai(path = "/b2b/commandes", method = "get", tag = "Tag::B2b")]
    async fn orders(&self, app: Data<&App>, _auth: Bearer, du: Query<Option<String>>) -> ApiResult<B2bOrdersEnvelope> {
        let from = since(&app, du.0);
        let all = app.db.read(move |c| Ok(store::orders::orders_since(c, &from)?)).await?;
        Ok(B2bOrdersEnvelope::ok(all.into_iter().map(order_out).collect()))
    }

    /// Prend une commande pro au prix en vigueur le jour de livraison ; au-delà du plafond de
    /// crédit, l'autorisation de la gérante (`approver_id`, `pin`).
    #[oai(path = "/b2b/commandes", method = "post", tag = "Tag::B2b")]
    async fn create_order(&self, app: Data<&App>, auth: Bearer, body: Json<B2bOrderIn>) -> ApiResult<B2bOrderEnvelope> {
        let (d, ask) = parse_order(&order_fields(body.0)).map_err(AppError::Invalid)?;
        let (st, who) = (Stamp::new(auth.0.actor(), &app.clock), auth.0.clone());
        let id = app.db.write(move |tx| ops::orders::create_order(tx, &st, (&who, ask.as_ref()), &d)).await?.done()?;
        let o = app.db.read(move |c| store::orders::order(c, id)?.ok_or(AppError::NotFound)).await?;
        Ok(B2bOrderEnvelope::ok(order_out(o)))
    }

    /// Les bons de livraison d'un client (ou de tous) à partir de `du` (par défaut : 31 jours).
    #[oai(path = "/b2b/bons", method = "get", tag = "Tag::B2b")]
    async fn notes(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        client: Query<Option<i64>>,
        du: Query<Option<String>>,
    ) -> ApiResult<B2bNotesEnvelope> {
        let from = since(&app, du.0);
        let all = app.db.read(move |c| Ok(store::orders::notes(c, client.0, &from)?)).await?;
        Ok(B2bNotesEnvelope::ok(all.into_iter().map(|h| note_out(h, Vec::new())).collect()))
    }

    /// Un bon de livraison : commandé, parti, manquant, revenu, jeté, livré par ligne.
    #[oai(path = "/b2b/bons/:id", method = "get", tag = "Tag::B2b")]
    async fn note(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<B2bNoteEnvelope> {
        read_note(&app, id.0).await
    }

    /// Le retour d'un bon : par ligne, ce qui est revenu et ce qui en est jeté.
    #[oai(path = "/b2b/bons/:id/retour", method = "post", tag = "Tag::B2b")]
    async fn record_return(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<B2bReturnIn>,
    ) -> ApiResult<B2bNoteEnvelope> {
        let f: Fields = (body.0.lines.into_iter())
            .flat_map(|l| {
                [pair(format!("returned.{}", l.position), l.returned), pair(format!("wasted.{}", l.position), l.wasted)]
            })
            .collect();
        let d = parse_return(&f).map_err(AppError::Invalid)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let note = id.0;
        app.db.write(move |tx| ops::notes::record_return(tx, &st, note, &d)).await?;
        read_note(&app, note).await
    }

    /// Les factures, proformas et avoirs d'un client (ou de tous) : à payer d'abord.
    #[oai(path = "/b2b/factures", method = "get", tag = "Tag::B2b")]
    async fn invoices(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        client: Query<Option<i64>>,
    ) -> ApiResult<B2bInvoicesEnvelope> {
        let all = app.db.read(move |c| Ok(store::invoices::invoices(c, client.0)?)).await?;
        Ok(B2bInvoicesEnvelope::ok(all.into_iter().map(invoice_out).collect()))
    }

    /// Facture (ou proforma) les bons livrés choisis d'un client, ou ceux d'une période.
    #[oai(path = "/b2b/factures", method = "post", tag = "Tag::B2b")]
    async fn issue(&self, app: Data<&App>, auth: Bearer, body: Json<B2bInvoiceIn>) -> ApiResult<B2bInvoiceEnvelope> {
        let b = body.0;
        let v = InvoiceValues {
            kind: b.kind,
            from: b.du,
            to: b.au,
            notes: b.note_ids.iter().map(i64::to_string).collect(),
            token: b.token.unwrap_or_default(),
        };
        let d = v.parse(b.customer_id).map_err(AppError::Invalid)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::invoices::issue(tx, &st, &d)).await?;
        read_invoice(&app, id).await
    }

    /// Une facture, proforma ou avoir : lignes, avoirs, paiements, reste à payer.
    #[oai(path = "/b2b/factures/:id", method = "get", tag = "Tag::B2b")]
    async fn invoice(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<B2bInvoiceEnvelope> {
        read_invoice(&app, id.0).await
    }

    /// Un avoir sur une facture : par ligne, la quantité et le prix HT crédités, et ce qui est
    /// revenu (dont jeté) : le reste revient en vitrine, dans la même transaction.
    #[oai(path = "/b2b/factures/:id/avoir", method = "post", tag = "Tag::B2b")]
    async fn credit(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<B2bCreditIn>,
    ) -> ApiResult<B2bInvoiceEnvelope> {
        let v = body.0.values();
        let d = v.parse(id.0).map_err(AppError::Invalid)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let credit = app.db.write(move |tx| ops::invoices::credit(tx, &st, &d)).await?;
        read_invoice(&app, credit).await
    }

    /// Envoie la facture (son PDF en pièce jointe) à l'adresse e-mail du client : mise dans la
    /// boîte d'envoi, partie dans la minute ; refusé sans messagerie configurée ou sans adresse.
    #[oai(path = "/b2b/factures/:id/envoyer", method = "post", tag = "Tag::B2b")]
    async fn send(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<B2bInvoiceEnvelope> {
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let invoice = id.0;
        app.db.write(move |tx| ops::email::send(tx, &st, invoice)).await?;
        read_invoice(&app, invoice).await
    }

    /// Un paiement d'un client pro réparti sur ses factures (les plus anciennes d'abord si aucune
    /// n'est choisie) ; jamais au-delà du reste à payer ; un jeton répété ne paie qu'une fois.
    #[oai(path = "/b2b/paiements", method = "post", tag = "Tag::B2b")]
    async fn pay(&self, app: Data<&App>, auth: Bearer, body: Json<B2bPaymentIn>) -> ApiResult<B2bPaymentEnvelope> {
        let b = body.0;
        let till = if b.mode == "especes" { till_of(&app, b.till_id).await? } else { 0 };
        let v = PaymentValues {
            mode: b.mode,
            amount: b.amount,
            reference: b.reference,
            invoices: b.invoice_ids.iter().map(i64::to_string).collect(),
            token: b.token.unwrap_or_default(),
        };
        let (customer_id, d) = (b.customer_id, v.parse(b.customer_id, till).map_err(AppError::Invalid)?);
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::payments::pay(tx, &st, &d)).await?;
        let owed = app
            .db
            .read(move |c| {
                let account = store::customer(c, customer_id)?.ok_or(AppError::NotFound)?.account;
                Ok(store::balance(c, &account)?)
            })
            .await?;
        Ok(B2bPaymentEnvelope::ok(B2bPaymentOut { id, customer_id, owed: owed.to_string() }))
    }
}
