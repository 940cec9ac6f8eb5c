//! API of payroll: the rates (read), a month's payroll (prepare, read, validate), a payslip (read,
//! pay), advances (list, hand out with the gérante's approval when beyond the net, cancel). The
//! same operations as the pages.

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::audit::Stamp;
use crate::auth::ops::Approval;
use crate::error::AppError;
use crate::money::Money;
use crate::payroll::ops::advances::{AdvanceDraft, cancel, give};
use crate::payroll::ops::pay::{PayDraft, pay};
use crate::payroll::ops::run::{month_view, payslip, prepare, validate};
use crate::payroll::store::{self, advances, runs};
use crate::payroll::{Advance, Method, Payslip, Rates, bands_to_text};
use crate::people::parse_month;
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// Paie : barèmes, paie du mois, bulletins, avances.
    Paie,
}

#[derive(Debug, Clone, Object)]
pub struct RatesOut {
    pub valid_from: String,
    /// Montants en DA ("24000.00"), taux en points de base (2300 = 23 %).
    pub snmg: String,
    /// Centièmes d'heure (17333 = 173,33 h).
    pub month_hours: i64,
    /// "de:taux;…" en centimes et points de base.
    pub irg_bands: String,
    pub abatement_bp: i64,
    pub abatement_min: String,
    pub abatement_max: String,
    pub exempt_upto: String,
    pub smooth_upto: String,
    pub cnas_employee_bp: i64,
    pub cnas_employer_bp: i64,
    pub fnpos_bp: i64,
    pub night_bp: i64,
    pub rest_day_bp: i64,
    /// centime, dizaine_inf
    pub rounding: String,
    pub source: String,
}

#[derive(Debug, Clone, Object)]
pub struct ItemOut {
    pub kind: String,
    pub label: String,
    pub base: String,
    pub rate: String,
    pub amount: String,
    pub cotisable: bool,
    pub imposable: bool,
    pub account: String,
}

#[derive(Debug, Clone, Object)]
pub struct PayslipOut {
    pub id: i64,
    pub month: String,
    pub employee_id: i64,
    pub employee: String,
    /// preparee, validee
    pub status: String,
    pub gross: String,
    pub cnas_base: String,
    pub cnas_employee: String,
    pub taxable: String,
    pub irg: String,
    pub net: String,
    pub advances: String,
    pub net_to_pay: String,
    pub cnas_employer: String,
    pub fnpos: String,
    pub below_snmg: bool,
    /// banque, cheque, especes ; absent tant que le salaire n'est pas payé.
    #[oai(nullable)]
    pub paid_by: Option<String>,
    /// Les éléments (seulement pour un bulletin lu seul).
    pub items: Vec<ItemOut>,
}

#[derive(Debug, Clone, Object)]
pub struct RunOut {
    pub month: String,
    /// Absent : pas encore préparée.
    #[oai(nullable)]
    pub id: Option<i64>,
    #[oai(nullable)]
    pub status: Option<String>,
    pub hours_locked: bool,
    pub payslips: Vec<PayslipOut>,
}

#[derive(Debug, Clone, Object)]
pub struct PayIn {
    /// banque, cheque, especes
    pub method: String,
    #[oai(default)]
    pub reference: Option<String>,
    /// Espèces : la caisse dont le tiroir paie (par défaut la première ouverte).
    #[oai(default)]
    pub till_id: Option<i64>,
}

#[derive(Debug, Clone, Object)]
pub struct PayApprovalIn {
    pub approver_id: i64,
    pub pin: String,
}

#[derive(Debug, Clone, Object)]
pub struct AdvanceIn {
    pub employee_id: i64,
    /// Le mois dont la paie la déduit, "AAAA-MM".
    pub month: String,
    /// En DA, "5000" ou "5000.50".
    pub amount: String,
    /// especes (tiroir d'une caisse ouverte) ou banque
    pub method: String,
    #[oai(default)]
    pub till_id: Option<i64>,
    #[oai(default)]
    pub reason: Option<String>,
    #[oai(default)]
    pub token: Option<String>,
    /// Au-delà du net du mois : la gérante et son code.
    #[oai(default)]
    pub approval: Option<PayApprovalIn>,
}

#[derive(Debug, Clone, Object)]
pub struct AdvanceOut {
    pub id: i64,
    pub employee_id: i64,
    pub employee: String,
    pub month: String,
    pub amount: String,
    pub given_on: String,
    pub method: String,
    pub reason: String,
    /// Le bulletin validé qui l'a déduite.
    #[oai(nullable)]
    pub payslip_id: Option<i64>,
    pub cancelled: bool,
}

