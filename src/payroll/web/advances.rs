//! Routes of salary advances: the page, hand one out, cancel one.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use super::forms::AdvanceForm;
use crate::audit::Stamp;
use crate::auth::ops::{Need, approvers};
use crate::auth::{CurrentUser, Permission, random_hex};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::payroll::ops::advances::{cancel as cancel_advance, give as give_advance};
use crate::payroll::store::advances;
use crate::payroll::views::advances::{self as views, AdvancesPage};
use crate::people::{first_of_month, month_text};
use crate::state::App;
use crate::ui::Shell;

async fn show(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    form: &AdvanceForm,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let me_id = me.id;
    let (list, staff, who) = app
        .db
        .read(move |c| {
            let staff: Vec<(String, String)> = crate::people::store::employees::employees(c, false)?
                .into_iter()
                .map(|e| (e.id.to_string(), e.full_name))
                .collect();
            let who = approvers(c, Need::Permission(Permission::PayrollManage), me_id)?;
            Ok::<_, AppError>((advances::recent(c, 100)?, staff, who))
        })
        .await?;
    let who: Vec<(String, String)> = who.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    let p = AdvancesPage { advances: &list, employees: &staff, approvers: &who, form, errors };
    let main = views::page(&shell.csrf, &p);
    Ok(if errors.is_empty() {
        hx::page(hx, shell, "Avances sur salaire", main)
    } else {
        hx::invalid(hx, shell, "Avances sur salaire", main)
    })
}

#[handler]
pub async fn page(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let month = month_text(first_of_month(app.clock.business_day()));
    let blank = AdvanceForm { month, method: "especes".into(), token: random_hex(16), ..Default::default() };
    show(app, hx, &shell, &me, &blank, &FieldErrors::new()).await
}

#[handler]
pub async fn give(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<AdvanceForm>,
) -> Result<Response, AppError> {
    let who = me.clone();
    let result = match f.parse(st.day) {
        Ok((d, approval)) => {
            app.db.write(move |tx| give_advance(tx, &st, &who, &d, approval.as_ref())).await.and_then(|a| a.done())
        }
        Err(e) => Err(e.into()),
    };
    hx::kept(
        result,
        |_| hx::redirect(hx, "/paie/avances?ok=avance"),
        async |e| show(app, hx, &shell, &me, &f, &e).await,
    )
    .await
}

#[handler]
pub async fn cancel(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| cancel_advance(tx, &st, id)).await?;
    Ok(hx::redirect(hx, "/paie/avances?ok=avance-annulee"))
}
