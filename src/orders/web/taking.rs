//! Routes of taking an order and editing it: the form, its redraws (a product added, a line
//! removed, a customer found or created), the searches that feed it, and the saves.

use std::collections::HashMap;

use chrono::Duration;
use poem::web::{Data, Form, Html, Path, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::forms::{OrderForm, PaymentForm};
use super::till_here;
use crate::audit::Stamp;
use crate::auth::{CurrentUser, Permission, random_hex};
use crate::catalog::{self, Kind, Product};
use crate::customers::{self, CustomerDraft};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Money;
use crate::orders::views::form::{self as views, FormView, Mode};
use crate::orders::{ops, store};
use crate::state::App;
use crate::ui::Shell;

/// What the form shows besides what was typed, read in one go.
struct FormData {
    customer: Option<customers::Customer>,
    credit: Money,
    products: HashMap<i64, Product>,
    favourites: Vec<Product>,
    mode: Mode,
}

async fn form_data(app: &App, values: &OrderForm) -> Result<FormData, AppError> {
    let (customer_id, order_id) =
        (values.customer_id.trim().parse::<i64>().ok(), values.order_id.trim().parse::<i64>().ok());
    let (ids, since) = (values.product_ids(), (app.clock.business_day() - Duration::days(60)).to_string());
    app.db
        .read(move |c| {
            let customer = customer_id.map(|id| customers::store::customer(c, id)).transpose()?.flatten();
            let credit = match &customer {
                Some(cu) => store::credit_of(c, cu.id)?,
                None => Money::ZERO,
            };
            let mut products = HashMap::new();
            for id in ids.into_iter().chain(store::favourites(c, &since, 8)?) {
                if let Some(p) = catalog::store::product(c, id)? {
                    products.insert(id, p);
                }
            }
            let favourites =
                store::favourites(c, &since, 8)?.iter().filter_map(|id| products.get(id).cloned()).collect();
            let mode = match order_id {
                Some(id) => {
                    let o = ops::full(c, id)?.order;
                    Mode::Edit { id, number: o.number, status: o.status, paid: o.paid }
                }
                None => Mode::New,
            };
            Ok(FormData { customer, credit, products, favourites, mode })
        })
        .await
}

fn view<'a>(shell: &'a Shell, me: &CurrentUser, app: &App, values: &'a OrderForm, d: &'a FormData) -> FormView<'a> {
    FormView {
        csrf: &shell.csrf,
        mode: d.mode.clone(),
        values,
        customer: d.customer.as_ref(),
        credit: d.credit,
        products: &d.products,
        favourites: &d.favourites,
        can_price: me.can(Permission::PriceOverride),
        min_day: app.clock.business_day().to_string(),
    }
}

/// The whole page with the form (422 when it came back with messages).
async fn page(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    values: OrderForm,
    e: &FieldErrors,
) -> Result<Response, AppError> {
    let d = form_data(app, &values).await?;
    let main = views::page(&view(shell, me, app, &values, &d), e);
    let title = if matches!(d.mode, Mode::New) { "Nouvelle commande" } else { "Modifier la commande" };
    Ok(if e.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) })
}

/// The form alone, for a redraw.
async fn form_only(
    app: &App,
    shell: &Shell,
    me: &CurrentUser,
    values: OrderForm,
    e: &FieldErrors,
) -> Result<Response, AppError> {
    let d = form_data(app, &values).await?;
    Ok(Html(views::form(&view(shell, me, app, &values, &d), e).into_string()).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    client: Option<i64>,
}

#[handler]
pub async fn new_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let values = OrderForm {
        token: random_hex(16),
        customer_id: q.client.map(|c| c.to_string()).unwrap_or_default(),
        service: "retrait".into(),
        due_day: (app.clock.business_day() + Duration::days(1)).to_string(),
        pay: PaymentForm { method: "especes".into(), pay_token: random_hex(16), ..PaymentForm::default() },
        ..OrderForm::default()
    };
    page(app, hx, &shell, &me, values, &FieldErrors::new()).await
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    req: &Request,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = OrderForm::from_pairs(&pairs);
    let ids = f.product_ids();
    let (till, units) = (till_here(app, req).await?, app.db.read(move |c| ops::units_of(c, &ids)).await?);
    let result = match f.parse(&units, till.id) {
        Ok(d) => {
            let who = me.clone();
            app.db.write(move |tx| ops::create(tx, &st, &who, &d)).await
        }
        Err(e) => Err(e.into()),
    };
    if result.is_ok() {
        crate::printing::wake();
    }
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/commandes/{id}?ok=commande")),
        async |e| page(app, hx, &shell, &me, f, &e).await,
    )
    .await
}

