//! API of the owner's figures: the KPIs of a period (same definitions and same computation as
//! the pages, `kpi::ops::figures`), the whole report with its comparison, the definitions. A bad
//! period answers 422 with the same French messages, by field (`du`, `au`).

use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::error::AppError;
use crate::kpi::{Figure, Kpi, Unit, Value};
use crate::reports::views::PeriodForm;
use crate::reports::{Report, ops};
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// Indicateurs et rapports du propriétaire.
    Rapports,
}

#[derive(Debug, Clone, Object)]
pub struct KpiFigureOut {
    pub code: String,
    pub label: String,
    /// money, count or percent
    pub unit: String,
    /// Money: centimes; count: the number; percent: basis points (1 % = 100). Null when there is
    /// no value (no ticket, no revenue) or no source yet.
    #[oai(nullable)]
    pub value: Option<i64>,
    /// As the pages show it: "1 234,50 DA", "41,7 %", "pas encore de données".
    pub text: String,
    /// The source this KPI needs does not exist yet (payroll, deliveries, B2B).
    pub no_data: bool,
}

fn figure_out(f: &Figure) -> KpiFigureOut {
    let value = match f.value {
        Value::Money(m) => Some(m.cents()),
        Value::Count(n) => Some(n),
        Value::Percent(p) => p,
        Value::None | Value::NoData(_) => None,
    };
    let unit = match f.kpi.unit() {
        Unit::Money => "money",
        Unit::Count => "count",
        Unit::Percent => "percent",
    };
    KpiFigureOut {
        code: f.kpi.code().into(),
        label: f.kpi.label().into(),
        unit: unit.into(),
        value,
        text: f.value.text(),
        no_data: matches!(f.value, Value::NoData(_)),
    }
}

#[derive(Debug, Clone, Object)]
pub struct ReportBucketOut {
    pub bucket: String,
    pub revenue: i64,
    pub cost: i64,
}

#[derive(Debug, Clone, Object)]
pub struct ReportProductOut {
    pub name: String,
    pub category: String,
    /// Thousandths of the base unit.
    pub qty: i64,
    pub revenue: i64,
    pub cost: i64,
    pub revenue_before: i64,
}

#[derive(Debug, Clone, Object)]
pub struct ReportSellerOut {
    pub name: String,
    pub channel: String,
    pub tickets: i64,
    pub revenue: i64,
}

#[derive(Debug, Clone, Object)]
pub struct ReportReceiptOut {
    /// especes, carte, cheque.
    pub method: String,
    pub amount: i64,
}

#[derive(Debug, Clone, Object)]
pub struct ReportDepositOut {
    pub day: String,
    /// Straight from a drawer.
    pub from_drawer: i64,
    /// The closes' hand-overs carried from transit.
    pub from_transit: i64,
}

#[derive(Debug, Clone, Object)]
pub struct ReportVarianceOut {
    pub shift_id: i64,
    pub day: String,
    pub till: String,
    pub closed_by: String,
    pub expected: i64,
    pub counted: i64,
    /// counted − expected: below zero a shortage.
    pub variance: i64,
}

#[derive(Debug, Clone, Object)]
pub struct ReportWasteOut {
    pub name: String,
    /// Thousandths of the base unit.
    pub qty: i64,
    pub value: i64,
    /// The product's cost of goods sold over the period.
    pub cost_of_goods: i64,
}

#[derive(Debug, Clone, Object)]
pub struct ReportWasteDayOut {
    pub day: String,
    pub value: i64,
}

/// A report: amounts in centimes.
#[derive(Debug, Clone, Object)]
pub struct OwnerReportOut {
    pub from: String,
    pub to: String,
    pub compared_from: String,
    pub compared_to: String,
    pub figures: Vec<KpiFigureOut>,
    pub figures_before: Vec<KpiFigureOut>,
    /// jour, semaine or mois.
    pub grain: String,
    pub trend: Vec<ReportBucketOut>,
    /// 7 rows (Monday first) of 24 hours: revenue in centimes.
    pub heat_revenue: Vec<Vec<i64>>,
    pub products: Vec<ReportProductOut>,
    pub sellers: Vec<ReportSellerOut>,
    pub receipts: Vec<ReportReceiptOut>,
    pub deposits: Vec<ReportDepositOut>,
    pub variances: Vec<ReportVarianceOut>,
    pub waste: Vec<ReportWasteOut>,
    pub waste_days: Vec<ReportWasteDayOut>,
}

