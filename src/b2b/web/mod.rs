//! Routes of B2B: customers and price lists here; orders and notes in `orders.rs`, invoices in
//! `invoices.rs`.

use chrono::NaiveDate;
use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use super::views::{self, PriceValues};
use super::{CustomerInput, ops, store};
use crate::audit::Stamp;
use crate::auth::random_hex;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Money;
use crate::state::App;
use crate::ui::Shell;

#[handler]
pub async fn customers(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let all = app.db.read(|c| ops::customers(c, true)).await?;
    Ok(hx::page(hx, &shell, "Clients pro", views::list(&all)))
}

async fn lists(app: &App) -> Result<Vec<(i64, String)>, AppError> {
    app.db.read(|c| Ok(store::price_lists(c)?)).await
}

#[handler]
pub async fn new_customer(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let v = CustomerInput { token: random_hex(16), terms: "30j".into(), ..Default::default() };
    let main = views::form_page(&shell.csrf, None, &v, &lists(app).await?, &FieldErrors::new());
    Ok(hx::page(hx, &shell, "Nouveau client pro", main))
}

#[handler]
pub async fn create_customer(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<CustomerInput>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::create_customer(tx, &st, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/b2b/clients/{id}?ok=client-pro")),
        async |e| {
            let main = views::form_page(&shell.csrf, None, &f, &lists(app).await?, &e);
            Ok(hx::invalid(hx, &shell, "Nouveau client pro", main))
        },
    )
    .await
}

async fn customer_page(app: &App, id: i64) -> Result<(i64, bool, Money, CustomerInput), AppError> {
    let (c, owed) = app
        .db
        .read(move |conn| {
            let c = store::customer(conn, id)?.ok_or(AppError::NotFound)?;
            let owed = store::balance(conn, &c.account)?;
            Ok((c, owed))
        })
        .await?;
    Ok((c.id, c.active, owed, views::input_of(&c)))
}

#[handler]
pub async fn customer(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (id, active, owed, v) = customer_page(app, id).await?;
    let main = views::form_page(&shell.csrf, Some((id, active, owed)), &v, &lists(app).await?, &FieldErrors::new());
    Ok(hx::page(hx, &shell, "Client pro", main))
}

#[handler]
pub async fn update_customer(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<CustomerInput>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::update_customer(tx, &st, id, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/b2b/clients/{id}?ok=client-pro")),
        async |e| {
            let (id, active, owed, _) = customer_page(app, id).await?;
            let main = views::form_page(&shell.csrf, Some((id, active, owed)), &f, &lists(app).await?, &e);
            Ok(hx::invalid(hx, &shell, "Client pro", main))
        },
    )
    .await
}

#[handler]
pub async fn customer_on(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::set_active(tx, &st, id, true)).await?;
    Ok(hx::redirect(hx, &format!("/b2b/clients/{id}?ok=client-pro")))
}

#[handler]
pub async fn customer_off(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::set_active(tx, &st, id, false)).await?;
    Ok(hx::redirect(hx, &format!("/b2b/clients/{id}?ok=client-pro")))
}

// ---- price lists -------------------------------------------------------------------------

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NameForm {
    pub name: String,
}

#[handler]
pub async fn price_lists(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let main = views::price_lists(&shell.csrf, &lists(app).await?, "", &FieldErrors::new());
    Ok(hx::page(hx, &shell, "Listes de prix", main))
}

#[handler]
pub async fn create_price_list(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<NameForm>,
) -> Result<Response, AppError> {
    let name = f.name.clone();
    let result = app.db.write(move |tx| ops::create_price_list(tx, &st, &name)).await;
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/b2b/prix/{id}?ok=liste-prix")),
        async |e| {
            let main = views::price_lists(&shell.csrf, &lists(app).await?, &f.name, &e);
            Ok(hx::invalid(hx, &shell, "Listes de prix", main))
        },
    )
    .await
}

impl PriceValues {
    pub fn parse(&self) -> Result<ops::PriceDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let product_id = self.product_id.trim().parse::<i64>().ok();
        if product_id.is_none() {
            e.add("product_id", "Choisissez un produit.");
        }
        let valid_from = NaiveDate::parse_from_str(self.valid_from.trim(), "%Y-%m-%d").ok();
        if valid_from.is_none() {
            e.add("valid_from", "Indiquez la date à partir de laquelle le prix s'applique.");
        }
        let price = super::money_field(&mut e, "price", &self.price, true);
        match (product_id, valid_from, price) {
            (Some(product_id), Some(valid_from), Some(price)) if e.is_empty() => {
                Ok(ops::PriceDraft { product_id, valid_from, price })
            }
            _ => Err(e),
        }
    }
}

async fn list_page(
    app: &App,
    shell: &Shell,
    id: i64,
    v: &PriceValues,
    e: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let (name, prices, products) = app
        .db
        .read(move |c| {
            let name = store::price_list(c, id)?.ok_or(AppError::NotFound)?;
            let products = crate::catalog::store::all_products(c)?;
            let products = products.into_iter().filter(|p| p.active).map(|p| (p.id, p.name)).collect::<Vec<_>>();
            Ok((name, store::prices(c, id)?, products))
        })
        .await?;
    Ok(views::price_list(&shell.csrf, (id, &name), &prices, &products, v, e))
}

#[handler]
pub async fn price_list(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let v = PriceValues { valid_from: st.day.to_string(), ..Default::default() };
    let main = list_page(app, &shell, id, &v, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Liste de prix", main))
}

#[handler]
pub async fn set_price(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<PriceValues>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::set_price(tx, &st, id, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/b2b/prix/{id}?ok=prix-pro")),
        async |e| Ok(hx::invalid(hx, &shell, "Liste de prix", list_page(app, &shell, id, &f, &e).await?)),
    )
    .await
}

pub mod invoices;
pub mod orders;
pub mod payments;
pub mod standing;
pub mod statement;
