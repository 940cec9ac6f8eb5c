//! The tax page: the regime in force and its dated history, the TVA rates, the droit de timbre.

use chrono::NaiveDate;
use maud::{Markup, html};
use rusqlite::Connection;

use super::store::{BracketRow, RateRow, RegimeRow};
use super::web::{RateForm, RegimeForm};
use super::{Regime, StampBracket, TvaClass, pct_text, store};
use crate::error::{AppError, FieldErrors};
use crate::ui::form::{self, Input};

/// What the page shows.
pub struct PageData {
    pub today: NaiveDate,
    pub in_force: Regime,
    pub regimes: Vec<RegimeRow>,
    pub rates: Vec<RateRow>,
    pub brackets: Vec<BracketRow>,
}

impl PageData {
    pub fn load(c: &Connection, today: NaiveDate) -> Result<PageData, AppError> {
        Ok(PageData {
            today,
            in_force: super::regime_on(c, today)?,
            regimes: store::regimes(c)?,
            rates: store::tva_rates(c)?,
            brackets: store::stamp_brackets(c)?,
        })
    }
}

/// What was typed in the page's two forms.
#[derive(Debug, Default, Clone)]
pub struct Typed {
    pub regime: RegimeForm,
    pub rate: RateForm,
}

fn regime_text(code: &str, ifu_rate_bp: u32) -> String {
    match Regime::from_parts(code, ifu_rate_bp) {
        Some(Regime::Ifu { rate_bp }) => format!("IFU à {}", pct_text(rate_bp)),
        Some(Regime::Reel) => "Régime réel (TVA)".into(),
        None => code.into(),
    }
}

fn class_label(code: &str) -> &str {
    TvaClass::from_code(code).map_or(code, |c| c.label())
}

fn day_text(day: &str) -> String {
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map_or(day.to_string(), |d| d.format("%d/%m/%Y").to_string())
}

pub fn page(d: &PageData, edit: Option<&str>, typed: &Typed, errors: &FieldErrors) -> Markup {
    html! {
        h1 { "Fiscalité" }
        p.muted { "Le régime fiscal de la boutique, les taux de TVA et le droit de timbre : des lignes datées, jamais modifiées. Un changement s'applique à partir d'une date, jamais en arrière." }
        div.row {
            (regimes_card(d))
            @if let Some(csrf) = edit { (regime_form(csrf, &typed.regime, errors)) }
        }
        div.row {
            (rates_card(d))
            @if let Some(csrf) = edit { (rate_form(csrf, &typed.rate, errors)) }
        }
        (brackets_card(&d.brackets))
    }
}

fn regimes_card(d: &PageData) -> Markup {
    html! {
        section.card #regimes {
            h2 { "Régime en vigueur" }
            p { strong { (d.in_force.label()) } @if let Regime::Ifu { rate_bp } = d.in_force { " — " (pct_text(rate_bp)) " du chiffre d'affaires" } }
            @if d.in_force.has_tva() {
                p.muted { "Les prix de la caisse restent TTC ; chaque ticket passe la TVA collectée au compte 4457, chaque achat ou dépense la TVA déductible au 4456." }
            } @else {
                p.muted { "Aucune TVA sur les tickets ni les factures ; l'IFU dû est calculé sur le chiffre d'affaires (voir la déclaration du mois)." }
            }
            p { a href=(format!("/compta/g50?mois={}", d.today.format("%Y-%m"))) { "Chiffres de la déclaration du mois (G50)" } }
            h3 { "Historique" }
            div.table-wrap { table {
                thead { tr { th { "À partir du" } th { "Régime" } th { "Note" } } }
                tbody { @for r in &d.regimes { tr {
                    td { (day_text(&r.valid_from)) }
                    td { (regime_text(&r.regime, r.ifu_rate_bp)) }
                    td { (r.note) }
                } } }
            } }
        }
    }
}

fn regime_form(csrf: &str, t: &RegimeForm, errors: &FieldErrors) -> Markup {
    let options = [
        ("ifu".to_string(), "IFU (impôt forfaitaire unique)".to_string()),
        ("reel".into(), "Régime réel (TVA)".into()),
    ];
    let regime = if t.regime.is_empty() { "reel" } else { t.regime.as_str() };
    let rate = if t.ifu_rate.is_empty() { "5" } else { t.ifu_rate.as_str() };
    html! {
        section.card {
            h2 { "Changer de régime" }
            p.muted { "À partir d'aujourd'hui ou d'une date future, dans un mois non clôturé, après le dernier changement." }
            form.stack method="post" action="/compta/fiscalite/regime" data-confirm="Changer de régime fiscal à cette date ?" {
                (form::csrf(csrf))
                (form::select("regime", "Régime", &options, regime, errors))
                (Input::new("ifu_rate", "Taux de l'IFU (%)", rate).inputmode("decimal").help("5 % production et vente de biens, 12 % autres activités").render(errors))
                (Input::new("valid_from", "À partir du", &t.valid_from).kind("date").required().render(errors))
                (Input::new("note", "Note (décision, référence)", &t.note).render(errors))
                (form::form_error(errors))
                button type="submit" { "Enregistrer le changement" }
            }
        }
    }
}

