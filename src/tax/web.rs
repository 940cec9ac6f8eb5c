//! Routes of the tax page `/compta/fiscalite`: the regime and its history, the TVA rates, the
//! droit de timbre's brackets; changing regime from a date and adding a dated TVA rate.

use chrono::NaiveDate;
use poem::web::{Data, Form, Query};
use poem::{Response, handler};
use serde::Deserialize;

use super::views::{self, Typed};
use super::{Regime, TvaClass, ops};
use crate::audit::Stamp;
use crate::auth::{CurrentUser, Permission};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::text::Text;
use crate::ui::Shell;

/// The change of regime as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RegimeForm {
    pub regime: String,
    pub ifu_rate: String,
    pub valid_from: String,
    pub note: String,
}

/// A change of regime, parsed.
pub struct RegimeDraft {
    pub from: NaiveDate,
    pub regime: Regime,
    pub note: String,
}

impl RegimeForm {
    pub fn parse(&self) -> Result<RegimeDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let from = day_field(&mut e, "valid_from", &self.valid_from);
        let rate = match (self.regime.as_str(), crate::payroll::parse_pct(&self.ifu_rate)) {
            ("ifu", None) => {
                e.add("ifu_rate", "Le taux de l'IFU : un pourcentage comme 5 ou 0,5.");
                0
            }
            (_, bp) => bp.unwrap_or(0) as u32,
        };
        let regime = Regime::from_parts(&self.regime, rate);
        if regime.is_none() {
            e.add("regime", "Choisissez IFU ou régime réel.");
        }
        if let Err(m) = Text::Reason.parse(&self.note) {
            e.add("note", m);
        }
        let note = self.note.trim().to_string();
        e.into_result(()).map(|_| RegimeDraft {
            from: from.unwrap_or_default(),
            regime: regime.unwrap_or(Regime::Reel),
            note,
        })
    }
}

/// A new TVA rate row as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RateForm {
    pub class: String,
    pub rate: String,
    pub rate_from: String,
    pub source: String,
}

/// A new TVA rate row, parsed.
pub struct RateDraft {
    pub class: TvaClass,
    pub from: NaiveDate,
    pub bp: u32,
    pub source: String,
}

impl RateForm {
    pub fn parse(&self) -> Result<RateDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let class = TvaClass::from_code(&self.class);
        if class.is_none() {
            e.add("class", "Choisissez la classe : exonéré, taux réduit ou taux normal.");
        }
        let bp = crate::payroll::parse_pct(&self.rate);
        if bp.is_none() {
            e.add("rate", "Un pourcentage entre 0 et 100, comme 19 ou 9.");
        }
        let from = day_field(&mut e, "rate_from", &self.rate_from);
        if let Err(m) = Text::Reason.parse(&self.source) {
            e.add("source", m);
        }
        e.into_result(()).map(|_| RateDraft {
            class: class.unwrap_or(TvaClass::Normal),
            from: from.unwrap_or_default(),
            bp: bp.unwrap_or(0) as u32,
            source: self.source.trim().to_string(),
        })
    }
}

fn day_field(e: &mut FieldErrors, field: &str, text: &str) -> Option<NaiveDate> {
    let day = crate::people::forms::parse_date(text);
    if day.is_none() {
        e.add(field, "Une date comme 2027-01-01.");
    }
    day
}

/// The page, with what was typed and the messages beside the fields.
async fn page_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    typed: &Typed,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let today = app.clock.business_day();
    let data = app.db.read(move |c| views::PageData::load(c, today)).await?;
    let edit = me.can(Permission::BooksEdit).then_some(shell.csrf.as_str());
    let main = views::page(&data, edit, typed, errors);
    let title = "Fiscalité";
    Ok(if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) })
}

#[handler]
pub async fn page(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    page_response(app, hx, &shell, &me, &Typed::default(), &FieldErrors::new()).await
}

#[handler]
pub async fn set_regime(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<RegimeForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::set_regime(tx, &st, d.from, d.regime, &d.note)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/compta/fiscalite?ok=regime-change"),
        async |e| page_response(app, hx, &shell, &me, &Typed { regime: f.clone(), ..Default::default() }, &e).await,
    )
    .await
}

#[handler]
pub async fn add_rate(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<RateForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::add_tva_rate(tx, &st, d.class, d.from, d.bp, &d.source)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/compta/fiscalite?ok=taux-tva"),
        async |e| page_response(app, hx, &shell, &me, &Typed { rate: f.clone(), ..Default::default() }, &e).await,
    )
    .await
}

/// The month asked for on the G50 page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MonthQuery {
    mois: String,
}

#[handler]
pub async fn g50(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    let month = if q.mois.trim().is_empty() {
        app.clock.business_day().format("%Y-%m").to_string()
    } else {
        q.mois.trim().to_string()
    };
    let figures = app.db.read(move |c| ops::g50::g50(c, &month)).await?;
    Ok(hx::page(hx, &shell, "Déclaration G50", views::g50(&figures)))
}

/// The month's G50 figures as a workbook, beside its page.
#[handler]
pub async fn g50_xlsx(Data(app): Data<&App>, Query(q): Query<MonthQuery>) -> Result<Response, AppError> {
    let month = if q.mois.trim().is_empty() {
        app.clock.business_day().format("%Y-%m").to_string()
    } else {
        q.mois.trim().to_string()
    };
    let name = format!("g50-{month}.xlsx");
    let bytes = app.db.read(move |c| ops::g50::xlsx(&ops::g50::g50(c, &month)?)).await?;
    Ok(hx::download(bytes, hx::XLSX, &name))
}
