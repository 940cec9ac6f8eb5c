//! Routes of the purchase pages. Thin: read the form, call the operation, render.

use chrono::NaiveDate;
use poem::web::{Data, Form, Path, Query};
use poem::{Response, handler};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::catalog::{self, Kind};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Money;
use crate::purchases::views::purchases::{self as views, Buyable, LineValues, PurchaseValues};
use crate::purchases::{
    Drawer, Line, LineDraft, Method, PaymentDraft, Purchase, PurchaseDraft, Status, Supplier, default_location, ops,
    read_line, store,
};
use crate::state::App;
use crate::ui::Shell;

const BLANK_ROWS: usize = 3;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    statut: String,
    fournisseur: String,
}

#[handler]
pub async fn list(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let status = Status::from_code(&q.statut);
    let supplier = q.fournisseur.parse::<i64>().ok();
    let (purchases, suppliers) =
        app.db.read(move |c| Ok((store::purchases(c, status, supplier, 500)?, store::suppliers(c)?))).await?;
    Ok(hx::page(hx, &shell, "Achats", views::list(&purchases, &suppliers, &q.statut, &q.fournisseur)))
}

type FormData = (Vec<Supplier>, Vec<Buyable>, Vec<catalog::Location>);

async fn form_data(app: &App) -> Result<FormData, AppError> {
    app.db
        .read(|c| {
            let mut buyables = Vec::new();
            for p in catalog::store::products_of_kinds(c, &[Kind::Ingredient, Kind::Revente, Kind::Consommable])? {
                let packs = catalog::store::packs_of(c, p.id)?;
                buyables.push((p, packs));
            }
            Ok((store::suppliers(c)?, buyables, catalog::store::locations(c)?))
        })
        .await
}

fn blank(v: &mut PurchaseValues) {
    v.lines.extend(std::iter::repeat_n(LineValues::default(), BLANK_ROWS));
}

async fn form_markup(
    app: &App,
    shell: &Shell,
    id: Option<i64>,
    v: &PurchaseValues,
    errors: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let (suppliers, buyables, locations) = form_data(app).await?;
    let token = crate::auth::random_hex(16);
    Ok(views::form(&shell.csrf, id, v, &suppliers, &buyables, &locations, errors, &token))
}

/// `/achats/nouveau?fournisseur=12` opens the form with that supplier chosen.
#[handler]
pub async fn new_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let mut v =
        PurchaseValues { day: app.clock.business_day().to_string(), supplier_id: q.fournisseur, ..Default::default() };
    blank(&mut v);
    let f = form_markup(app, &shell, None, &v, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Nouvel achat", views::new_page(f)))
}

/// The form's rows, zipped from the repeated `item`, `count`, `price`, `location_id` fields.
fn read_form(pairs: &[(String, String)]) -> (PurchaseValues, String, String) {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let all = |k: &str| pairs.iter().filter(|(n, _)| n == k).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let (items, counts, prices, places) = (all("item"), all("count"), all("price"), all("location_id"));
    let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
    let lines = (0..items.len().max(counts.len()))
        .map(|i| LineValues {
            item: at(&items, i),
            count: at(&counts, i),
            price: at(&prices, i),
            location_id: at(&places, i),
        })
        .filter(|l| !(l.item.trim().is_empty() && l.count.trim().is_empty() && l.price.trim().is_empty()))
        .collect();
    let v = PurchaseValues {
        supplier_id: get("supplier_id"),
        day: get("day"),
        invoice_ref: get("invoice_ref"),
        note: get("note"),
        lines,
    };
    (v, get("action"), get("token"))
}

