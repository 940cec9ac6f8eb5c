//! Supplier statements and ageing: what is owed, to whom, since when.

use chrono::NaiveDate;
use poem::web::{Data, Path};
use poem::{Response, handler};

use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::money::Money;
use crate::purchases::views::purchases as views;
use crate::purchases::{Status, ageing_bucket, store};
use crate::state::App;
use crate::ui::Shell;

#[handler]
pub async fn statement(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (s, rows) = app
        .db
        .read(move |c| {
            let s = store::supplier(c, id)?.ok_or(AppError::NotFound)?;
            let mut rows: Vec<views::StatementRow> = Vec::new();
            for p in store::purchases_of(c, id)? {
                if p.status != Status::Received {
                    continue;
                }
                let link = Some(format!("/achats/{}", p.id));
                let label = if p.invoice_ref.is_empty() {
                    format!("Achat {}", p.number)
                } else {
                    format!("Achat {} (facture {})", p.number, p.invoice_ref)
                };
                rows.push((p.day.clone(), label, link.clone(), p.total, Money::ZERO));
                for (day, value) in store::return_values_of(c, p.id)? {
                    rows.push((day, format!("Retour fournisseur — {}", p.number), link.clone(), Money::ZERO, value));
                }
                for y in store::payments_of(c, p.id)?.into_iter().filter(|y| y.reversed_at.is_none()) {
                    let label = format!("Paiement {} — {} {}", y.method.label().to_lowercase(), p.number, y.reference);
                    rows.push((y.day, label, link.clone(), Money::ZERO, y.amount));
                }
            }
            rows.sort_by(|a, b| a.0.cmp(&b.0));
            Ok((s, rows))
        })
        .await?;
    Ok(hx::page(hx, &shell, &format!("Relevé — {}", s.name), views::statement(&s, &rows)))
}

#[handler]
pub async fn ageing(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let today = app.clock.business_day();
    let rows = app
        .db
        .read(move |c| {
            let mut out: Vec<views::AgeingRow> = Vec::new();
            for s in store::suppliers(c)? {
                let mut buckets = [Money::ZERO; 5];
                for p in store::purchases_of(c, s.id)? {
                    let owed = p.owed();
                    if owed.cents() == 0 {
                        continue;
                    }
                    let day = NaiveDate::parse_from_str(&p.day, "%Y-%m-%d").unwrap_or(today);
                    let i = ageing_bucket(day, s.payment_days, today);
                    buckets[i] += owed;
                }
                if buckets.iter().any(|m| m.cents() != 0) {
                    out.push((s, buckets));
                }
            }
            Ok(out)
        })
        .await?;
    Ok(hx::page(hx, &shell, "Échéances fournisseurs", views::ageing(&rows)))
}
