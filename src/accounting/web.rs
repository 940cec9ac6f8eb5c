//! Routes of the books.

use chrono::NaiveDate;
use poem::web::{Data, Form, Path, Query};
use poem::{Response, handler};
use serde::Deserialize;

use super::{Journal, ops, store, views};
use crate::auth::{CurrentUser, Permission};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

fn date(errors: &mut FieldErrors, field: &str, text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text.trim(), "%d/%m/%Y"))
    {
        Ok(d) => Some(d.to_string()),
        Err(_) => {
            errors.add(field, "Date invalide (jj/mm/aaaa).");
            None
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct JournalQuery {
    journal: String,
    du: String,
    au: String,
    page: u32,
}

const PAGE: i64 = 50;

#[handler]
pub async fn journal(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<JournalQuery>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let journal = if q.journal.is_empty() {
        None
    } else {
        match Journal::from_code(&q.journal) {
            Some(j) => Some(j.code()),
            None => {
                errors.add("journal", "Journal inconnu.");
                None
            }
        }
    };
    let (from, to) = (date(&mut errors, "du", &q.du), date(&mut errors, "au", &q.au));
    let valid = errors.is_empty();
    let page = q.page;
    let mut entries = if valid {
        app.db
            .read(move |c| {
                Ok(store::journal(c, journal, from.as_deref(), to.as_deref(), PAGE + 1, i64::from(page) * PAGE)?)
            })
            .await?
    } else {
        Vec::new()
    };
    let more = entries.len() as i64 > PAGE;
    entries.truncate(PAGE as usize);
    let f = views::JournalFilter { journal: q.journal.clone(), du: q.du.clone(), au: q.au.clone() };
    let query =
        serde_urlencoded::to_string([("journal", &q.journal), ("du", &q.du), ("au", &q.au)]).unwrap_or_default();
    let main = views::journal(&f, &errors, &entries, q.page, more, &query);
    Ok(if valid { hx::page(hx, &shell, "Journal", main) } else { hx::invalid(hx, &shell, "Journal", main) })
}

#[handler]
pub async fn entry(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (e, reversal) = app
        .db
        .read(move |c| {
            let e = store::entry(c, id)?.ok_or(AppError::NotFound)?;
            let reversal: Option<i64> =
                c.query_row("SELECT id FROM journal_entries WHERE reverses = ?1", [id], |r| r.get(0)).ok();
            let reversal = match reversal {
                Some(r) => store::entry(c, r)?,
                None => None,
            };
            Ok((e, reversal))
        })
        .await?;
    Ok(hx::page(hx, &shell, &e.number.clone(), views::entry(&e, reversal.as_ref())))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RangeQuery {
    du: String,
    au: String,
}

#[handler]
pub async fn chart(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let accounts = app.db.read(|c| Ok(store::accounts(c)?)).await?;
    Ok(hx::page(hx, &shell, "Plan de comptes", views::chart(&accounts)))
}

#[handler]
pub async fn ledger(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Path(code): Path<String>,
    Query(q): Query<RangeQuery>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let (from, to) = (date(&mut errors, "du", &q.du), date(&mut errors, "au", &q.au));
    let valid = errors.is_empty();
    let (account, opening, lines) = app
        .db
        .read(move |c| {
            let a = store::account(c, &code)?.ok_or(AppError::NotFound)?;
            let opening = match &from {
                Some(f) if valid => store::net_before(c, &a.code, f)?,
                _ => crate::money::Money::ZERO,
            };
            let lines = if valid { store::ledger(c, &a.code, from.as_deref(), to.as_deref())? } else { Vec::new() };
            Ok((a, opening, lines))
        })
        .await?;
    let title = format!("Compte {}", account.code);
    let main = views::ledger(&account, &q.du, &q.au, &errors, opening, &lines);
    Ok(if valid { hx::page(hx, &shell, &title, main) } else { hx::invalid(hx, &shell, &title, main) })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AsOfQuery {
    au: String,
}

#[handler]
pub async fn trial_balance(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<AsOfQuery>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let to = date(&mut errors, "au", &q.au);
    let valid = errors.is_empty();
    let rows =
        if valid { app.db.read(move |c| Ok(store::trial_balance(c, to.as_deref())?)).await? } else { Vec::new() };
    let main = views::trial_balance(&q.au, &errors, &rows);
    Ok(if valid {
        hx::page(hx, &shell, "Balance générale", main)
    } else {
        hx::invalid(hx, &shell, "Balance générale", main)
    })
}

#[handler]
pub async fn periods(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let closed = app.db.read(|c| Ok(store::closed_months(c)?)).await?;
    let last_month = (app.clock.business_day().with_day(1).unwrap_or_default() - chrono::Duration::days(1))
        .format("%Y-%m")
        .to_string();
    let main = views::periods(&shell.csrf, me.can(Permission::BooksClose), &closed, &last_month, &FieldErrors::new());
    Ok(hx::page(hx, &shell, "Périodes", main))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CloseForm {
    month: String,
}

#[handler]
pub async fn close(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(f): Form<CloseForm>,
) -> Result<Response, AppError> {
    let month = f.month.trim().to_string();
    let (actor, now) = (me.actor(), app.clock.now_text());
    let m = month.clone();
    match app.db.write(move |tx| ops::close_month(tx, &actor, &m, &now)).await {
        Ok(()) => Ok(hx::redirect(hx, "/compta/periodes?ok=mois-cloture")),
        Err(AppError::Invalid(e)) => {
            let closed = app.db.read(|c| Ok(store::closed_months(c)?)).await?;
            Ok(hx::invalid(hx, &shell, "Périodes", views::periods(&shell.csrf, true, &closed, &month, &e)))
        }
        Err(e) => Err(e),
    }
}

#[handler]
pub async fn rules(hx: Hx, shell: Shell) -> Result<Response, AppError> {
    Ok(hx::page(hx, &shell, "Règles d'imputation", views::rules()))
}

use chrono::Datelike;
