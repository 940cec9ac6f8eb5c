//! The owner's daily summary e-mail, in plain text and in simple HTML (no style sheet, no image:
//! it must read the same in any mail client).

use maud::{Markup, html};

use crate::home::ops::summary::Summary;
use crate::kpi::fr;

/// The plain-text body.
pub fn text(s: &Summary) -> String {
    let mut out = format!("{} — résumé du {}\n\nChiffres de la journée\n", s.shop, fr(s.day));
    for (label, value) in &s.figures {
        out.push_str(&format!("- {label} : {value}\n"));
    }
    out.push_str("\nCommandes en retard\n");
    if s.late.is_empty() {
        out.push_str("- Aucune.\n");
    }
    for (number, customer, due) in &s.late {
        out.push_str(&format!("- {number} · {customer} · prévue le {due}\n"));
    }
    out.push_str(&format!("\nSauvegarde : {}\n", backup(s)));
    out.push_str(&format!("Contrôle d'intégrité : {}\n", check(s)));
    out.push_str("\nLes chiffres suivent les définitions de Rapports → Définitions des indicateurs.\n");
    out
}

/// The HTML alternative.
pub fn html(s: &Summary) -> Markup {
    html! {
        h1 { (s.shop) " — résumé du " (fr(s.day)) }
        h2 { "Chiffres de la journée" }
        table cellpadding="4" {
            @for (label, value) in &s.figures { tr { td { (label) } td align="right" { (value) } } }
        }
        h2 { "Commandes en retard" }
        @if s.late.is_empty() { p { "Aucune." } }
        ul { @for (number, customer, due) in &s.late { li { (number) " · " (customer) " · prévue le " (due) } } }
        p { "Sauvegarde : " (backup(s)) br; "Contrôle d'intégrité : " (check(s)) }
        p { small { "Les chiffres suivent les définitions de Rapports → Définitions des indicateurs." } }
    }
}

fn backup(s: &Summary) -> String {
    match &s.last_backup {
        Some(at) => format!("dernière réussie le {at}"),
        None => "aucune sauvegarde réussie !".into(),
    }
}

fn check(s: &Summary) -> String {
    match &s.last_check {
        Some((at, failed)) if failed.is_empty() => format!("tout est cohérent (le {at})"),
        Some((at, failed)) => format!("INCOHÉRENCES le {at} : {}", failed.join(" ; ")),
        None => "jamais lancé".into(),
    }
}