fn rates_card(d: &PageData) -> Markup {
    html! {
        section.card #tva-rates {
            h2 { "Taux de TVA" }
            p.muted { "Chaque catégorie de produits a sa classe (page Catégories). Sous l'IFU, aucun taux ne s'applique." }
            div.table-wrap { table {
                thead { tr { th { "Classe" } th { "À partir du" } th.num { "Taux" } th { "Source" } } }
                tbody { @for r in &d.rates { tr {
                    td { (class_label(&r.class)) }
                    td { (day_text(&r.valid_from)) }
                    td.num { (pct_text(r.rate_bp)) }
                    td { (r.source) }
                } } }
            } }
        }
    }
}

fn rate_form(csrf: &str, t: &RateForm, errors: &FieldErrors) -> Markup {
    let classes: Vec<(String, String)> = TvaClass::ALL.iter().map(|c| (c.code().into(), c.label().into())).collect();
    let class = if t.class.is_empty() { "normal" } else { t.class.as_str() };
    html! {
        section.card {
            h2 { "Nouveau taux de TVA" }
            p.muted { "Un taux ne se modifie pas : la nouvelle ligne s'applique à partir de sa date, après la dernière ligne de sa classe." }
            form.stack method="post" action="/compta/fiscalite/tva" {
                (form::csrf(csrf))
                (form::select("class", "Classe", &classes, class, errors))
                (Input::new("rate", "Taux (%)", &t.rate).inputmode("decimal").required().render(errors))
                (Input::new("rate_from", "À partir du", &t.rate_from).kind("date").required().render(errors))
                (Input::new("source", "Source (loi de finances, article)", &t.source).required().render(errors))
                button type="submit" { "Ajouter le taux" }
            }
        }
    }
}

fn bracket_text(b: &StampBracket) -> String {
    let mut text = if b.per_100 == crate::money::Money::ZERO {
        "exonéré".to_string()
    } else {
        format!("{} par 100 DA ou fraction", b.per_100)
    };
    if b.min != crate::money::Money::ZERO {
        text.push_str(&format!(", minimum {}", b.min));
    }
    if let Some(max) = b.max {
        text.push_str(&format!(", maximum {max}"));
    }
    text
}

fn brackets_card(rows: &[BracketRow]) -> Markup {
    html! {
        section.card #stamp-duty {
            h2 { "Droit de timbre (paiements en espèces)" }
            p.muted { "La tranche se choisit sur le montant entier payé en espèces et s'applique à tout le montant ; le droit est arrondi au dinar supérieur. Il est perçu au profit du Trésor (compte 44575)." }
            div.table-wrap { table {
                thead { tr { th { "À partir du" } th.num { "Au-delà de" } th { "Droit" } th { "Source" } } }
                tbody { @for r in rows { tr {
                    td { (day_text(&r.valid_from)) }
                    td.num { (r.bracket.above) }
                    td { (bracket_text(&r.bracket)) }
                    td { (r.source) }
                } } }
            } }
        }
    }
}

/// The month's G50 figures, with a month picker.
pub fn g50(g: &super::ops::g50::G50) -> Markup {
    html! {
        h1 { "Déclaration G50 — " (g.month) }
        form.inline method="get" action="/compta/g50" {
            label for="f-mois" { "Mois" }
            input #f-mois type="month" name="mois" value=(g.month);
            button.secondary type="submit" { "Afficher" }
        }
        p.muted { "Chiffres lus dans les documents et les comptes du mois, à reporter sur le G50. " a href="/compta/fiscalite" { "Régime et taux" } }
        section.card #g50 {
            h2 { "Régime : " (g.regime.label()) }
            div.table-wrap { table {
                tbody { @for (label, amount, strong) in super::ops::g50::rows(g) {
                    tr { th { (label) } td.num { @if strong { strong { (amount) } } @else { (amount) } } }
                } }
            } }
            p #g50-files { a.button.secondary href=(format!("/compta/g50.xlsx?mois={}", g.month)) download { "Télécharger (XLSX)" } }
        }
    }
}
