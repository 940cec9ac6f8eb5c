//! The integrity check page.

use maud::{Markup, html};

use super::check::Report;

pub fn check(report: &Report) -> Markup {
    html! {
        h1 { "Contrôle d'intégrité" }
        p.muted { "Le même contrôle que la commande " code { "fournil check" } " : la base est-elle d'accord avec elle-même ?" }
        section.card {
            @if report.ok() {
                p.check-ok #check-verdict { "✔ Tout est cohérent." }
            } @else {
                p.check-bad #check-verdict { "✘ Des incohérences ont été trouvées." }
            }
            div.table-wrap {
                table {
                    thead { tr { th { "Règle" } th { "Résultat" } } }
                    tbody {
                        @for f in &report.findings {
                            tr {
                                td { (f.rule) }
                                td { @if f.ok { span.badge.ok { "OK" } } @else { span.badge.err { "Échec" } " " (f.detail) } }
                            }
                        }
                    }
                }
            }
            p.muted #check-mode { (report.mode) }
            p.muted { "Version du schéma : " (report.schema_version) "." }
        }
    }
}
