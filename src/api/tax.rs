//! API operations of the tax regime: the regime in force and its dated changes (read), and a
//! change of regime from a date — the form and the operation of `/compta/fiscalite`, so the same
//! refusals (a past day, a closed month, before a planned change, the regime already in force).

use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::audit::Stamp;
use crate::error::AppError;
use crate::state::App;
use crate::tax::web::RegimeForm;
use crate::tax::{Regime, ops, regime_on, store};

#[derive(Tags)]
enum Tag {
    /// Fiscalité : le régime (IFU ou réel) daté.
    Fiscalite,
}

/// A regime from a date.
#[derive(Debug, Clone, Object)]
pub struct RegimeChangeOut {
    /// AAAA-MM-JJ.
    pub valid_from: String,
    /// « ifu » ou « reel ».
    pub regime: String,
    /// Le taux de l'IFU en points de base (500 = 5 %) ; 0 sous le réel.
    pub ifu_rate_bp: u32,
    pub note: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Object)]
pub struct RegimeOut {
    /// Le régime en vigueur aujourd'hui.
    pub regime: String,
    pub label: String,
    pub ifu_rate_bp: u32,
    /// Les changements, du plus récent au plus ancien (les futurs compris).
    pub changes: Vec<RegimeChangeOut>,
}

/// A change of regime as typed on the page.
#[derive(Debug, Clone, Object)]
pub struct RegimeIn {
    /// « ifu » ou « reel ».
    pub regime: String,
    /// Sous l'IFU : le taux en % ("5", "0,5").
    #[oai(default)]
    pub ifu_rate: String,
    /// AAAA-MM-JJ : aujourd'hui ou plus tard, dans un mois ouvert.
    pub valid_from: String,
    /// La raison ou la source (décision, lettre de l'administration…).
    pub note: String,
}

envelope!(RegimeEnvelope, RegimeOut);

async fn read(app: &App) -> ApiResult<RegimeEnvelope> {
    let today = app.clock.business_day();
    let (now, rows) = app.db.read(move |c| Ok((regime_on(c, today)?, store::regimes(c)?))).await?;
    let changes = rows
        .into_iter()
        .map(|r| RegimeChangeOut {
            valid_from: r.valid_from,
            regime: r.regime,
            ifu_rate_bp: r.ifu_rate_bp,
            note: r.note,
            created_at: r.created_at,
        })
        .collect();
    let ifu_rate_bp = if let Regime::Ifu { rate_bp } = now { rate_bp } else { 0 };
    Ok(RegimeEnvelope::ok(RegimeOut { regime: now.code().into(), label: now.label().into(), ifu_rate_bp, changes }))
}

pub struct TaxApi;

#[OpenApi]
impl TaxApi {
    /// Le régime fiscal en vigueur et ses changements datés.
    #[oai(path = "/compta/fiscalite/regime", method = "get", tag = "Tag::Fiscalite")]
    async fn regime(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<RegimeEnvelope> {
        read(&app).await
    }

    /// Change de régime à partir d'une date (jamais en arrière, jamais dans un mois clôturé).
    #[oai(path = "/compta/fiscalite/regime", method = "post", tag = "Tag::Fiscalite")]
    async fn set_regime(&self, app: Data<&App>, auth: Bearer, body: Json<RegimeIn>) -> ApiResult<RegimeEnvelope> {
        let b = body.0;
        let form = RegimeForm { regime: b.regime, ifu_rate: b.ifu_rate, valid_from: b.valid_from, note: b.note };
        let d = form.parse().map_err(AppError::from)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        app.db.write(move |tx| ops::set_regime(tx, &st, d.from, d.regime, &d.note)).await?;
        read(&app).await
    }
}
