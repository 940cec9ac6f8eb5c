//! Routes of the purchase pages. Thin: parse the form, call the operation, render.

use chrono::NaiveDate;
use poem::web::{Data, Form, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;

use crate::audit::Stamp;
use crate::auth::session;
use crate::catalog::{self, Kind, Unit};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::{Money, Qty};
use crate::purchases::views::purchases::{self as views, Buyable, LineValues, PurchaseValues};
use crate::purchases::{
    Drawer, Line, LineDraft, Method, PaymentDraft, Purchase, PurchaseDraft, Status, Supplier, default_location, ops,
    read_line, store,
};
use crate::state::App;
use crate::stock::Location;
use crate::ui::Shell;

const BLANK_ROWS: usize = 3;

type Pairs = Vec<(String, String)>;

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

type FormData = (Vec<Supplier>, Vec<Buyable>, Vec<Location>);

async fn form_data(app: &App) -> Result<FormData, AppError> {
    app.db
        .read(|c| {
            let mut buyables = Vec::new();
            for p in catalog::store::products_of_kinds(c, &[Kind::Ingredient, Kind::Revente, Kind::Consommable])? {
                let packs = catalog::store::packs_of(c, p.id)?;
                buyables.push((p, packs));
            }
            Ok((store::suppliers(c)?, buyables, crate::stock::store::locations(c)?))
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
    let today = app.clock.business_day();
    let regime = app.db.read(move |c| crate::tax::regime_on(c, today)).await?;
    let token = crate::auth::random_hex(16);
    let lists = (&suppliers[..], &buyables[..], &locations[..]);
    Ok(views::form(&shell.csrf, id, v, lists, regime, errors, &token))
}

/// `/achats/nouveau?fournisseur=12` opens the form with that supplier chosen.
#[handler]
pub async fn new_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let v =
        PurchaseValues { day: app.clock.business_day().to_string(), supplier_id: q.fournisseur, ..Default::default() };
    new_form(app, hx, &shell, v, FieldErrors::new()).await
}

/// The new purchase's page: the form as typed, with blank rows to add lines; 422 with messages.
async fn new_form(
    app: &App,
    hx: Hx,
    shell: &Shell,
    mut v: PurchaseValues,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    blank(&mut v);
    let main = views::new_page(form_markup(app, shell, None, &v, &errors).await?);
    Ok(if errors.is_empty() {
        hx::page(hx, shell, "Nouvel achat", main)
    } else {
        hx::invalid(hx, shell, "Nouvel achat", main)
    })
}

/// The purchase form as posted: the header, the rows zipped from the repeated `item`, `count`,
/// `price`, `location_id` fields, the button pressed and the one-time token.
pub struct PurchaseForm {
    values: PurchaseValues,
    /// "Ajouter des lignes": nothing is saved, the form comes back with more blank rows.
    more_lines: bool,
    token: String,
}

impl PurchaseForm {
    pub fn of(pairs: &[(String, String)]) -> PurchaseForm {
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        let all = |k: &str| pairs.iter().filter(|(n, _)| n == k).map(|(_, v)| v.clone()).collect::<Vec<_>>();
        let (items, counts, prices, places) = (all("item"), all("count"), all("price"), all("location_id"));
        let rates = all("tva");
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let lines = (0..items.len().max(counts.len()))
            .map(|i| LineValues {
                item: at(&items, i),
                count: at(&counts, i),
                price: at(&prices, i),
                location_id: at(&places, i),
                tva: at(&rates, i),
            })
            .filter(|l| !(l.item.trim().is_empty() && l.count.trim().is_empty() && l.price.trim().is_empty()))
            .collect();
        let values = PurchaseValues {
            supplier_id: get("supplier_id"),
            day: get("day"),
            invoice_ref: get("invoice_ref"),
            note: get("note"),
            lines,
        };
        PurchaseForm { values, more_lines: get("action") == "lignes", token: get("token") }
    }

    /// The draft, or the messages beside each field; `buyables` and `locations` are what the
    /// form offered (a line's unit reads its quantity, its kind gives its default place).
    pub fn parse(&self, buyables: &[Buyable], locations: &[Location]) -> Result<PurchaseDraft, FieldErrors> {
        let (v, mut e) = (&self.values, FieldErrors::new());
        let day = NaiveDate::parse_from_str(v.day.trim(), "%Y-%m-%d").unwrap_or_else(|_| {
            e.add("day", "Une date comme 2026-11-24.");
            NaiveDate::default()
        });
        let mut lines = Vec::new();
        for (i, l) in v.lines.iter().enumerate() {
            match line_of(l, buyables, locations) {
                Ok(line) => lines.push(line),
                Err((field, m)) => e.add(&format!("line-{i}-{field}"), m),
            }
        }
        e.into_result(PurchaseDraft {
            supplier_id: v.supplier_id.parse::<i64>().unwrap_or(0),
            day,
            invoice_ref: v.invoice_ref.clone(),
            note: v.note.clone(),
            lines,
            token: Some(self.token.clone()).filter(|t| !t.is_empty()),
        })
    }

    /// The draft to save, reading what the form offers; "Ajouter des lignes" is an empty
    /// `Invalid` (the form again, nothing saved, no message).
    async fn draft(&self, app: &App) -> Result<PurchaseDraft, AppError> {
        if self.more_lines {
            return Err(AppError::Invalid(FieldErrors::new()));
        }
        let (_, buyables, locations) = form_data(app).await?;
        Ok(self.parse(&buyables, &locations)?)
    }
}

/// One typed row: `item` is "product" or "product:pack"; on error, the field and its message.
fn line_of(l: &LineValues, buyables: &[Buyable], locations: &[Location]) -> Result<LineDraft, (&'static str, String)> {
    let mut parts = l.item.split(':');
    let product_id = parts.next().and_then(|s| s.trim().parse::<i64>().ok());
    let pack_id = parts.next().and_then(|s| s.trim().parse::<i64>().ok());
    let Some((p, _)) = product_id.and_then(|id| buyables.iter().find(|(p, _)| p.id == id)) else {
        return Err(("product", "Choisissez le produit.".to_string()));
    };
    let (count, price) = read_line(p, pack_id.is_some(), &l.count, &l.price)?;
    let location_id = l.location_id.parse::<i64>().unwrap_or_else(|_| default_location(locations, p));
    let tva_bp =
        crate::tax::parse_rate(&l.tva).ok_or(("tva", "Un taux de TVA comme 19 ou 9 (vide : sans TVA).".to_string()))?;
    Ok(LineDraft { product_id: p.id, pack_id, count, price, location_id, tva_bp })
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let f = PurchaseForm::of(&pairs);
    let result = match f.draft(app).await {
        Ok(d) => app.db.write(move |tx| ops::create(tx, &st.actor, &d, &st.now)).await,
        Err(e) => Err(e),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/achats/{id}?ok=achat")),
        async |e| new_form(app, hx, &shell, f.values, e).await,
    )
    .await
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
                tva: if l.tva_bp == 0 {
                    String::new()
                } else {
                    crate::tax::pct_text(l.tva_bp).trim_end_matches(" %").to_string()
                },
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
            let places = crate::stock::store::locations(c)?;
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
    st: Stamp,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let f = PurchaseForm::of(&pairs);
    let result = match f.draft(app).await {
        Ok(d) => app.db.write(move |tx| ops::edit(tx, &st.actor, id, &d, &st.now, st.day)).await,
        Err(e) => Err(e),
    };
    hx::saved(
        result,
        |()| hx::redirect(hx, &format!("/achats/{id}?ok=achat")),
        async |e| render(app, hx, &shell, id, Some(f.values), e).await,
    )
    .await
}

#[handler]
pub async fn receive(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::receive(tx, &st.actor, id, &st.now)).await?;
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
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<ReasonForm>,
) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::cancel(tx, &st.actor, id, &f.reason, &st.now, st.day)).await?;
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

