//! Routes of a payslip: the page (printable), an item added by hand, the payment.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use super::forms::{ItemForm, PayForm};
use crate::audit::Stamp;
use crate::auth::{CurrentUser, Permission};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::payroll::ops::pay::pay as pay_slip;
use crate::payroll::ops::rates::rates_for;
use crate::payroll::ops::run::{add_item as add, payslip};
use crate::payroll::store;
use crate::payroll::views::slip::{self as views, SlipPage};
use crate::state::App;
use crate::ui::Shell;

async fn show(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    id: i64,
    form: &ItemForm,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let (slip, shop, kinds, rates) = app
        .db
        .read(move |c| {
            let slip = payslip(c, id)?;
            let first = crate::people::parse_month(&slip.month).ok_or(AppError::NotFound)?;
            let rates = rates_for(c, first)?;
            Ok::<_, AppError>((slip, crate::settings::store::get(c)?, store::item_kinds(c)?, rates))
        })
        .await?;
    let p = SlipPage {
        slip: &slip,
        shop: &shop,
        kinds: &kinds,
        cnas_bp: (rates.cnas_employee_bp, rates.cnas_employer_bp, rates.fnpos_bp),
        manage: me.can(Permission::PayrollManage),
        item: (&form.kind, &form.label, &form.amount),
        errors,
    };
    let (title, main) = (format!("Bulletin de paie — {}", slip.employee), views::page(&shell.csrf, &p));
    Ok(if errors.is_empty() { hx::page(hx, shell, &title, main) } else { hx::invalid(hx, shell, &title, main) })
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    show(app, hx, &shell, &me, id, &ItemForm::default(), &FieldErrors::new()).await
}

#[handler]
pub async fn add_item(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<ItemForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| add(tx, &st, id, &d)).await,
        Err(e) => Err(e.into()),
    };
    let to = format!("/paie/bulletins/{id}?ok=element");
    hx::saved(result, |_| hx::redirect(hx, &to), async |e| show(app, hx, &shell, &me, id, &f, &e).await).await
}

#[handler]
pub async fn pay(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<PayForm>,
) -> Result<Response, AppError> {
    let result = match f.parse(st.day) {
        Ok(d) => app.db.write(move |tx| pay_slip(tx, &st, id, &d)).await,
        Err(e) => Err(e.into()),
    };
    let to = format!("/paie/bulletins/{id}?ok=paye");
    hx::saved(
        result,
        |_| hx::redirect(hx, &to),
        async |e| show(app, hx, &shell, &me, id, &ItemForm::default(), &e).await,
    )
    .await
}
