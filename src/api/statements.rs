//! API operations of the financial statements (read): for a period, the trial balance at its
//! end, the balance sheet, the income statement by nature and the cash-flow statement — the
//! figures of `/compta/etats`, from the same operation; and the chart of accounts.

use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::{Object, OpenApi, Tags};

use super::books::BalanceOut;
use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::accounting::ops::statements;
use crate::accounting::statements::StatementLine;
use crate::accounting::store;
use crate::accounting::web::statements::PeriodQuery;
use crate::error::AppError;
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// États financiers (SCF) et plan de comptes.
    Etats,
}

/// A line of a statement; `total` lines are subtotals.
#[derive(Debug, Clone, Object)]
pub struct StatementLineOut {
    pub label: String,
    /// Centimes.
    pub amount: i64,
    pub total: bool,
}

#[derive(Debug, Clone, Object)]
pub struct BalanceSheetOut {
    pub assets: Vec<StatementLineOut>,
    pub liabilities: Vec<StatementLineOut>,
    pub total_assets: i64,
    pub total_liabilities: i64,
}

#[derive(Debug, Clone, Object)]
pub struct StatementsOut {
    /// AAAA-MM-JJ, inclus.
    pub from: String,
    pub to: String,
    /// La balance générale à la fin de la période (cumulée).
    pub trial_balance: Vec<BalanceOut>,
    /// Le bilan à la fin de la période.
    pub balance_sheet: BalanceSheetOut,
    /// Le compte de résultat par nature de la période ; sa dernière ligne est le résultat net.
    pub income_statement: Vec<StatementLineOut>,
    /// Le tableau des flux de trésorerie de la période.
    pub cash_flow: Vec<StatementLineOut>,
}

#[derive(Debug, Clone, Object)]
pub struct AccountOut {
    pub code: String,
    pub name: String,
    pub class: i64,
    pub nature: String,
}

envelope!(StatementsEnvelope, StatementsOut);
envelope!(AccountsEnvelope, Vec<AccountOut>);

fn lines(v: Vec<StatementLine>) -> Vec<StatementLineOut> {
    v.into_iter()
        .map(|l| StatementLineOut { label: l.label.into(), amount: l.amount.cents(), total: l.total })
        .collect()
}

fn out(s: statements::Statements) -> StatementsOut {
    let balance_sheet = BalanceSheetOut {
        total_assets: s.sheet.total_assets().cents(),
        total_liabilities: s.sheet.total_liabilities().cents(),
        assets: lines(s.sheet.assets),
        liabilities: lines(s.sheet.liabilities),
    };
    StatementsOut {
        from: s.period.from.to_string(),
        to: s.period.to.to_string(),
        trial_balance: s.trial.into_iter().map(super::books::balance_out).collect(),
        balance_sheet,
        income_statement: lines(s.income),
        cash_flow: lines(s.flows.lines()),
    }
}

pub struct StatementsApi;

#[OpenApi]
impl StatementsApi {
    /// Les états d'une période (`du`, `au`, AAAA-MM-JJ ; défaut : l'année jusqu'à aujourd'hui) :
    /// balance, bilan, compte de résultat, flux de trésorerie.
    #[oai(path = "/compta/etats", method = "get", tag = "Tag::Etats")]
    async fn statements(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        du: Query<Option<String>>,
        au: Query<Option<String>>,
    ) -> ApiResult<StatementsEnvelope> {
        let q = PeriodQuery { du: du.0.unwrap_or_default(), au: au.0.unwrap_or_default() };
        let p = q.parse(app.clock.business_day()).map_err(AppError::from)?;
        let s = app.db.read(move |c| statements::read(c, p)).await?;
        Ok(StatementsEnvelope::ok(out(s)))
    }

    /// Le plan de comptes (les sous-comptes ajoutés par le comptable compris).
    #[oai(path = "/compta/comptes", method = "get", tag = "Tag::Etats")]
    async fn chart(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<AccountsEnvelope> {
        let accounts = app.db.read(|c| Ok(store::accounts(c)?)).await?;
        let out = accounts
            .into_iter()
            .map(|a| AccountOut { code: a.code, name: a.name, class: a.class, nature: a.nature })
            .collect();
        Ok(AccountsEnvelope::ok(out))
    }
}
