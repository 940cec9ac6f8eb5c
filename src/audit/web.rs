//! Route of the audit trail page, with its filters (user, kind, dates).

use chrono::{Duration, NaiveDate};
use poem::web::{Data, Query};
use poem::{Response, handler};
use serde::Deserialize;

use super::{AuditKind, Filter, store, views};
use crate::clock::stamp;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    user: String,
    kind: String,
    du: String,
    au: String,
    page: u32,
}

impl AuditQuery {
    fn parse(&self, app: &App) -> (Filter, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut f = Filter { page: self.page, ..Default::default() };
        if !self.user.is_empty() {
            match self.user.parse() {
                Ok(id) => f.user_id = Some(id),
                Err(_) => errors.add("user", "Utilisateur inconnu."),
            }
        }
        if !self.kind.is_empty() {
            match AuditKind::from_code(&self.kind) {
                Some(k) => f.kind = Some(k),
                None => errors.add("kind", "Événement inconnu."),
            }
        }
        let mut date = |field: &str, text: &str| -> Option<NaiveDate> {
            if text.is_empty() {
                return None;
            }
            let parsed =
                NaiveDate::parse_from_str(text, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"));
            if parsed.is_err() {
                errors.add(field, "Date invalide (jj/mm/aaaa).");
            }
            parsed.ok()
        };
        let (du, au) = (date("du", &self.du), date("au", &self.au));
        if let (Some(d), Some(a)) = (du, au)
            && a < d
        {
            errors.add("au", "La date de fin est avant la date de début.");
        }
        // Local days → UTC bounds: from the start of `du` to the start of the day after `au`.
        let day_start = |d: NaiveDate| -> String {
            let tz = app.clock.shop().tz;
            let local = d.and_hms_opt(0, 0, 0).unwrap_or_default();
            let utc = local.and_local_timezone(tz).earliest().map(|t| t.to_utc()).unwrap_or_else(|| local.and_utc());
            stamp(utc)
        };
        f.from = du.map(day_start);
        f.to = au.map(|a| day_start(a + Duration::days(1)));
        (f, errors)
    }
}

#[handler]
pub async fn audit_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let (filter, errors) = q.parse(app);
    let values = views::FilterValues { user: q.user.clone(), kind: q.kind.clone(), du: q.du.clone(), au: q.au.clone() };
    let valid = errors.is_empty();
    let (users, (entries, more)) = app
        .db
        .read(move |c| {
            let users = crate::auth::store::users(c)?;
            let found = if valid { store::search(c, &filter)? } else { (Vec::new(), false) };
            Ok((users, found))
        })
        .await?;
    let query = serde_urlencoded::to_string([("user", &q.user), ("kind", &q.kind), ("du", &q.du), ("au", &q.au)])
        .unwrap_or_default();
    let list = views::Listing { entries: &entries, page: q.page, more, query: &query };
    let main = views::page(&app.clock, &users, &values, &errors, &list);
    Ok(if valid {
        hx::page(hx, &shell, "Journal d'audit", main)
    } else {
        hx::invalid(hx, &shell, "Journal d'audit", main)
    })
}