#[derive(Debug, Clone, Object)]
pub struct PayIdOut {
    pub id: i64,
}

envelope!(RatesEnvelope, Vec<RatesOut>);
envelope!(RunEnvelope, RunOut);
envelope!(PayslipEnvelope, PayslipOut);
envelope!(AdvancesEnvelope, Vec<AdvanceOut>);
envelope!(PayIdEnvelope, PayIdOut);

fn amount(m: Money) -> String {
    format!("{}.{:02}", m.cents() / 100, (m.cents() % 100).abs())
}

fn rates_out(r: Rates) -> RatesOut {
    let i = &r.irg;
    RatesOut {
        valid_from: r.valid_from.to_string(),
        snmg: amount(r.snmg),
        month_hours: r.month_hours,
        irg_bands: bands_to_text(&i.bands),
        abatement_bp: i.abatement_bp,
        abatement_min: amount(Money::from_cents(i.abatement_min)),
        abatement_max: amount(Money::from_cents(i.abatement_max)),
        exempt_upto: amount(Money::from_cents(i.exempt_upto)),
        smooth_upto: amount(Money::from_cents(i.smooth_upto)),
        cnas_employee_bp: r.cnas_employee_bp,
        cnas_employer_bp: r.cnas_employer_bp,
        fnpos_bp: r.fnpos_bp,
        night_bp: r.night_bp,
        rest_day_bp: r.rest_day_bp,
        rounding: r.rounding.code().into(),
        source: r.source,
    }
}

fn slip_out(p: Payslip) -> PayslipOut {
    let f = &p.figures;
    let items = f
        .items
        .iter()
        .map(|i| ItemOut {
            kind: i.kind.clone(),
            label: i.label.clone(),
            base: i.base_text.clone(),
            rate: i.rate_text.clone(),
            amount: amount(i.amount),
            cotisable: i.cotisable,
            imposable: i.imposable,
            account: i.account.clone(),
        })
        .collect();
    PayslipOut {
        id: p.id,
        month: p.month.clone(),
        employee_id: p.employee_id,
        employee: p.employee.clone(),
        status: p.status.code().into(),
        gross: amount(f.gross),
        cnas_base: amount(f.cnas_base),
        cnas_employee: amount(f.cnas_employee),
        taxable: amount(f.taxable),
        irg: amount(f.irg),
        net: amount(f.net),
        advances: amount(f.advances),
        net_to_pay: amount(f.net_to_pay),
        cnas_employer: amount(f.cnas_employer),
        fnpos: amount(f.fnpos),
        below_snmg: f.below_snmg,
        paid_by: p.payment_method.map(|m| m.code().to_string()),
        items,
    }
}

fn advance_out(a: Advance) -> AdvanceOut {
    AdvanceOut {
        id: a.id,
        employee_id: a.employee_id,
        employee: a.employee,
        month: a.month,
        amount: amount(a.amount),
        given_on: a.given_on.to_string(),
        method: a.method.code().into(),
        reason: a.reason,
        payslip_id: a.payslip_id,
        cancelled: a.cancelled_at.is_some(),
    }
}

use crate::error::invalid;

fn month_param(text: &str) -> Result<String, AppError> {
    parse_month(text).map(crate::people::month_text).ok_or_else(|| invalid("mois", "Un mois AAAA-MM."))
}

impl AdvanceIn {
    fn parse(self, day: chrono::NaiveDate) -> Result<(AdvanceDraft, Option<Approval>), AppError> {
        let amount = Money::parse(&self.amount).map_err(|e| invalid("amount", e.to_string()))?;
        let method = match self.method.trim() {
            "especes" => Method::Cash,
            "banque" => Method::Bank,
            _ => return Err(invalid("method", "especes ou banque.")),
        };
        let approval = self.approval.map(|a| Approval { approver_id: a.approver_id, pin: a.pin });
        let draft = AdvanceDraft {
            employee_id: self.employee_id,
            month: month_param(&self.month)?,
            amount,
            method,
            till: self.till_id,
            reason: self.reason.unwrap_or_default(),
            day,
            token: self.token,
        };
        Ok((draft, approval))
    }
}

pub struct PayrollApi;

