//! API of the staff: employees (salaries only with `personnel.salaires`), their punches and what
//! is left to correct, corrections and voids (with their reason, audited, by the same operations
//! as the pages), and the hours of a month computed by the one definition.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};
use rusqlite::Connection;

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::audit::Stamp;
use crate::auth::Permission;
use crate::error::{AppError, FieldErrors};
use crate::people::hours::MonthHours;
use crate::people::ops::hours::{month_all, span};
use crate::people::ops::punches::{PunchDraft, enter_punch, void_punch};
use crate::people::store::employees;
use crate::people::{Direction, Employee, Punch, PunchSource, first_of_month, month_text, parse_local, parse_month};
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// Personnel : employés, pointages, corrections, heures du mois.
    Personnel,
}

#[derive(Debug, Clone, Object)]
pub struct EnrolmentOut {
    pub device_id: i64,
    pub device: String,
    /// Le code tel que la pointeuse l'envoie ("007" n'est pas "7").
    pub pin: String,
    pub ended: bool,
}

#[derive(Debug, Clone, Object)]
pub struct EmployeeOut {
    pub id: i64,
    pub full_name: String,
    /// boulanger, patissier, vendeuse, livreur, menage, …
    pub job: String,
    pub site_id: i64,
    pub site: String,
    pub hired_on: String,
    /// cdi, cdd, essai
    pub contract: String,
    #[oai(nullable)]
    pub contract_end: Option<String>,
    pub weekly_minutes: i64,
    /// Jours ISO (1 = lundi, 5 = vendredi).
    pub rest_days: Vec<u32>,
    /// pointeuse, manuel, exempt
    pub attendance: String,
    pub active: bool,
    /// Salaire de base mensuel ; absent sans le droit personnel.salaires.
    #[oai(skip_serializing_if_is_none)]
    #[oai(nullable)]
    pub monthly_salary: Option<String>,
    pub enrolments: Vec<EnrolmentOut>,
}

