//! The hours of a month for every employee, with the legal figures beside them.

use chrono::{Duration, NaiveDate};
use maud::{Markup, html};

use super::{minutes, tabs};
use crate::people::hours::MonthHours;
use crate::people::{Employee, LabourRules, duration_text, first_of_month, hhmm, month_end, month_label, month_text};
use crate::ui::form;

pub struct HoursPage<'a> {
    pub first: NaiveDate,
    pub rows: &'a [(Employee, MonthHours)],
    pub rules: &'a LabourRules,
    pub locked: Option<String>,
    pub manage: bool,
}

fn law(r: &LabourRules) -> Markup {
    html! {
        p.muted.law {
            "Règles en vigueur depuis le " (r.valid_from.format("%d/%m/%Y")) " : durée légale " (duration_text(r.legal_week_minutes))
            " par semaine ; heures supplémentaires au plus " (r.overtime_cap_percent) " % de la durée légale, majorées d'au moins "
            (r.overtime_premium_pct) " % ; travail de nuit de " (hhmm(r.night_start_min)) " à " (hhmm(r.night_end_min))
            " ; repos hebdomadaire le " (crate::people::weekday_name(r.weekly_rest_day)) ". " small { (r.source) }
        }
    }
}

pub fn page(csrf: &str, p: &HoursPage) -> Markup {
    let prev = first_of_month(p.first - Duration::days(1));
    let next = month_end(p.first) + Duration::days(1);
    html! {
        (tabs("/personnel/heures", p.manage))
        div.page-header {
            h1 { "Heures de " (month_label(p.first)) @if p.locked.is_some() { " " span.badge.off { "verrouillé pour la paie" } } }
            div.actions {
                a.button.secondary href=(format!("/personnel/heures?mois={}", month_text(prev))) { "← " (month_label(prev)) }
                a.button.secondary href=(format!("/personnel/heures?mois={}", month_text(next))) { (month_label(next)) " →" }
                a.button.secondary href=(format!("/personnel/heures/export?mois={}", month_text(p.first))) download { "Exporter (Excel)" }
            }
        }
        (law(p.rules))
        div.table-wrap { table #hours {
            thead { tr {
                th { "Employé" } th.num { "Prévu" } th.num { "Travaillé" } th.num { "Normales" } th.num { "Sup." }
                th.num { "Nuit" } th.num { "Vendredi" } th.num { "Repos" } th.num { "Férié" } th.num { "Absences" }
                th.num { "Manquant" } th.num { "Congés" } th.num { "À corriger" }
            } }
            tbody { @for (e, m) in p.rows {
                @let t = &m.totals;
                tr {
                    td { a href=(format!("/personnel/{}/pointages?mois={}", e.id, month_text(p.first))) { (e.full_name) }
                         @if !m.tracked { br; small.muted { "non suivi" } } }
                    td.num { (minutes(t.scheduled_min)) }
                    td.num { (minutes(t.worked_min)) }
                    td.num { (minutes(t.regular_min)) }
                    td.num.over[m.over_cap()] { (minutes(t.overtime_min)) @if m.over_cap() { br; small { "plafond " (minutes(m.overtime_cap_min)) } } }
                    td.num { (minutes(t.night_min)) }
                    td.num { (minutes(t.friday_min)) }
                    td.num { (minutes(t.rest_day_min)) }
                    td.num { (minutes(t.holiday_min)) }
                    td.num { @if t.absence_days > 0 { (t.absence_days) " j" } @else { "—" } }
                    td.num { (minutes(t.missing_min)) }
                    td.num { @if t.leave_days > 0 { (t.leave_days) " j" } @else { "—" } }
                    td.num { @if t.anomalies > 0 { span.badge.warn { (t.anomalies) } } @else { "—" } }
                }
            } }
        } }
        @if p.manage && p.locked.is_none() {
            section.card #lock {
                h2 { "Verrouiller pour la paie" }
                p { "Une fois verrouillé, le mois garde ces heures : ses pointages, son calendrier, ses horaires et ses congés ne changent plus. "
                    "Le mois doit être terminé et chaque pointage corrigé." }
                form method="post" action="/personnel/heures/verrouiller" {
                    (form::csrf(csrf)) input type="hidden" name="mois" value=(month_text(p.first));
                    button.danger type="submit" { "Verrouiller " (month_label(p.first)) }
                }
            }
        }
        @if let Some(at) = &p.locked { p.muted { "Verrouillé le " (at) "." } }
    }
}
