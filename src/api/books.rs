//! API operations of the books (read-only): journal entries, the trial balance and the month's
//! G50 figures (TVA collected − deductible).

use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::accounting::{Entry, Journal, store};
use crate::error::{AppError, FieldErrors};
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// Écritures et balance.
    Comptabilite,
}

#[derive(Debug, Clone, Object)]
pub struct LineOut {
    pub account: String,
    pub account_name: String,
    /// Centimes.
    pub debit: i64,
    pub credit: i64,
    pub label: String,
}

#[derive(Debug, Clone, Object)]
pub struct EntryOut {
    pub id: i64,
    pub number: String,
    pub journal: String,
    pub day: String,
    pub description: String,
    pub source_type: String,
    pub source_id: i64,
    #[oai(nullable)]
    pub reverses: Option<i64>,
    pub lines: Vec<LineOut>,
}

#[derive(Debug, Clone, Object)]
pub struct BalanceOut {
    pub account: String,
    pub name: String,
    /// Centimes.
    pub debit: i64,
    pub credit: i64,
    /// Débit − crédit, en centimes.
    pub balance: i64,
}

/// The TVA of one rate in a month.
#[derive(Debug, Clone, Object)]
pub struct RateOut {
    /// Points de base (1900 = 19 %).
    pub rate_bp: u32,
    /// Base HT, centimes.
    pub base: i64,
    pub tva: i64,
}

/// A month's G50 figures, in centimes.
#[derive(Debug, Clone, Object)]
pub struct G50Out {
    /// AAAA-MM
    pub month: String,
    /// « ifu » ou « reel » (le dernier jour du mois).
    pub regime: String,
    /// Chiffre d'affaires des comptes 70x : HT sous le réel, TTC sous l'IFU.
    pub turnover: i64,
    /// Sous l'IFU : le chiffre d'affaires au taux de l'IFU.
    #[oai(nullable)]
    pub ifu: Option<i64>,
    pub collected: Vec<RateOut>,
    pub collected_total: i64,
    pub deductible: Vec<RateOut>,
    pub deductible_total: i64,
    /// Collectée − déductible : à payer si positif, crédit reporté si négatif.
    pub due: i64,
    /// IRG retenu sur les salaires.
    pub irg: i64,
    /// Droit de timbre collecté.
    pub stamp_duty: i64,
}

fn g50_out(g: crate::tax::ops::g50::G50) -> G50Out {
    let rates = |v: Vec<crate::tax::ops::g50::RateLine>| {
        v.into_iter().map(|l| RateOut { rate_bp: l.rate_bp, base: l.base.cents(), tva: l.tva.cents() }).collect()
    };
    G50Out {
        regime: g.regime.code().to_string(),
        turnover: g.turnover.cents(),
        ifu: g.ifu.map(|m| m.cents()),
        collected: rates(g.collected),
        collected_total: g.collected_total.cents(),
        deductible: rates(g.deductible),
        deductible_total: g.deductible_total.cents(),
        due: g.due.cents(),
        irg: g.irg.cents(),
        stamp_duty: g.stamp_duty.cents(),
        month: g.month,
    }
}

envelope!(EntriesEnvelope, Vec<EntryOut>);
envelope!(G50Envelope, G50Out);
envelope!(BalanceEnvelope, Vec<BalanceOut>);

fn day(field: &str, v: Option<String>) -> Result<Option<String>, AppError> {
    match v {
        None => Ok(None),
        Some(t) => chrono::NaiveDate::parse_from_str(&t, "%Y-%m-%d").map(|d| Some(d.to_string())).map_err(|_| {
            let mut e = FieldErrors::new();
            e.add(field, "Date invalide (AAAA-MM-JJ).");
            AppError::Invalid(e)
        }),
    }
}

fn journal_of(code: Option<String>) -> Result<Option<Journal>, AppError> {
    match code {
        Some(j) => Ok(Some(Journal::from_code(&j).ok_or_else(|| {
            let mut e = FieldErrors::new();
            e.add("journal", "Journal inconnu (VT, AC, CA, BQ, OD, PA).");
            AppError::Invalid(e)
        })?)),
        None => Ok(None),
    }
}

pub(super) fn balance_out(r: crate::accounting::BalanceRow) -> BalanceOut {
    BalanceOut {
        balance: r.net().cents(),
        account: r.code,
        name: r.name,
        debit: r.debit.cents(),
        credit: r.credit.cents(),
    }
}

fn entry_out(e: Entry) -> EntryOut {
    EntryOut {
        id: e.id,
        number: e.number,
        journal: e.journal,
        day: e.day,
        description: e.description,
        source_type: e.source_type,
        source_id: e.source_id,
        reverses: e.reverses,
        lines: e
            .lines
            .into_iter()
            .map(|l| LineOut {
                account: l.account,
                account_name: l.account_name,
                debit: l.debit.cents(),
                credit: l.credit.cents(),
                label: l.label,
            })
            .collect(),
    }
}

pub struct BooksApi;

#[OpenApi]
impl BooksApi {
    /// Les écritures, des plus récentes aux plus anciennes (100 par page).
    #[oai(path = "/compta/ecritures", method = "get", tag = "Tag::Comptabilite")]
    async fn entries(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        journal: Query<Option<String>>,
        du: Query<Option<String>>,
        au: Query<Option<String>>,
        page: Query<Option<u32>>,
    ) -> ApiResult<EntriesEnvelope> {
        let journal = journal_of(journal.0)?;
        let (from, to, page) = (day("du", du.0)?, day("au", au.0)?, i64::from(page.0.unwrap_or(0)));
        let entries = app
            .db
            .read(move |c| {
                Ok(store::journal(c, journal.map(|j| j.code()), from.as_deref(), to.as_deref(), 100, page * 100)?)
            })
            .await?;
        Ok(EntriesEnvelope::ok(entries.into_iter().map(entry_out).collect()))
    }

    /// La balance générale à une date (incluse).
    #[oai(path = "/compta/balance", method = "get", tag = "Tag::Comptabilite")]
    async fn trial_balance(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        au: Query<Option<String>>,
    ) -> ApiResult<BalanceEnvelope> {
        let to = day("au", au.0)?;
        let rows = app.db.read(move |c| Ok(store::trial_balance(c, to.as_deref())?)).await?;
        let out = rows.into_iter().map(balance_out).collect();
        Ok(BalanceEnvelope::ok(out))
    }

    /// Les chiffres de la G50 d'un mois (AAAA-MM ; défaut : le mois en cours) : TVA collectée et
    /// déductible par taux, à payer ou crédit reporté, IRG retenu, droit de timbre.
    #[oai(path = "/compta/g50", method = "get", tag = "Tag::Comptabilite")]
    async fn g50(&self, app: Data<&App>, _auth: Bearer, mois: Query<Option<String>>) -> ApiResult<G50Envelope> {
        let month = mois.0.unwrap_or_else(|| app.clock.business_day().format("%Y-%m").to_string());
        let g = app.db.read(move |c| crate::tax::ops::g50::g50(c, &month)).await?;
        Ok(G50Envelope::ok(g50_out(g)))
    }
}