fn report_out(r: &Report) -> OwnerReportOut {
    let products = r.products.iter().map(|p| ReportProductOut {
        name: p.name.clone(),
        category: p.category.clone(),
        qty: p.qty,
        revenue: p.revenue,
        cost: p.cost,
        revenue_before: p.before,
    });
    let sellers = r.sellers.iter().map(|s| ReportSellerOut {
        name: s.0.clone(),
        channel: s.1.clone(),
        tickets: s.2,
        revenue: s.3,
    });
    OwnerReportOut {
        from: r.period.from_text(),
        to: r.period.to_text(),
        compared_from: r.against.from_text(),
        compared_to: r.against.to_text(),
        figures: r.figures.iter().map(figure_out).collect(),
        figures_before: r.figures_before.iter().map(figure_out).collect(),
        grain: r.grain.into(),
        trend: r
            .trend
            .iter()
            .map(|(b, rev, cost)| ReportBucketOut { bucket: b.clone(), revenue: *rev, cost: *cost })
            .collect(),
        heat_revenue: r.heat.iter().map(|row| row.iter().map(|c| c.0).collect()).collect(),
        products: products.collect(),
        sellers: sellers.collect(),
        receipts: r.receipts.iter().map(|(m, a)| ReportReceiptOut { method: m.clone(), amount: a.cents() }).collect(),
        deposits: r
            .deposits
            .iter()
            .map(|(d, a, b)| ReportDepositOut { day: d.clone(), from_drawer: a.cents(), from_transit: b.cents() })
            .collect(),
        variances: r.variances.iter().map(variance_out).collect(),
        waste: r
            .waste_products
            .iter()
            .map(|w| ReportWasteOut {
                name: w.name.clone(),
                qty: w.qty,
                value: w.value,
                cost_of_goods: w.cost_of_goods,
            })
            .collect(),
        waste_days: r.waste_days.iter().map(|(d, v)| ReportWasteDayOut { day: d.clone(), value: *v }).collect(),
    }
}

fn variance_out(v: &crate::cash::store::VarianceRow) -> ReportVarianceOut {
    ReportVarianceOut {
        shift_id: v.shift_id,
        day: v.day.clone(),
        till: v.till.clone(),
        closed_by: v.closed_by.clone(),
        expected: v.expected.cents(),
        counted: v.counted.cents(),
        variance: v.variance.cents(),
    }
}

#[derive(Debug, Clone, Object)]
pub struct KpiDefinitionOut {
    pub code: String,
    pub label: String,
    pub definition: String,
}

envelope!(FiguresEnvelope, Vec<KpiFigureOut>);
envelope!(OwnerReportEnvelope, OwnerReportOut);
envelope!(DefinitionsEnvelope, Vec<KpiDefinitionOut>);

pub struct ReportsApi;

#[OpenApi]
impl ReportsApi {
    /// Les indicateurs d'une période (du, au : AAAA-MM-JJ ; absents : le mois en cours).
    #[oai(path = "/rapports/indicateurs", method = "get", tag = "Tag::Rapports")]
    async fn figures(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        du: Query<Option<String>>,
        au: Query<Option<String>>,
    ) -> ApiResult<FiguresEnvelope> {
        let r = read(&app, du.0, au.0, None).await?;
        Ok(FiguresEnvelope::ok(r.figures.iter().map(figure_out).collect()))
    }

    /// Le rapport d'une période, comparé avec la période précédente ou l'an dernier (comparer =
    /// precedente | annee).
    #[oai(path = "/rapports", method = "get", tag = "Tag::Rapports")]
    async fn report(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        du: Query<Option<String>>,
        au: Query<Option<String>>,
        comparer: Query<Option<String>>,
    ) -> ApiResult<OwnerReportEnvelope> {
        Ok(OwnerReportEnvelope::ok(report_out(&read(&app, du.0, au.0, comparer.0).await?)))
    }

    /// La définition de chaque indicateur (le même texte que la page des définitions).
    #[oai(path = "/rapports/definitions", method = "get", tag = "Tag::Rapports")]
    async fn definitions(&self, _auth: Bearer) -> ApiResult<DefinitionsEnvelope> {
        let all = Kpi::ALL.iter().map(|k| KpiDefinitionOut {
            code: k.code().into(),
            label: k.label().into(),
            definition: k.definition().into(),
        });
        Ok(DefinitionsEnvelope::ok(all.collect()))
    }
}

async fn read(app: &App, du: Option<String>, au: Option<String>, comparer: Option<String>) -> Result<Report, AppError> {
    let today = app.clock.business_day();
    let f =
        PeriodForm { du: du.unwrap_or_default(), au: au.unwrap_or_default(), comparer: comparer.unwrap_or_default() };
    let (period, compare) = f.parse(today)?;
    app.db.read(move |c| ops::report(c, period, compare, today)).await
}