impl PayForm {
    /// The payment, dated `today` unless typed; cash leaves `here` (this tablet's till) when its
    /// shift is open, else the first open drawer.
    pub fn parse(&self, today: NaiveDate, here: Option<i64>) -> Result<PaymentDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let amount = Money::parse(&self.amount).unwrap_or_else(|_| {
            e.add("amount", "Un montant comme 1 500 ou 1 234,50.");
            Money::ZERO
        });
        let method = Method::from_code(&self.method).unwrap_or_else(|| {
            e.add("method", "Choisissez le mode de paiement.");
            Method::Cash
        });
        let day = match self.paid_on.trim() {
            "" => today,
            typed => NaiveDate::parse_from_str(typed, "%Y-%m-%d").unwrap_or_else(|_| {
                e.add("paid_on", "Une date comme 2026-11-24.");
                today
            }),
        };
        e.into_result(PaymentDraft {
            day,
            amount,
            method,
            reference: self.reference.clone(),
            token: Some(self.token.clone()).filter(|t| !t.is_empty()),
            drawer: here.map_or(Drawer::FirstOpen, Drawer::Here),
        })
    }
}

#[handler]
pub async fn pay(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    req: &Request,
    Form(f): Form<PayForm>,
) -> Result<Response, AppError> {
    let here = session::cookie(req, crate::cash::TILL_COOKIE).and_then(|c| c.parse::<i64>().ok());
    let result = match f.parse(st.day, here) {
        Ok(d) => app.db.write(move |tx| ops::pay(tx, &st.actor, id, &d, &st.now)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/achats/{id}?ok=paiement")),
        async |e| render(app, hx, &shell, id, None, e).await,
    )
    .await
}

#[handler]
pub async fn reverse_payment(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Path((id, payment_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::reverse_payment(tx, &st.actor, id, payment_id, &st.now, st.day)).await?;
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

impl ReturnForm {
    /// The quantity to return, read in the line's unit ("5 kg").
    pub fn parse(&self, unit: Unit) -> Result<Qty, FieldErrors> {
        unit.parse_qty(&self.qty).map_err(|m| {
            let mut e = FieldErrors::new();
            e.add("qty", m);
            e
        })
    }
}

#[handler]
pub async fn return_goods(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<ReturnForm>,
) -> Result<Response, AppError> {
    let line_id = f.line_id;
    let line = app.db.read(move |c| Ok(store::lines(c, id)?.into_iter().find(|l| l.id == line_id))).await?;
    let result = match f.parse(line.ok_or(AppError::NotFound)?.unit) {
        Ok(qty) => {
            let (reason, token) = (f.return_reason, Some(f.token).filter(|t| !t.is_empty()));
            let (actor, now, day) = (st.actor, st.now, st.day);
            app.db
                .write(move |tx| ops::return_goods(tx, &actor, id, line_id, qty, &reason, token.as_deref(), &now, day))
                .await
        }
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/achats/{id}?ok=retour-fournisseur")),
        async |e| render(app, hx, &shell, id, None, e).await,
    )
    .await
}