/// Typed values → a draft, or the messages beside each field.
async fn parse(app: &App, v: &PurchaseValues, token: String) -> Result<PurchaseDraft, AppError> {
    let mut e = FieldErrors::new();
    let supplier_id = v.supplier_id.parse::<i64>().unwrap_or(0);
    let day = match NaiveDate::parse_from_str(v.day.trim(), "%Y-%m-%d") {
        Ok(d) => d,
        Err(_) => {
            e.add("day", "Une date comme 2026-11-24.");
            app.clock.business_day()
        }
    };
    let (_, buyables, locations) = form_data(app).await?;
    let mut lines = Vec::new();
    for (i, l) in v.lines.iter().enumerate() {
        let mut parts = l.item.split(':');
        let product_id = parts.next().and_then(|s| s.trim().parse::<i64>().ok());
        let pack_id = parts.next().and_then(|s| s.trim().parse::<i64>().ok());
        let Some((p, _)) = product_id.and_then(|id| buyables.iter().find(|(p, _)| p.id == id)) else {
            e.add(&format!("line-{i}-product"), "Choisissez le produit.");
            continue;
        };
        let (count, price) = match read_line(p, pack_id.is_some(), &l.count, &l.price) {
            Ok(x) => x,
            Err((field, m)) => {
                e.add(&format!("line-{i}-{field}"), m);
                continue;
            }
        };
        let location_id = l.location_id.parse::<i64>().unwrap_or_else(|_| default_location(&locations, p));
        lines.push(LineDraft { product_id: p.id, pack_id, count, price, location_id });
    }
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    Ok(PurchaseDraft {
        supplier_id,
        day,
        invoice_ref: v.invoice_ref.clone(),
        note: v.note.clone(),
        lines,
        token: Some(token).filter(|t| !t.is_empty()),
    })
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (mut v, action, token) = read_form(&pairs);
    let result = if action == "lignes" {
        Err(AppError::Invalid(FieldErrors::new()))
    } else {
        match parse(app, &v, token).await {
            Ok(d) => {
                let (actor, now) = (me.actor(), app.clock.now_text());
                app.db.write(move |tx| ops::create(tx, &actor, &d, &now)).await
            }
            Err(e) => Err(e),
        }
    };
    match result {
        Ok(id) => Ok(hx::redirect(hx, &format!("/achats/{id}?ok=achat"))),
        Err(AppError::Invalid(e)) => {
            blank(&mut v);
            let f = form_markup(app, &shell, None, &v, &e).await?;
            let main = views::new_page(f);
            Ok(if e.is_empty() {
                hx::page(hx, &shell, "Nouvel achat", main)
            } else {
                hx::invalid(hx, &shell, "Nouvel achat", main)
            })
        }
        Err(e) => Err(e),
    }
}

fn values_of(p: &Purchase, lines: &[Line]) -> PurchaseValues {
    PurchaseValues {
        supplier_id: p.supplier_id.to_string(),
        day: p.day.clone(),
        invoice_ref: p.invoice_ref.clone(),
        note: p.note.clone(),
        lines: lines
            .iter()
            .map(|l| LineValues {
                item: match l.pack_id {
                    Some(k) => format!("{}:{k}", l.product_id),
                    None => l.product_id.to_string(),
                },
                count: if l.pack_id.is_some() { l.count.to_string() } else { l.unit.input_value(l.count) },
                price: l.price.input_value(),
                location_id: l.location_id.to_string(),
            })
            .collect(),
    }
}

async fn render(
    app: &App,
    hx: Hx,
    shell: &Shell,
    id: i64,
    form: Option<PurchaseValues>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let (p, lines, pays, moves, entries) = app
        .db
        .read(move |c| {
            let p = store::purchase(c, id)?.ok_or(AppError::NotFound)?;
            let lines = store::lines(c, id)?;
            let places = catalog::store::locations(c)?;
            let mut moves = Vec::new();
            for m in crate::stock::store::moves_of_source(c, "purchase", id)? {
                let name = catalog::store::product(c, m.0)?.map(|p| p.name).unwrap_or_default();
                let place = places.iter().find(|x| x.id == m.1).map(|x| x.name.clone()).unwrap_or_default();
                moves.push((m, name, place));
            }
            let mut entries = crate::accounting::store::entries_of(c, "purchase", id)?;
            for r in store::returns_of(c, id)? {
                entries.extend(crate::accounting::store::entries_of(c, "purchase_return", r)?);
            }
            Ok((p, lines, store::payments_of(c, id)?, moves, entries))
        })
        .await?;
    let edit = if p.status == Status::Cancelled || (p.status == Status::Received && p.returned.cents() > 0) {
        None
    } else {
        let mut v = form.unwrap_or_else(|| values_of(&p, &lines));
        blank(&mut v);
        Some(form_markup(app, shell, Some(id), &v, &errors).await?)
    };
    let detail = views::Detail {
        purchase: &p,
        lines: &lines,
        payments: &pays,
        moves: &moves,
        entries: &entries,
        today: app.clock.business_day().to_string(),
        token: crate::auth::random_hex(16),
    };
    let main = views::detail(&shell.csrf, &detail, edit, &errors);
    let title = format!("Achat {}", p.number);
    Ok(if errors.is_empty() { hx::page(hx, shell, &title, main) } else { hx::invalid(hx, shell, &title, main) })
}

#[handler]
pub async fn page(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    render(app, hx, &shell, id, None, FieldErrors::new()).await
}

