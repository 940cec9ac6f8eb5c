//! Routes of the B2B orders and delivery notes, and their forms.

use chrono::{Duration, NaiveDate};
use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use crate::audit::Stamp;
use crate::auth::ops::approval::{self, Approval, Need};
use crate::auth::{CurrentUser, Permission, random_hex};
use crate::b2b::ops::notes::{ReturnDraft, ShipDraft};
use crate::b2b::views::orders::{self as views, Choices, OrderValues};
use crate::b2b::{OrderDraft, ops, store};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Qty;
use crate::state::App;
use crate::ui::Shell;

type Fields = Vec<(String, String)>;

fn get<'a>(f: &'a Fields, k: &str) -> &'a str {
    f.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim()).unwrap_or("")
}

fn qty(e: &mut FieldErrors, field: &str, text: &str) -> Qty {
    match text.trim() {
        "" => Qty::ZERO,
        t => Qty::parse(t).unwrap_or_else(|_| {
            e.add(field, "Quantité invalide : un nombre, par exemple 12 ou 2,5.");
            Qty::ZERO
        }),
    }
}

/// The order form: customer, day, repeated (product, qty), approver and PIN.
pub fn parse_order(f: &Fields) -> Result<(OrderDraft, Option<Approval>), FieldErrors> {
    let mut e = FieldErrors::new();
    let customer_id = get(f, "customer_id").parse::<i64>().ok();
    if customer_id.is_none() {
        e.add("customer_id", "Choisissez le client pro.");
    }
    let day = NaiveDate::parse_from_str(get(f, "delivery_day"), "%Y-%m-%d").ok();
    if day.is_none() {
        e.add("delivery_day", "Indiquez le jour de livraison.");
    }
    let products = f.iter().filter(|(k, _)| k == "product").map(|(_, v)| v.trim());
    let qtys = f.iter().filter(|(k, _)| k == "qty").map(|(_, v)| v.as_str());
    let mut lines = Vec::new();
    for (p, q) in products.zip(qtys) {
        let q = qty(&mut e, "lines", q);
        if let (Ok(id), true) = (p.parse::<i64>(), q.milli() > 0) {
            lines.push((id, q));
        }
    }
    if lines.is_empty() && e.get("lines").is_none() {
        e.add("lines", "Indiquez au moins un produit et sa quantité.");
    }
    let approval = get(f, "approver_id")
        .parse::<i64>()
        .ok()
        .map(|approver_id| Approval { approver_id, pin: get(f, "pin").to_string() });
    let token = Some(get(f, "token").to_string()).filter(|t| !t.is_empty());
    let draft = OrderDraft {
        customer_id: customer_id.unwrap_or(0),
        delivery_day: day.unwrap_or_default(),
        lines,
        notes: get(f, "notes").to_string(),
        token,
    };
    e.into_result((draft, approval))
}

fn values(f: &Fields) -> OrderValues {
    let products = f.iter().filter(|(k, _)| k == "product").map(|(_, v)| v.clone());
    let qtys = f.iter().filter(|(k, _)| k == "qty").map(|(_, v)| v.clone());
    OrderValues {
        customer_id: get(f, "customer_id").into(),
        delivery_day: get(f, "delivery_day").into(),
        lines: products.zip(qtys).collect(),
        notes: get(f, "notes").into(),
        approver: get(f, "approver_id").into(),
        token: get(f, "token").into(),
    }
}

async fn list_page(
    app: &App,
    shell: &Shell,
    me: i64,
    day: NaiveDate,
    v: &OrderValues,
    e: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let from = (day - Duration::days(31)).to_string();
    let (all, customers, products, approvers) = app
        .db
        .read(move |c| {
            let customers = store::customers(c, false)?.into_iter().map(|x| (x.id, x.name)).collect::<Vec<_>>();
            let products = crate::catalog::store::all_products(c)?;
            let products = products.into_iter().filter(|p| p.active && p.sale_price.is_some()).map(|p| (p.id, p.name));
            let approvers = approval::approvers(c, Need::Permission(Permission::B2bManage), me)?;
            Ok((store::orders::orders_since(c, &from)?, customers, products.collect::<Vec<_>>(), approvers))
        })
        .await?;
    let choices = Choices { customers: &customers, products: &products, approvers: &approvers };
    Ok(views::list(&shell.csrf, &all, &choices, v, e))
}

