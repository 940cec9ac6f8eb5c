//! Routes of the books.

use chrono::NaiveDate;
use poem::web::{Data, Path, Query};
use poem::{Response, handler};
use serde::Deserialize;

pub mod chart;
pub mod manual;
pub mod periods;
pub mod statements;

use super::{Journal, store, views};
use crate::audit::Stamp;
use crate::auth::{CurrentUser, Permission};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

pub(crate) fn date(errors: &mut FieldErrors, field: &str, text: &str) -> Option<String> {
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

/// A journal filter, read: one journal (or all) and the dates it runs from and to.
struct Filter {
    journal: Option<&'static str>,
    from: Option<String>,
    to: Option<String>,
}

impl JournalQuery {
    /// The filter, or the messages beside each field.
    fn parse(&self) -> Result<Filter, FieldErrors> {
        let mut errors = FieldErrors::new();
        let one = match self.journal.as_str() {
            "" => None,
            code => Journal::from_code(code).map(Journal::code).or_else(|| {
                errors.add("journal", "Journal inconnu.");
                None
            }),
        };
        let (from, to) = (date(&mut errors, "du", &self.du), date(&mut errors, "au", &self.au));
        if let (Some(f), Some(t)) = (&from, &to)
            && f > t
        {
            errors.add("au", "La fin de la période précède son début.");
        }
        errors.into_result(Filter { journal: one, from, to })
    }

    /// The filter's query string, for the pages' links.
    fn query(&self) -> String {
        serde_urlencoded::to_string([("journal", &self.journal), ("du", &self.du), ("au", &self.au)])
            .unwrap_or_default()
    }
}

const PAGE: i64 = 50;

impl Filter {
    /// Page `page` of the entries, with one more to tell whether a next page exists.
    fn entries(&self, c: &rusqlite::Connection, page: u32) -> Result<Vec<super::Entry>, AppError> {
        let (from, to, offset) = (self.from.as_deref(), self.to.as_deref(), i64::from(page) * PAGE);
        Ok(store::journal(c, self.journal, from, to, PAGE + 1, offset)?)
    }
}

#[handler]
pub async fn journal(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<JournalQuery>,
) -> Result<Response, AppError> {
    let page = q.page;
    let (mut entries, errors) = match q.parse() {
        Ok(f) => (app.db.read(move |c| f.entries(c, page)).await?, FieldErrors::new()),
        Err(errors) => (Vec::new(), errors),
    };
    let more = entries.len() as i64 > PAGE;
    entries.truncate(PAGE as usize);
    let f = views::JournalFilter { journal: q.journal.clone(), du: q.du.clone(), au: q.au.clone() };
    let main = views::journal(&f, &errors, &entries, q.page, more, &q.query());
    Ok(if errors.is_empty() { hx::page(hx, &shell, "Journal", main) } else { hx::invalid(hx, &shell, "Journal", main) })
}

/// An entry's page; `reversing` (the reversal form as typed) when the user may reverse it.
pub(crate) async fn entry_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    id: i64,
    reversing: Option<views::manual::Reversing<'_>>,
) -> Result<Response, AppError> {
    let (e, reversal) = app
        .db
        .read(move |c| {
            let e = store::entry(c, id)?.ok_or(AppError::NotFound)?;
            let reversal = match store::reversal_of(c, id)? {
                Some(r) => store::entry(c, r)?,
                None => None,
            };
            Ok((e, reversal))
        })
        .await?;
    let invalid = reversing.as_ref().is_some_and(|r| !r.errors.is_empty());
    let main = views::entry(&e, reversal.as_ref(), &shell.csrf, reversing);
    Ok(if invalid { hx::invalid(hx, shell, &e.number, main) } else { hx::page(hx, shell, &e.number, main) })
}

#[handler]
pub async fn entry(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (day, none) = (st.day.to_string(), FieldErrors::new());
    let reversing =
        me.can(Permission::BooksEdit).then_some(views::manual::Reversing { day: &day, reason: "", errors: &none });
    entry_response(app, hx, &shell, id, reversing).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RangeQuery {
    du: String,
    au: String,
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
pub async fn rules(hx: Hx, shell: Shell) -> Result<Response, AppError> {
    Ok(hx::page(hx, &shell, "Règles d'imputation", views::rules()))
}
