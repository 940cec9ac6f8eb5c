//! The day board (the tablet's page) and one employee's month of punches, with the forms that
//! correct what cannot be paired.

use chrono::{Duration, NaiveDate};
use maud::{Markup, html};

use super::{day_long, minutes, moment, punch_mark, tabs};
use crate::error::FieldErrors;
use crate::people::forms::time::PunchForm;
use crate::people::hours::MonthHours;
use crate::people::ops::board::{Board, Fix, Row};
use crate::people::pairing::AnomalyKind;
use crate::people::{AttendanceMode, Direction, Employee, Punch, Site, month_label};
use crate::ui::form::{self, Input};

/// The form that enters the missing punch of an anomaly, inline (an open `details` when it came
/// back with messages).
fn fix_form(csrf: &str, f: &Fix, back: &str, failed: Option<(&PunchForm, &FieldErrors)>) -> Markup {
    let direction = match f.anomaly.kind {
        AnomalyKind::MissingOut => Direction::Out,
        AnomalyKind::MissingIn => Direction::In,
    };
    let blank = PunchForm { day: f.anomaly.at.date().to_string(), ..Default::default() };
    let none = FieldErrors::new();
    let (v, e) = failed.unwrap_or((&blank, &none));
    let id = format!("fix-{}", f.anomaly.punch_id);
    html! {
        li #(id) {
            div {
                strong { (f.employee) } " — " span.badge.warn { (f.anomaly.kind.label()) }
                " après le pointage du " (moment(f.anomaly.at))
            }
            details open[failed.is_some()] {
                summary.button.secondary { "Corriger" }
                form.stack method="post" action=(format!("/personnel/{}/pointages", f.employee_id)) {
                    (form::csrf(csrf))
                    input type="hidden" name="direction" value=(direction.code());
                    input type="hidden" name="source" value="correction";
                    input type="hidden" name="back" value=(back);
                    input type="hidden" name="fix" value=(f.anomaly.punch_id);
                    div.row {
                        (Input::new("day", "Jour", &v.day).kind("date").required().render(e))
                        (Input::new("time", &format!("Heure de {}", direction.label().to_lowercase()), &v.time).kind("time").required().render(e))
                    }
                    (Input::new("reason", "Motif", &v.reason).required().help("Par exemple : oubli de pointer, vu avec la gérante.").render(e))
                    div.actions { button type="submit" { "Enregistrer la " (direction.label().to_lowercase()) } }
                }
                form.inline method="post" action=(format!("/personnel/pointages/{}/annuler", f.anomaly.punch_id)) {
                    (form::csrf(csrf))
                    input type="hidden" name="back" value=(back);
                    (Input::new("reason", "Ou annuler ce pointage, motif", "").render(&FieldErrors::new()))
                    button.secondary type="submit" { "Annuler le pointage" }
                }
            }
        }
    }
}

/// Arrivée / Départ on the board, for staff who punch by hand (the lab).
fn manual_buttons(csrf: &str, r: &Row, back: &str) -> Markup {
    let direction = if r.status.is_in() { Direction::Out } else { Direction::In };
    let label = if direction == Direction::In { "Arrivée" } else { "Départ" };
    html! {
        form.inline method="post" action=(format!("/personnel/{}/pointages", r.employee.id)) {
            (form::csrf(csrf))
            input type="hidden" name="now" value="1";
            input type="hidden" name="direction" value=(direction.code());
            input type="hidden" name="source" value="manuel";
            input type="hidden" name="reason" value="Pointage sur la tablette (saisie manuelle)";
            input type="hidden" name="back" value=(back);
            button.punch-button type="submit" { (label) }
        }
    }
}

fn site_table(csrf: &str, rows: &[Row], manage: bool, back: &str) -> Markup {
    html! {
        div.table-wrap { table.board {
            thead { tr { th { "Employé" } th { "État" } th { "Prévu" } th { "Pointages" } th.num { "Aujourd'hui" } } }
            tbody { @for r in rows {
                tr.(r.status.tone()) {
                    td { a href=(format!("/personnel/{}/pointages", r.employee.id)) { (r.employee.full_name) } br; small.muted { (r.employee.job.label()) } }
                    td {
                        span.badge.(r.status.tone()) { (r.status.label()) }
                        @if manage && r.employee.attendance == AttendanceMode::Manual { " " (manual_buttons(csrf, r, back)) }
                    }
                    td { @for s in &r.shifts { (s.text()) br; } @if r.shifts.is_empty() { span.muted { "—" } } }
                    td { @for p in &r.punches { (punch_mark(p.direction, p.local)) " " } }
                    td.num { (minutes(r.worked)) }
                }
            } }
        } }
    }
}