#[derive(Debug, Clone, Object)]
pub struct PunchOut {
    pub id: i64,
    /// Heure locale de la boutique, "AAAA-MM-JJ HH:MM:SS".
    pub local_time: String,
    /// in, out
    pub direction: String,
    /// pointeuse, manuel, correction, reattribue
    pub source: String,
    #[oai(nullable)]
    pub device_id: Option<i64>,
    #[oai(nullable)]
    pub pin: Option<String>,
    /// Code d'état brut envoyé par la pointeuse.
    #[oai(nullable)]
    pub raw_state: Option<i64>,
    #[oai(nullable)]
    pub verify_mode: Option<i64>,
    pub reason: String,
    pub voided: bool,
    #[oai(nullable)]
    pub void_reason: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct ToFixOut {
    pub punch_id: i64,
    /// Jour de travail auquel le pointage appartient.
    pub day: String,
    /// "Sortie manquante", "Entrée manquante"
    pub kind: String,
}

#[derive(Debug, Clone, Object)]
pub struct PunchesOut {
    pub employee_id: i64,
    pub from: String,
    pub to: String,
    pub punches: Vec<PunchOut>,
    /// Pointages sans paire, à corriger (jamais comptés 0 h en silence).
    pub to_fix: Vec<ToFixOut>,
}

#[derive(Debug, Clone, Object)]
pub struct CorrectionIn {
    /// Heure locale "AAAA-MM-JJ HH:MM".
    pub local_time: String,
    /// in, out
    pub direction: String,
    /// Obligatoire : pourquoi ce pointage est saisi.
    pub reason: String,
    /// correction (un pointage oublié, par défaut) ou manuel (quelqu'un qui pointe à la main).
    #[oai(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct VoidIn {
    /// Obligatoire : pourquoi ce pointage est annulé.
    pub reason: String,
}

#[derive(Debug, Clone, Object)]
pub struct IdOut {
    pub id: i64,
}

#[derive(Debug, Clone, Object)]
pub struct HoursOut {
    pub employee_id: i64,
    pub full_name: String,
    /// Minutes, sauf les jours.
    pub worked_min: i64,
    pub scheduled_min: i64,
    pub regular_min: i64,
    pub overtime_min: i64,
    /// Plafond légal des heures sup. du mois (20 % de la durée légale).
    pub overtime_cap_min: i64,
    pub night_min: i64,
    pub friday_min: i64,
    pub rest_day_min: i64,
    pub holiday_min: i64,
    pub absence_days: i64,
    pub missing_min: i64,
    pub leave_days: i64,
    /// Pointages sans paire dans le mois.
    pub anomalies: i64,
}

#[derive(Debug, Clone, Object)]
pub struct MonthOut {
    /// "AAAA-MM"
    pub month: String,
    pub employees: Vec<HoursOut>,
}

envelope!(EmployeesEnvelope, Vec<EmployeeOut>);
envelope!(EmployeeEnvelope, EmployeeOut);
envelope!(PunchesEnvelope, PunchesOut);
envelope!(IdEnvelope, IdOut);
envelope!(MonthEnvelope, MonthOut);

fn employee_out(c: &Connection, e: Employee, salaries: bool) -> Result<EmployeeOut, AppError> {
    let enrolments = employees::enrolments_of(c, e.id)?
        .into_iter()
        .map(|n| EnrolmentOut { device_id: n.device_id, device: n.device, pin: n.pin, ended: n.ended })
        .collect();
    Ok(EmployeeOut {
        id: e.id,
        job: e.job.code().into(),
        site_id: e.site_id,
        site: e.site_name,
        hired_on: e.hired_on.to_string(),
        contract: e.contract.code().into(),
        contract_end: e.contract_end.map(|d| d.to_string()),
        weekly_minutes: e.weekly_minutes,
        rest_days: e.rest_days,
        attendance: e.attendance.code().into(),
        active: e.active,
        monthly_salary: salaries.then(|| e.monthly_salary.to_string()),
        full_name: e.full_name,
        enrolments,
    })
}

fn punch_out(p: Punch) -> PunchOut {
    PunchOut {
        id: p.id,
        local_time: crate::people::local_text(p.local),
        direction: p.direction.code().into(),
        source: p.source.code().into(),
        device_id: p.device_id,
        pin: p.pin,
        raw_state: p.raw_state,
        verify_mode: p.verify_mode,
        reason: p.reason,
        voided: p.voided,
        void_reason: p.void_reason,
    }
}

/// An employee's punches from `from` to `to` (days of work), with what is left to correct.
fn punches_out(
    c: &Connection,
    id: i64,
    from: NaiveDate,
    to: NaiveDate,
    now: NaiveDateTime,
) -> Result<PunchesOut, AppError> {
    let e = employees::employee(c, id)?.ok_or(AppError::NotFound)?;
    let s = span(c, &e, from, to, Some(now))?;
    let in_range = |day: NaiveDate| day >= from && day <= to;
    let to_fix = s
        .pairing
        .anomalies
        .iter()
        .filter(|a| in_range(a.day))
        .map(|a| ToFixOut { punch_id: a.punch_id, day: a.day.to_string(), kind: a.kind.label().into() })
        .collect();
    let punches = s.punches.into_iter().filter(|p| in_range(p.local.date())).map(punch_out).collect();
    Ok(PunchesOut { employee_id: id, from: from.to_string(), to: to.to_string(), punches, to_fix })
}

fn hours_out(e: &Employee, m: &MonthHours) -> HoursOut {
    let t = &m.totals;
    HoursOut {
        employee_id: e.id,
        full_name: e.full_name.clone(),
        worked_min: t.worked_min,
        scheduled_min: t.scheduled_min,
        regular_min: t.regular_min,
        overtime_min: t.overtime_min,
        overtime_cap_min: m.overtime_cap_min,
        night_min: t.night_min,
        friday_min: t.friday_min,
        rest_day_min: t.rest_day_min,
        holiday_min: t.holiday_min,
        absence_days: t.absence_days,
        missing_min: t.missing_min,
        leave_days: t.leave_days,
        anomalies: t.anomalies,
    }
}

/// `du`/`au` as days (default: this month so far), or the messages beside each field.
fn period(du: Option<String>, au: Option<String>, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), FieldErrors> {
    let mut e = FieldErrors::new();
    let mut day = |text: Option<String>, field: &str, default: NaiveDate| match text {
        None => default,
        Some(t) => t.trim().parse().unwrap_or_else(|_| {
            e.add(field, "Une date AAAA-MM-JJ.");
            default
        }),
    };
    let from = day(du, "du", first_of_month(today));
    let to = day(au, "au", today);
    if to < from || to - from > Duration::days(366) {
        e.add("au", "Une période d'un an au plus, qui finit après son début.");
    }
    e.into_result((from, to))
}

impl CorrectionIn {
    fn parse(self, employee_id: i64) -> Result<PunchDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let text = self.local_time.trim();
        let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").ok().or_else(|| parse_local(text));
        let local = local.unwrap_or_else(|| {
            e.add("local_time", "Une heure AAAA-MM-JJ HH:MM.");
            NaiveDateTime::default()
        });
        let direction = Direction::from_code(self.direction.trim()).unwrap_or_else(|| {
            e.add("direction", "in ou out.");
            Direction::In
        });
        let source = match self.source.as_deref().map(str::trim) {
            None | Some("correction") => PunchSource::Correction,
            Some("manuel") => PunchSource::Manual,
            Some(_) => {
                e.add("source", "correction ou manuel.");
                PunchSource::Correction
            }
        };
        e.into_result(PunchDraft { employee_id, local, direction, reason: self.reason, source })
    }
}

