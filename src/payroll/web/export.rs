//! Routes of the printable and exported documents: a payslip as PDF, the month's batch of
//! payslips, the accountant's workbooks (a validated month, a year).

use poem::web::{Data, Path};
use poem::{Response, handler};

use crate::error::AppError;
use crate::hx;
use crate::payroll::ops::export::{month_xlsx, year_xlsx};
use crate::payroll::ops::rates::rates_for;
use crate::payroll::ops::run::payslip;
use crate::payroll::store::runs;
use crate::payroll::views::pdf::{self, Shares};
use crate::payroll::{Payslip, Rates};
use crate::settings::ShopSettings;
use crate::state::App;

fn shares(r: &Rates) -> Shares {
    (r.cnas_employee_bp, r.cnas_employer_bp, r.fnpos_bp)
}

/// The payslips (with their items) of a run or one of them, the shop, the month's rates.
fn documents(c: &rusqlite::Connection, ids: &[i64]) -> Result<(Vec<Payslip>, ShopSettings, Rates), AppError> {
    let slips = ids.iter().map(|id| payslip(c, *id)).collect::<Result<Vec<_>, _>>()?;
    let of = slips.first().map(|s| s.month.clone()).ok_or(AppError::NotFound)?;
    let first = crate::people::parse_month(&of).ok_or(AppError::NotFound)?;
    Ok((slips, crate::settings::store::get(c)?, rates_for(c, first)?))
}

#[handler]
pub async fn payslip_pdf(Data(app): Data<&App>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (slips, shop, rates) = app.db.read(move |c| documents(c, &[id])).await?;
    let s = &slips[0];
    let name = format!("bulletin-{}-{}.pdf", s.month, s.employee_id);
    Ok(hx::pdf(pdf::payslip(&shop, s, shares(&rates)), &name))
}

#[handler]
pub async fn batch_pdf(Data(app): Data<&App>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (slips, shop, rates) = app
        .db
        .read(move |c| {
            let ids: Vec<i64> = runs::payslips_of(c, id)?.iter().map(|s| s.id).collect();
            documents(c, &ids)
        })
        .await?;
    let name = format!("bulletins-{}.pdf", slips[0].month);
    Ok(hx::pdf(pdf::batch(&shop, &slips, shares(&rates)), &name))
}

#[handler]
pub async fn month(Data(app): Data<&App>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (run, slips) = app
        .db
        .read(move |c| {
            let run = runs::run(c, id)?.ok_or(AppError::NotFound)?;
            let slips = runs::payslips_of(c, id)?;
            Ok::<_, AppError>((run, slips))
        })
        .await?;
    Ok(hx::download(month_xlsx(&run.month, &slips)?, hx::XLSX, &format!("fournil-paie-{}.xlsx", run.month)))
}

#[handler]
pub async fn year(Data(app): Data<&App>, Path(year): Path<i32>) -> Result<Response, AppError> {
    let y = year.to_string();
    let slips = app.db.read(move |c| Ok::<_, AppError>(runs::payslips_of_year(c, &y)?)).await?;
    Ok(hx::download(year_xlsx(&slips)?, hx::XLSX, &format!("fournil-paie-{year}.xlsx")))
}
