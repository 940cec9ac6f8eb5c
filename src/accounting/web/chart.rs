//! Routes of the chart of accounts: the list, and the sub-accounts the accountant adds.

use poem::web::{Data, Form};
use poem::{Response, handler};
use serde::Deserialize;

use crate::accounting::views::manual as views;
use crate::accounting::{ops, store};
use crate::audit::Stamp;
use crate::auth::{CurrentUser, Permission};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountForm {
    code: String,
    name: String,
}

async fn chart_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    f: &AccountForm,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let accounts = app.db.read(|c| Ok(store::accounts(c)?)).await?;
    let edit = me.can(Permission::BooksEdit).then_some((shell.csrf.as_str(), f.code.as_str(), f.name.as_str(), errors));
    let main = views::chart(&accounts, edit);
    let title = "Plan de comptes";
    Ok(if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) })
}

#[handler]
pub async fn chart(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    chart_response(app, hx, &shell, &me, &AccountForm::default(), &FieldErrors::new()).await
}

#[handler]
pub async fn add(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<AccountForm>,
) -> Result<Response, AppError> {
    let (code, name) = (f.code.clone(), f.name.clone());
    let result = app.db.write(move |tx| ops::chart::add_account(tx, &st, &code, &name)).await;
    hx::saved(
        result,
        |_| hx::redirect(hx, "/compta/comptes?ok=compte-ajoute"),
        async |e| chart_response(app, hx, &shell, &me, &f, &e).await,
    )
    .await
}