/// The day board. `failed`: the correction that came back with messages (its anomaly's punch).
pub fn board(
    csrf: &str,
    b: &Board,
    sites: &[Site],
    site: Option<i64>,
    manage: bool,
    failed: Option<(i64, &PunchForm, &FieldErrors)>,
) -> Markup {
    let back = format!("/personnel/jour?jour={}{}", b.day, site.map(|s| format!("&lieu={s}")).unwrap_or_default());
    let day_link =
        |d: NaiveDate| format!("/personnel/jour?jour={d}{}", site.map(|s| format!("&lieu={s}")).unwrap_or_default());
    html! {
        (tabs("/personnel/jour", manage))
        div.page-header {
            h1 { "Tableau du jour" }
            div.actions {
                a.button.secondary href=(day_link(b.day - Duration::days(1))) { "← Veille" }
                strong { (day_long(b.day)) " · " (b.now.format("%H:%M")) }
                a.button.secondary href=(day_link(b.day + Duration::days(1))) { "Lendemain →" }
            }
        }
        nav.tabs aria-label="Lieux" {
            a href=(format!("/personnel/jour?jour={}", b.day)) aria-current=[site.is_none().then_some("page")] { "Tous les lieux" }
            @for s in sites {
                a href=(format!("/personnel/jour?jour={}&lieu={}", b.day, s.id)) aria-current=[(site == Some(s.id)).then_some("page")] { (s.name) }
            }
        }
        @if manage && b.held > 0 {
            p.notice { a href="/personnel/quarantaine" { (b.held) " ligne(s) de pointeuse en quarantaine à régler" } }
        }
        @for (s, rows) in &b.sites {
            section.card.site {
                h2 { (s.name) " " small.muted { (rows.iter().filter(|r| r.status.is_in()).count()) " présent(s) sur " (rows.len()) } }
                @if rows.is_empty() { p.muted { "Personne n'y travaille." } } @else { (site_table(csrf, rows, manage, &back)) }
            }
        }
        section.card #to-fix {
            h2 { "À corriger" small.muted { " (7 derniers jours)" } }
            @if let Some((_, _, e)) = failed.filter(|(id, ..)| !b.fixes.iter().any(|f| f.anomaly.punch_id == *id)) {
                p.form-error role="alert" { (e.to_string()) }
            }
            @if b.fixes.is_empty() { p.muted { "Rien : chaque pointage a sa paire." } }
            ul.fixes { @for f in &b.fixes {
                @if manage {
                    (fix_form(csrf, f, &back, failed.filter(|(id, ..)| *id == f.anomaly.punch_id).map(|(_, v, e)| (v, e))))
                } @else {
                    li { strong { (f.employee) } " — " (f.anomaly.kind.label()) " après le pointage du " (moment(f.anomaly.at)) }
                }
            } }
        }
    }
}

fn punch_cell(csrf: &str, p: &Punch, back: &str, manage: bool) -> Markup {
    html! {
        div.punch-line.voided[p.voided] {
            (punch_mark(p.direction, p.local))
            " " small.muted { (p.source.label()) @if !p.reason.is_empty() { " : " (p.reason) } }
            @if let Some(r) = &p.void_reason { " " small.muted { "annulé : " (r) } }
            @if manage && !p.voided {
                details.void {
                    summary { "Annuler" }
                    form.inline method="post" action=(format!("/personnel/pointages/{}/annuler", p.id)) {
                        (form::csrf(csrf)) input type="hidden" name="back" value=(back);
                        (Input::new("reason", "Motif", "").render(&FieldErrors::new()))
                        button.small.secondary type="submit" { "Annuler ce pointage" }
                    }
                }
            }
        }
    }
}

fn totals(m: &MonthHours) -> Markup {
    let t = &m.totals;
    html! {
        dl.facts.totals {
            dt { "Travaillé" } dd { (minutes(t.worked_min)) }
            dt { "Prévu" } dd { (minutes(t.scheduled_min)) }
            dt { "Normales" } dd { (minutes(t.regular_min)) }
            dt { "Heures sup." } dd.over[m.over_cap()] { (minutes(t.overtime_min)) " (plafond légal " (minutes(m.overtime_cap_min)) ")" }
            dt { "Nuit" } dd { (minutes(t.night_min)) }
            dt { "Vendredi / repos / férié" } dd { (minutes(t.friday_min)) " / " (minutes(t.rest_day_min)) " / " (minutes(t.holiday_min)) }
            dt { "Absences" } dd { (t.absence_days) " jour(s), " (minutes(t.missing_min)) " manquantes" }
            dt { "Congés" } dd { (t.leave_days) " jour(s)" }
            dt { "À corriger" } dd { @if t.anomalies > 0 { span.badge.warn { (t.anomalies) } } @else { "rien" } }
        }
    }
}