#[OpenApi]
impl PayrollApi {
    /// Les barèmes de paie, du plus ancien au plus récent ; une paie applique la ligne en vigueur
    /// le premier jour de son mois.
    #[oai(path = "/paie/baremes", method = "get", tag = "Tag::Paie")]
    async fn rates(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<RatesEnvelope> {
        let all = app.db.read(|c| Ok::<_, AppError>(store::rates(c)?)).await?;
        Ok(RatesEnvelope::ok(all.into_iter().map(rates_out).collect()))
    }

    /// La paie d'un mois (`AAAA-MM`) et ses bulletins (sans leurs éléments).
    #[oai(path = "/paie/mois/:mois", method = "get", tag = "Tag::Paie")]
    async fn month(&self, app: Data<&App>, _auth: Bearer, mois: Path<String>) -> ApiResult<RunEnvelope> {
        let month = month_param(&mois.0)?;
        let first = parse_month(&month).ok_or(AppError::NotFound)?;
        let (run, slips, locked) = app.db.read(move |c| month_view(c, first)).await?;
        Ok(RunEnvelope::ok(RunOut {
            month,
            id: run.as_ref().map(|r| r.id),
            status: run.map(|r| r.status.code().to_string()),
            hours_locked: locked,
            payslips: slips.into_iter().map(slip_out).collect(),
        }))
    }

    /// Prépare (ou prépare à nouveau) la paie du mois à partir de ses heures verrouillées.
    #[oai(path = "/paie/mois/:mois/preparer", method = "post", tag = "Tag::Paie")]
    async fn prepare(&self, app: Data<&App>, auth: Bearer, mois: Path<String>) -> ApiResult<PayIdEnvelope> {
        let month = month_param(&mois.0)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| prepare(tx, &st, &month)).await?;
        Ok(PayIdEnvelope::ok(PayIdOut { id }))
    }

    /// Valide la paie du mois : figée, passée en une écriture ; une seconde validation est refusée.
    #[oai(path = "/paie/mois/:mois/valider", method = "post", tag = "Tag::Paie")]
    async fn validate(&self, app: Data<&App>, auth: Bearer, mois: Path<String>) -> ApiResult<PayIdEnvelope> {
        let month = month_param(&mois.0)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let entry = app
            .db
            .write(move |tx| {
                let run = runs::run_of_month(tx, &month)?.ok_or(AppError::NotFound)?;
                validate(tx, &st, run.id)
            })
            .await?;
        Ok(PayIdEnvelope::ok(PayIdOut { id: entry }))
    }

    /// Un bulletin de paie, avec ses éléments.
    #[oai(path = "/paie/bulletins/:id", method = "get", tag = "Tag::Paie")]
    async fn payslip(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<PayslipEnvelope> {
        let id = id.0;
        let p = app.db.read(move |c| payslip(c, id)).await?;
        Ok(PayslipEnvelope::ok(slip_out(p)))
    }

    /// Paie le net à payer d'un bulletin validé (banque, chèque, ou espèces d'un tiroir ouvert).
    #[oai(path = "/paie/bulletins/:id/payer", method = "post", tag = "Tag::Paie")]
    async fn pay(&self, app: Data<&App>, auth: Bearer, id: Path<i64>, body: Json<PayIn>) -> ApiResult<PayIdEnvelope> {
        let method =
            Method::from_code(body.0.method.trim()).ok_or_else(|| invalid("method", "banque, cheque ou especes."))?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let d = PayDraft { method, till: body.0.till_id, reference: body.0.reference.unwrap_or_default(), day: st.day };
        let id = id.0;
        let entry = app.db.write(move |tx| pay(tx, &st, id, &d)).await?;
        Ok(PayIdEnvelope::ok(PayIdOut { id: entry }))
    }

    /// Les 100 dernières avances.
    #[oai(path = "/paie/avances", method = "get", tag = "Tag::Paie")]
    async fn advances(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<AdvancesEnvelope> {
        let list = app.db.read(|c| Ok::<_, AppError>(advances::recent(c, 100)?)).await?;
        Ok(AdvancesEnvelope::ok(list.into_iter().map(advance_out).collect()))
    }

    /// Remet une avance ; au-delà du net estimé du mois, la gérante l'approuve (`approval`).
    #[oai(path = "/paie/avances", method = "post", tag = "Tag::Paie")]
    async fn give(&self, app: Data<&App>, auth: Bearer, body: Json<AdvanceIn>) -> ApiResult<PayIdEnvelope> {
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let (d, approval) = body.0.parse(st.day)?;
        let me = auth.0.clone();
        let id = app.db.write(move |tx| give(tx, &st, &me, &d, approval.as_ref())).await?.done()?;
        Ok(PayIdEnvelope::ok(PayIdOut { id }))
    }

    /// Annule une avance qu'aucun bulletin n'a déduite (écriture contre-passée).
    #[oai(path = "/paie/avances/:id/annuler", method = "post", tag = "Tag::Paie")]
    async fn cancel(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<PayIdEnvelope> {
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = id.0;
        app.db.write(move |tx| cancel(tx, &st, id)).await?;
        Ok(PayIdEnvelope::ok(PayIdOut { id }))
    }
}