/// A tap inside the form (add, remove, choose, change): the form redrawn, nothing saved.
#[handler]
pub async fn redraw(
    Data(app): Data<&App>,
    shell: Shell,
    me: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut f = OrderForm::from_pairs(&pairs);
    f.apply();
    form_only(app, &shell, &me, f, &FieldErrors::new()).await
}

/// "Créer ce client" inside the order form: the customer is created, then chosen.
#[handler]
pub async fn quick_customer(
    Data(app): Data<&App>,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut f = OrderForm::from_pairs(&pairs);
    let result = match CustomerDraft::parse(&f.new_name, &f.new_phone, "", "", "", None) {
        Ok(d) => app.db.write(move |tx| customers::ops::create(tx, &st, &d)).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(id) => {
            (f.customer_id, f.new_name, f.new_phone) = (id.to_string(), String::new(), String::new());
            form_only(app, &shell, &me, f, &FieldErrors::new()).await
        }
        Err(AppError::Invalid(e)) => {
            let mut renamed = FieldErrors::new();
            e.iter().for_each(|(k, m)| renamed.add(&format!("new_{k}"), m));
            form_only(app, &shell, &me, f, &renamed).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    product_q: String,
    customer_q: String,
}

/// The products an order may hold whose name holds the query (at most 12).
#[handler]
pub async fn product_search(Data(app): Data<&App>, Query(q): Query<SearchQuery>) -> Result<Html<String>, AppError> {
    let wanted = q.product_q.trim().to_lowercase();
    let found: Vec<Product> = app
        .db
        .read(move |c| Ok(catalog::store::products_of_kinds(c, &[Kind::Fini, Kind::Revente])?))
        .await?
        .into_iter()
        .filter(|p| p.sale_price.is_some() && p.name.to_lowercase().contains(&wanted))
        .take(12)
        .collect();
    Ok(Html(views::product_results(&found).into_string()))
}

#[handler]
pub async fn customer_search(Data(app): Data<&App>, Query(q): Query<SearchQuery>) -> Result<Html<String>, AppError> {
    let query = q.customer_q.clone();
    let found = match query.trim() {
        "" => Vec::new(),
        t => {
            let t = t.to_string();
            app.db.read(move |c| customers::ops::search(c, &t, false, 8, 0)).await?
        }
    };
    Ok(Html(views::customer_results(&found, &query).into_string()))
}

/// "Rendu : 500,00 DA" as the cashier types what the customer hands over.
#[handler]
pub async fn change(Query(f): Query<PaymentForm>) -> Html<String> {
    Html(maud::html! { (views::change_text(&f.amount, &f.tendered)) }.into_string())
}

#[handler]
pub async fn edit_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let full = app.db.read(move |c| ops::full(c, id)).await?;
    let values = OrderForm::of(&full);
    page(app, hx, &shell, &me, values, &FieldErrors::new()).await
}

#[handler]
pub async fn update(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = OrderForm { order_id: id.to_string(), ..OrderForm::from_pairs(&pairs) };
    let ids = f.product_ids();
    let units = app.db.read(move |c| ops::units_of(c, &ids)).await?;
    let result = match f.parse_edit(&units) {
        Ok(d) => {
            let who = me.clone();
            app.db.write(move |tx| ops::edit(tx, &st, &who, id, &d)).await
        }
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/commandes/{id}?ok=commande-modifiee")),
        async |e| page(app, hx, &shell, &me, f, &e).await,
    )
    .await
}
