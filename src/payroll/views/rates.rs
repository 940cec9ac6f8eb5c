//! The rates of payroll with their valid-from dates, and the form of a new row.

use maud::{Markup, html};

use super::tabs;
use crate::error::FieldErrors;
use crate::money::Money;
use crate::payroll::web::forms::RatesForm;
use crate::payroll::{Rates, Rounding, hours_text, pct_text};
use crate::people::LabourRules;
use crate::ui::form::{self, Input};

pub struct RatesPage<'a> {
    pub rates: &'a [Rates],
    pub labour: Option<&'a LabourRules>,
    pub form: &'a RatesForm,
    pub errors: &'a FieldErrors,
    pub manage: bool,
}

fn bands(r: &Rates) -> Markup {
    html! {
        @for b in &r.irg.bands { span.nowrap { "dès " (Money::from_cents(b.from)) " : " (pct_text(b.bp)) } br; }
    }
}

fn row(r: &Rates) -> Markup {
    let i = &r.irg;
    html! {
        tr {
            td { strong { (r.valid_from.format("%d/%m/%Y")) } }
            td.num { (r.snmg) br; small.muted { (hours_text(r.month_hours)) } }
            td { (bands(r)) }
            td { (pct_text(i.abatement_bp)) " de l'impôt, entre " (Money::from_cents(i.abatement_min)) " et " (Money::from_cents(i.abatement_max)) }
            td { "exonéré jusqu'à " (Money::from_cents(i.exempt_upto)) ", lissé jusqu'à " (Money::from_cents(i.smooth_upto))
                 br; small.muted { "× " (i.smooth_mul.0) "/" (i.smooth_mul.1) " − " (Money::from_cents(i.smooth_sub.0 / i.smooth_sub.1.max(1))) } }
            td { (pct_text(r.cnas_employee_bp)) " / " (pct_text(r.cnas_employer_bp)) " + " (pct_text(r.fnpos_bp)) }
            td { "nuit +" (pct_text(r.night_bp)) br; "repos, férié +" (pct_text(r.rest_day_bp)) }
            td { (r.rounding.label()) }
        }
        @if !r.source.is_empty() { tr.source { td colspan="8" { small.muted { (r.source) } } } }
    }
}

fn new_row(csrf: &str, p: &RatesPage) -> Markup {
    let (v, e) = (p.form, p.errors);
    let roundings: Vec<(String, String)> = Rounding::ALL.iter().map(|r| (r.code().into(), r.label().into())).collect();
    html! {
        section.card #new-rates {
            h2 { "Nouvelle ligne de barème" }
            p.muted { "Elle s'applique à partir du premier jour du mois choisi, jusqu'à la ligne suivante. "
                "Impossible dans un mois dont la paie est déjà validée." }
            form.stack method="post" action="/paie/baremes" {
                (form::csrf(csrf))
                div.row {
                    (Input::new("valid_from", "À partir du mois", &v.valid_from).kind("month").required().render(e))
                    (Input::new("snmg", "SNMG mensuel (DA)", &v.snmg).inputmode("decimal").required().render(e))
                    (Input::new("month_hours", "Heures par mois", &v.month_hours).inputmode("decimal").required().render(e))
                }
                (Input::new("bands", "Barème IRG (dès … DA : taux %)", &v.bands).help("Par exemple 20000:23; 40000:27; 80000:30").required().render(e))
                div.row {
                    (Input::new("abatement", "Abattement (%)", &v.abatement).inputmode("decimal").render(e))
                    (Input::new("abatement_min", "Abattement minimum (DA)", &v.abatement_min).inputmode("decimal").render(e))
                    (Input::new("abatement_max", "Abattement maximum (DA)", &v.abatement_max).inputmode("decimal").render(e))
                }
                div.row {
                    (Input::new("exempt_upto", "Exonéré jusqu'à (DA)", &v.exempt_upto).inputmode("decimal").render(e))
                    (Input::new("smooth_upto", "Lissage jusqu'à (DA)", &v.smooth_upto).inputmode("decimal").render(e))
                    (Input::new("smooth_mul", "Lissage : multiplier par", &v.smooth_mul).help("137/51").render(e))
                    (Input::new("smooth_sub", "Lissage : puis retrancher (DA)", &v.smooth_sub).help("27925/8").render(e))
                }
                div.row {
                    (Input::new("cnas_employee", "CNAS salarié (%)", &v.cnas_employee).inputmode("decimal").render(e))
                    (Input::new("cnas_employer", "CNAS employeur (%)", &v.cnas_employer).inputmode("decimal").render(e))
                    (Input::new("fnpos", "Œuvres sociales (%)", &v.fnpos).inputmode("decimal").render(e))
                }
                div.row {
                    (Input::new("night", "Majoration de nuit (%)", &v.night).inputmode("decimal").render(e))
                    (Input::new("rest_day", "Majoration repos ou férié travaillé (%)", &v.rest_day).inputmode("decimal").render(e))
                    (form::select("rounding", "Arrondi de la base imposable", &roundings, &v.rounding, e))
                }
                (Input::new("source", "Source (texte, date)", &v.source).render(e))
                (form::form_error(e))
                div.actions { button type="submit" { "Ajouter la ligne" } }
            }
        }
    }
}

pub fn page(csrf: &str, p: &RatesPage) -> Markup {
    html! {
        (tabs("/paie/baremes"))
        h1 { "Barèmes de paie" }
        p.muted { "Chaque paie applique la ligne en vigueur le premier jour de son mois. Les montants sont mensuels." }
        @if let Some(l) = p.labour {
            p.muted { "Heures supplémentaires : majoration de " (l.overtime_premium_pct) " % (règles du travail en vigueur depuis le "
                (l.valid_from.format("%d/%m/%Y")) ", loi 90-11 art. 32)." }
        }
        div.table-wrap { table #rates {
            thead { tr { th { "Depuis le" } th.num { "SNMG" } th { "Barème IRG" } th { "Abattement" } th { "Exonération et lissage" }
                         th { "CNAS salarié / employeur + œuvres sociales" } th { "Majorations" } th { "Arrondi" } } }
            tbody { @for r in p.rates.iter().rev() { (row(r)) } }
        } }
        @if p.manage { (new_row(csrf, p)) }
    }
}