fn now_local(app: &App) -> NaiveDateTime {
    app.clock.local(app.clock.now()).naive_local()
}

pub struct PeopleApi;

#[OpenApi]
impl PeopleApi {
    /// Les employés (actifs seulement, sauf `inactifs=true`), avec leurs inscriptions aux pointeuses.
    #[oai(path = "/personnel", method = "get", tag = "Tag::Personnel")]
    async fn list(&self, app: Data<&App>, auth: Bearer, inactifs: Query<Option<bool>>) -> ApiResult<EmployeesEnvelope> {
        let salaries = auth.0.can(Permission::PeopleSalaries);
        let all = inactifs.0.unwrap_or(false);
        let list = app
            .db
            .read(move |c| employees::employees(c, all)?.into_iter().map(|e| employee_out(c, e, salaries)).collect())
            .await?;
        Ok(EmployeesEnvelope::ok(list))
    }

    /// Les heures d'un mois (`mois=AAAA-MM`, par défaut le mois en cours), par employé, selon la
    /// seule définition : les mêmes chiffres que la page et l'export.
    #[oai(path = "/personnel/heures", method = "get", tag = "Tag::Personnel")]
    async fn hours(&self, app: Data<&App>, _auth: Bearer, mois: Query<Option<String>>) -> ApiResult<MonthEnvelope> {
        let now = now_local(&app);
        let first = match mois.0.as_deref().map(str::trim) {
            None => first_of_month(now.date()),
            Some(m) => parse_month(m).ok_or_else(|| {
                let mut e = FieldErrors::new();
                e.add("mois", "Un mois AAAA-MM.");
                AppError::Invalid(e)
            })?,
        };
        let rows = app.db.read(move |c| month_all(c, first, Some(now))).await?;
        let employees = rows.iter().map(|(e, m)| hours_out(e, m)).collect();
        Ok(MonthEnvelope::ok(MonthOut { month: month_text(first), employees }))
    }

    /// Un employé.
    #[oai(path = "/personnel/:id", method = "get", tag = "Tag::Personnel")]
    async fn one(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<EmployeeEnvelope> {
        let (salaries, id) = (auth.0.can(Permission::PeopleSalaries), id.0);
        let out = app
            .db
            .read(move |c| employee_out(c, employees::employee(c, id)?.ok_or(AppError::NotFound)?, salaries))
            .await?;
        Ok(EmployeeEnvelope::ok(out))
    }

    /// Les pointages d'un employé du jour `du` au jour `au` (par défaut : le mois en cours), les
    /// annulés compris, et ceux qui restent à corriger.
    #[oai(path = "/personnel/:id/pointages", method = "get", tag = "Tag::Personnel")]
    async fn punches(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        id: Path<i64>,
        du: Query<Option<String>>,
        au: Query<Option<String>>,
    ) -> ApiResult<PunchesEnvelope> {
        let (now, id) = (now_local(&app), id.0);
        let (from, to) = period(du.0, au.0, now.date()).map_err(AppError::Invalid)?;
        let out = app.db.read(move |c| punches_out(c, id, from, to, now)).await?;
        Ok(PunchesEnvelope::ok(out))
    }

    /// Saisit un pointage oublié (ou d'une personne qui pointe à la main), avec son motif ;
    /// audité. Refusé dans un mois verrouillé pour la paie.
    #[oai(path = "/personnel/:id/pointages", method = "post", tag = "Tag::Personnel")]
    async fn correct(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<CorrectionIn>,
    ) -> ApiResult<IdEnvelope> {
        let draft = body.0.parse(id.0).map_err(AppError::Invalid)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| enter_punch(tx, &st, &draft)).await?;
        Ok(IdEnvelope::ok(IdOut { id }))
    }

    /// Annule un pointage faux (il reste, marqué, avec son motif ; audité).
    #[oai(path = "/personnel/pointages/:id/annuler", method = "post", tag = "Tag::Personnel")]
    async fn void(&self, app: Data<&App>, auth: Bearer, id: Path<i64>, body: Json<VoidIn>) -> ApiResult<IdEnvelope> {
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let (id, reason) = (id.0, body.0.reason);
        app.db.write(move |tx| void_punch(tx, &st, id, &reason)).await?;
        Ok(IdEnvelope::ok(IdOut { id }))
    }
}