/// What the month page shows, gathered by the handler.
pub struct MonthPage<'a> {
    pub employee: &'a Employee,
    pub month: &'a MonthHours,
    pub punches: &'a [Punch],
    pub locked: bool,
    pub manage: bool,
    pub form: &'a PunchForm,
    pub errors: &'a FieldErrors,
}

fn add_form(csrf: &str, p: &MonthPage, back: &str) -> Markup {
    let (v, e) = (p.form, p.errors);
    let options = vec![("in".to_string(), "Entrée".to_string()), ("out".to_string(), "Sortie".to_string())];
    let sources = vec![
        ("correction".to_string(), "Correction (oubli)".to_string()),
        ("manuel".to_string(), "Saisie manuelle (sans pointeuse)".to_string()),
    ];
    html! {
        section.card #add-punch {
            h2 { "Ajouter un pointage" }
            form.stack method="post" action=(format!("/personnel/{}/pointages", p.employee.id)) {
                (form::csrf(csrf)) input type="hidden" name="back" value=(back);
                div.row {
                    (Input::new("day", "Jour", &v.day).kind("date").required().render(e))
                    (Input::new("time", "Heure", &v.time).kind("time").required().render(e))
                    (form::select("direction", "Sens", &options, &v.direction, e))
                    (form::select("source", "Nature", &sources, &v.source, e))
                }
                (Input::new("reason", "Motif", &v.reason).required().render(e))
                (form::form_error(e))
                div.actions { button type="submit" { "Ajouter" } }
            }
        }
    }
}

pub fn month(csrf: &str, p: &MonthPage) -> Markup {
    let (e, m) = (p.employee, p.month);
    let back = format!("/personnel/{}/pointages?mois={}", e.id, crate::people::month_text(m.first));
    let nav = |d: NaiveDate| format!("/personnel/{}/pointages?mois={}", e.id, crate::people::month_text(d));
    let prev = crate::people::first_of_month(m.first - Duration::days(1));
    let next = crate::people::month_end(m.first) + Duration::days(1);
    html! {
        (tabs("/personnel", p.manage))
        div.page-header {
            h1 { (e.full_name) " — " (month_label(m.first)) @if p.locked { " " span.badge.off { "verrouillé" } } }
            div.actions {
                a.button.secondary href=(nav(prev)) { "← " (month_label(prev)) }
                a.button.secondary href=(nav(next)) { (month_label(next)) " →" }
                a.button.secondary href=(format!("/personnel/{}", e.id)) { "Fiche" }
            }
        }
        @if !m.tracked { p.notice { "Présence non suivie : les absences ne sont pas comptées." } }
        section.card { (totals(m)) }
        div.table-wrap { table.month #month-days {
            thead { tr { th { "Jour" } th { "Prévu" } th { "Pointages" } th.num { "Travaillé" } th.num { "Sup." } th.num { "Nuit" } th { "" } } }
            tbody { @for d in m.days.iter().filter(|d| d.plan.employed) {
                @let day_punches: Vec<&Punch> = p.punches.iter().filter(|x| x.local.date() == d.plan.day || (x.local.date() == d.plan.day + Duration::days(1) && d.intervals.iter().any(|(_, end)| *end == x.local))).collect();
                tr.absent[d.absent].todo[d.anomalies > 0] {
                    td { (day_long(d.plan.day)) }
                    td { @for s in &d.plan.shifts { (s.text()) br; } }
                    td { @for x in day_punches { (punch_cell(csrf, x, &back, p.manage && !p.locked)) } }
                    td.num { (minutes(d.worked)) }
                    td.num { (minutes(d.overtime)) }
                    td.num { (minutes(d.night)) }
                    td {
                        @if let Some(h) = &d.plan.holiday { span.badge { "Férié : " (h) } }
                        @if let Some(k) = d.plan.leave { span.badge { (k.label()) } }
                        @if d.absent { span.badge.err { "Absent" } }
                        @if d.anomalies > 0 { span.badge.warn { "À corriger" } }
                        @if d.plan.rest_day && d.worked > 0 { span.badge { "Jour de repos travaillé" } }
                    }
                }
            } }
        } }
        @if p.manage && !p.locked { (add_form(csrf, p, &back)) }
    }
}