#[handler]
pub async fn orders(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
) -> Result<Response, AppError> {
    let v = OrderValues {
        token: random_hex(16),
        delivery_day: (st.day + Duration::days(1)).to_string(),
        ..Default::default()
    };
    let main = list_page(app, &shell, me.id, st.day, &v, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Commandes pro", main))
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let day = st.day;
    let result = match parse_order(&f) {
        Ok((d, ask)) => {
            let who = me.clone();
            app.db
                .write(move |tx| ops::orders::create_order(tx, &st, (&who, ask.as_ref()), &d))
                .await
                .and_then(|a| a.done())
        }
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/b2b/commandes/{id}?ok=commande-pro")),
        async |e| {
            let main = list_page(app, &shell, me.id, day, &values(&f), &e).await?;
            Ok(hx::invalid(hx, &shell, "Commandes pro", main))
        },
    )
    .await
}

async fn order_page(app: &App, shell: &Shell, id: i64, e: &FieldErrors) -> Result<maud::Markup, AppError> {
    let (o, lines) = app
        .db
        .read(move |c| {
            Ok((store::orders::order(c, id)?.ok_or(AppError::NotFound)?, store::orders::order_lines(c, id)?))
        })
        .await?;
    Ok(views::order(&shell.csrf, &o, &lines, e))
}

#[handler]
pub async fn order(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let main = order_page(app, &shell, id, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Commande pro", main))
}

/// The ship form: `shipped.{position}` per line, `token`.
pub fn parse_ship(f: &Fields) -> Result<ShipDraft, FieldErrors> {
    let mut e = FieldErrors::new();
    let mut shipped = Vec::new();
    for (k, v) in f {
        if let Some(pos) = k.strip_prefix("shipped.").and_then(|p| p.parse::<i64>().ok()) {
            shipped.push((pos, qty(&mut e, k, v)));
        }
    }
    let token = Some(get(f, "token").to_string()).filter(|t| !t.is_empty());
    e.into_result(ShipDraft { shipped, token })
}

#[handler]
pub async fn ship(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let result = match parse_ship(&f) {
        Ok(d) => app.db.write(move |tx| ops::notes::ship(tx, &st, id, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |n| hx::redirect(hx, &format!("/b2b/bons/{n}?ok=bon-livraison")),
        async |e| Ok(hx::invalid(hx, &shell, "Commande pro", order_page(app, &shell, id, &e).await?)),
    )
    .await
}

#[handler]
pub async fn cancel(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::orders::cancel_order(tx, &st, id)).await?;
    Ok(hx::redirect(hx, &format!("/b2b/commandes/{id}?ok=commande-pro-annulee")))
}

async fn note_page(app: &App, shell: &Shell, id: i64, e: &FieldErrors) -> Result<maud::Markup, AppError> {
    let (head, lines, o) = app.db.read(move |c| ops::notes::note_full(c, id)).await?;
    Ok(views::note(&shell.csrf, &head, &lines, &o, e))
}

#[handler]
pub async fn note(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let main = note_page(app, &shell, id, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Bon de livraison", main))
}

/// The return form: `returned.{position}` and `wasted.{position}` per line.
pub fn parse_return(f: &Fields) -> Result<ReturnDraft, FieldErrors> {
    let mut e = FieldErrors::new();
    let mut lines = Vec::new();
    for (k, v) in f {
        if let Some(pos) = k.strip_prefix("returned.").and_then(|p| p.parse::<i64>().ok()) {
            let returned = qty(&mut e, k, v);
            let wasted = qty(&mut e, &format!("wasted.{pos}"), get(f, &format!("wasted.{pos}")));
            lines.push((pos, returned, wasted));
        }
    }
    e.into_result(ReturnDraft { lines })
}

#[handler]
pub async fn record_return(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let result = match parse_return(&f) {
        Ok(d) => app.db.write(move |tx| ops::notes::record_return(tx, &st, id, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/b2b/bons/{id}?ok=retour-pro")),
        async |e| Ok(hx::invalid(hx, &shell, "Bon de livraison", note_page(app, &shell, id, &e).await?)),
    )
    .await
}

#[handler]
pub async fn note_pdf(Data(app): Data<&App>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (bytes, number) = app.db.read(move |c| ops::notes::note_pdf(c, id)).await?;
    Ok(hx::pdf(bytes, &format!("{number}.pdf")))
}
