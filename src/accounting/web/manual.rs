//! Routes of the manual entries (journal OD) and their reversal.

use chrono::NaiveDate;
use poem::web::{Data, Form, Path};
use poem::{Response, handler};
use serde::Deserialize;

use crate::accounting::ops::manual::{self as ops, ManualDraft};
use crate::accounting::views::manual as views;
use crate::accounting::{LineDraft, store};
use crate::audit::Stamp;
use crate::auth::random_hex;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Money;
use crate::state::App;
use crate::ui::Shell;

/// How many lines the form offers.
pub const ROWS: usize = 8;

/// The form as typed: `day`, `description`, `token`, and per row `account_i`, `debit_i`,
/// `credit_i`, `label_i`.
pub struct ManualForm(pub Vec<(String, String)>);

impl ManualForm {
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// The draft, or the messages beside each field (a row with an account needs one amount).
    pub fn parse(&self) -> Result<ManualDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let day = super::date(&mut e, "day", self.get("day")).and_then(|d| d.parse::<NaiveDate>().ok());
        if self.get("day").trim().is_empty() {
            e.add("day", "Indiquez la date de l'écriture.");
        }
        let mut lines = Vec::new();
        for i in 0..ROWS {
            if let Some(line) = self.row(i, &mut e) {
                lines.push((i, line));
            }
        }
        if e.is_empty() {
            ops::balance_errors(&lines, &mut e);
        }
        let token = Some(self.get("token").to_string()).filter(|t| !t.is_empty());
        let description = self.get("description").to_string();
        e.into_result(())?;
        Ok(ManualDraft { day: day.unwrap_or_default(), description, lines, token })
    }

    fn row(&self, i: usize, e: &mut FieldErrors) -> Option<LineDraft> {
        let (account, label) = (self.get(&format!("account_{i}")).trim(), self.get(&format!("label_{i}")));
        let amount = |side: &str, e: &mut FieldErrors| {
            let field = format!("{side}_{i}");
            match self.get(&field).trim() {
                "" => Some(Money::ZERO),
                text => Money::parse(text).ok().filter(|m| !m.is_negative()).or_else(|| {
                    e.add(&field, "Un montant comme 1 500 ou 1 234,50.");
                    None
                }),
            }
        };
        let (debit, credit) = (amount("debit", e)?, amount("credit", e)?);
        let typed = debit.cents() > 0 || credit.cents() > 0;
        match (account.is_empty(), typed) {
            (true, false) => None,
            (true, true) => {
                e.add(&format!("account_{i}"), "Indiquez le compte.");
                None
            }
            (false, _) if (debit.cents() > 0) == (credit.cents() > 0) => {
                e.add(&format!("debit_{i}"), "Un montant au débit ou au crédit, pas les deux.");
                None
            }
            (false, _) => {
                Some(LineDraft { account: account.to_string(), debit, credit, label: label.trim().to_string() })
            }
        }
    }
}

async fn form_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    f: &ManualForm,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let accounts = app.db.read(|c| Ok(store::accounts(c)?)).await?;
    let main = views::entry_form(&shell.csrf, &|name| f.get(name).to_string(), ROWS, &accounts, errors);
    let title = "Écriture diverse";
    Ok(if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) })
}

#[handler]
pub async fn new_page(Data(app): Data<&App>, hx: Hx, shell: Shell, st: Stamp) -> Result<Response, AppError> {
    let blank = ManualForm(vec![("token".into(), random_hex(16)), ("day".into(), st.day.to_string())]);
    form_response(app, hx, &shell, &blank, &FieldErrors::new()).await
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = ManualForm(fields);
    let result = match f.parse() {
        Ok(draft) => app.db.write(move |tx| ops::write_entry(tx, &st, &draft)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/compta/ecritures/{id}")),
        async |e| form_response(app, hx, &shell, &f, &e).await,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReverseForm {
    day: String,
    reason: String,
}

impl ReverseForm {
    /// The reversal's date (the operation checks the reason and the month).
    fn parse(&self) -> Result<NaiveDate, FieldErrors> {
        let mut e = FieldErrors::new();
        let day = super::date(&mut e, "day", &self.day).and_then(|d| d.parse::<NaiveDate>().ok());
        match day {
            Some(day) => Ok(day),
            None => {
                if e.is_empty() {
                    e.add("day", "Indiquez la date de la contre-passation.");
                }
                Err(e)
            }
        }
    }
}

#[handler]
pub async fn reverse(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<ReverseForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(day) => {
            let reason = f.reason.clone();
            app.db.write(move |tx| ops::reverse_entry(tx, &st, id, day, &reason)).await
        }
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |r| hx::redirect(hx, &format!("/compta/ecritures/{r}")),
        async |e| {
            let typed = views::Reversing { day: &f.day, reason: &f.reason, errors: &e };
            super::entry_response(app, hx, &shell, id, Some(typed)).await
        },
    )
    .await
}