#[handler]
pub async fn update(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (v, action, token) = read_form(&pairs);
    if action == "lignes" {
        return render(app, hx, &shell, id, Some(v), FieldErrors::new()).await;
    }
    let result = match parse(app, &v, token).await {
        Ok(d) => {
            let (actor, now, day) = (me.actor(), app.clock.now_text(), app.clock.business_day());
            app.db.write(move |tx| ops::edit(tx, &actor, id, &d, &now, day)).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(hx::redirect(hx, &format!("/achats/{id}?ok=achat"))),
        Err(AppError::Invalid(e)) => render(app, hx, &shell, id, Some(v), e).await,
        Err(e) => Err(e),
    }
}

#[handler]
pub async fn receive(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (actor, now) = (me.actor(), app.clock.now_text());
    app.db.write(move |tx| ops::receive(tx, &actor, id, &now)).await?;
    Ok(hx::redirect(hx, &format!("/achats/{id}?ok=achat-recu")))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReasonForm {
    reason: String,
}

#[handler]
pub async fn cancel(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<ReasonForm>,
) -> Result<Response, AppError> {
    let (actor, now, day) = (me.actor(), app.clock.now_text(), app.clock.business_day());
    app.db.write(move |tx| ops::cancel(tx, &actor, id, &f.reason, &now, day)).await?;
    Ok(hx::redirect(hx, &format!("/achats/{id}?ok=achat-annule")))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PayForm {
    amount: String,
    method: String,
    paid_on: String,
    reference: String,
    token: String,
}

#[handler]
pub async fn pay(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
    req: &poem::Request,
    Form(f): Form<PayForm>,
) -> Result<Response, AppError> {
    // Cash leaves this tablet's drawer when its shift is open, else the first open one.
    let here = crate::auth::session::cookie(req, crate::cash::TILL_COOKIE).and_then(|c| c.parse::<i64>().ok());
    let mut e = FieldErrors::new();
    let amount = Money::parse(&f.amount).unwrap_or_else(|_| {
        e.add("amount", "Un montant comme 1 500 ou 1 234,50.");
        Money::ZERO
    });
    let method = Method::from_code(&f.method).unwrap_or_else(|| {
        e.add("method", "Choisissez le mode de paiement.");
        Method::Cash
    });
    let day = if f.paid_on.trim().is_empty() {
        app.clock.business_day()
    } else {
        NaiveDate::parse_from_str(f.paid_on.trim(), "%Y-%m-%d").unwrap_or_else(|_| {
            e.add("paid_on", "Une date comme 2026-11-24.");
            app.clock.business_day()
        })
    };
    let result = if e.is_empty() {
        let d = PaymentDraft {
            day,
            amount,
            method,
            reference: f.reference,
            token: Some(f.token).filter(|t| !t.is_empty()),
            drawer: here.map_or(Drawer::FirstOpen, Drawer::Here),
        };
        let (actor, now) = (me.actor(), app.clock.now_text());
        app.db.write(move |tx| ops::pay(tx, &actor, id, &d, &now)).await.map(|_| ())
    } else {
        Err(AppError::Invalid(e))
    };
    match result {
        Ok(()) => Ok(hx::redirect(hx, &format!("/achats/{id}?ok=paiement"))),
        Err(AppError::Invalid(e)) => render(app, hx, &shell, id, None, e).await,
        Err(e) => Err(e),
    }
}

#[handler]
pub async fn reverse_payment(
    Data(app): Data<&App>,
    hx: Hx,
    me: CurrentUser,
    Path((id, payment_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (actor, now, day) = (me.actor(), app.clock.now_text(), app.clock.business_day());
    app.db.write(move |tx| ops::reverse_payment(tx, &actor, id, payment_id, &now, day)).await?;
    Ok(hx::redirect(hx, &format!("/achats/{id}?ok=paiement-annule")))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReturnForm {
    line_id: i64,
    qty: String,
    return_reason: String,
    token: String,
}

#[handler]
pub async fn return_goods(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<ReturnForm>,
) -> Result<Response, AppError> {
    let line = app
        .db
        .read(move |c| Ok(store::lines(c, id)?.into_iter().find(|l| l.id == f.line_id)))
        .await?
        .ok_or(AppError::NotFound)?;
    let result = match line.unit.parse_qty(&f.qty) {
        Ok(qty) => {
            let (actor, now, day) = (me.actor(), app.clock.now_text(), app.clock.business_day());
            let (line_id, reason, token) = (line.id, f.return_reason, Some(f.token).filter(|t| !t.is_empty()));
            app.db
                .write(move |tx| ops::return_goods(tx, &actor, id, line_id, qty, &reason, token.as_deref(), &now, day))
                .await
                .map(|_| ())
        }
        Err(m) => {
            let mut e = FieldErrors::new();
            e.add("qty", m);
            Err(AppError::Invalid(e))
        }
    };
    match result {
        Ok(()) => Ok(hx::redirect(hx, &format!("/achats/{id}?ok=retour-fournisseur"))),
        Err(AppError::Invalid(e)) => render(app, hx, &shell, id, None, e).await,
        Err(e) => Err(e),
    }
}
