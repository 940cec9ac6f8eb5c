//! Routes of the customers: the list and its search, the new and edit forms, (de)activation.

use poem::web::{Data, Form, Path, Query};
use poem::{Response, handler};
use serde::Deserialize;

use super::views::{self, CustomerValues};
use super::{CustomerDraft, ops, store};
use crate::audit::Stamp;
use crate::auth::random_hex;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

/// Rows per page of the list.
const PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    inactifs: Option<String>,
    page: u32,
}

#[handler]
pub async fn list(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(f): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (q, inactive, page) = (f.q.clone(), f.inactifs.is_some(), f.page);
    let mut found = app.db.read(move |c| ops::search(c, &q, inactive, PAGE + 1, i64::from(page) * PAGE)).await?;
    let more = found.len() as i64 > PAGE;
    found.truncate(PAGE as usize);
    Ok(hx::page(hx, &shell, "Clients", views::list(&f.q, inactive, &found, page, more)))
}

/// The customer form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CustomerForm {
    pub name: String,
    pub phone: String,
    pub addresses: String,
    pub notes: String,
    pub allergies: String,
    pub token: String,
}

impl CustomerForm {
    pub fn parse(&self) -> Result<CustomerDraft, FieldErrors> {
        let token = Some(self.token.clone());
        CustomerDraft::parse(&self.name, &self.phone, &self.addresses, &self.notes, &self.allergies, token)
    }

    pub fn values(&self) -> CustomerValues {
        CustomerValues {
            name: self.name.clone(),
            phone: self.phone.clone(),
            addresses: self.addresses.clone(),
            notes: self.notes.clone(),
            allergies: self.allergies.clone(),
            token: self.token.clone(),
        }
    }
}

#[handler]
pub async fn new_page(hx: Hx, shell: Shell) -> Response {
    let v = CustomerValues { token: random_hex(16), ..Default::default() };
    hx::page(hx, &shell, "Nouveau client", views::form_page(&shell.csrf, None, &v, &FieldErrors::new()))
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<CustomerForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::create(tx, &st, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/clients/{id}?ok=client")),
        async |e| Ok(hx::invalid(hx, &shell, "Nouveau client", views::form_page(&shell.csrf, None, &f.values(), &e))),
    )
    .await
}

#[handler]
pub async fn edit_page(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let c = app.db.read(move |c| Ok(store::customer(c, id)?)).await?.ok_or(AppError::NotFound)?;
    let main = views::form_page(&shell.csrf, Some(id), &CustomerValues::of(&c), &FieldErrors::new());
    Ok(hx::page(hx, &shell, "Modifier le client", main))
}

#[handler]
pub async fn update(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<CustomerForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::update(tx, &st, id, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/clients/{id}?ok=client")),
        async |e| {
            Ok(hx::invalid(hx, &shell, "Modifier le client", views::form_page(&shell.csrf, Some(id), &f.values(), &e)))
        },
    )
    .await
}

#[handler]
pub async fn deactivate(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::set_active(tx, &st, id, false)).await?;
    Ok(hx::redirect(hx, &format!("/clients/{id}?ok=client-desactive")))
}

#[handler]
pub async fn activate(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::set_active(tx, &st, id, true)).await?;
    Ok(hx::redirect(hx, &format!("/clients/{id}?ok=client-active")))
}
