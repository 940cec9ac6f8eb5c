//! The import / export page: choose, upload, preview row by row, confirm.

use maud::{Markup, html};

use super::{Visibility, subnav};
use crate::catalog::import::{ImportKind, Report};
use crate::error::FieldErrors;
use crate::ui::form;

fn report_table(report: &Report) -> Markup {
    html! {
        @for e in &report.file_errors { p.form-error { (e) } }
        @if !report.rows.is_empty() {
            div.table-wrap { table #import-rows {
                thead { tr { th.num { "Ligne" } th { "Élément" } th { "Résultat" } } }
                tbody {
                    @for r in &report.rows {
                        tr.below-cost[r.result.is_err()] {
                            td.num { (r.line) }
                            td { (r.label) }
                            td { @match &r.result { Ok(what) => span.badge.ok { (what) }, Err(why) => { span.badge.err { "refusée" } " " (why.join(" ; ")) } } }
                        }
                    }
                }
            } }
        }
    }
}

pub fn page(
    csrf: &str,
    v: Visibility,
    kind: &str,
    errors: &FieldErrors,
    preview: Option<(&Report, &str, ImportKind)>,
) -> Markup {
    let kinds: Vec<(String, String)> =
        ImportKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect();
    html! {
        h1 { "Import / export du catalogue" }
        (subnav("/catalogue/import", v))
        @if let Some((report, token, k)) = preview {
            section.card #preview {
                h2 { "Aperçu : " (k.label()) }
                @if report.ok() {
                    p { strong { (report.count("créé")) " à créer, " (report.count("modifié")) " à modifier." } " Rien n'est encore enregistré." }
                    (report_table(report))
                    form method="post" action="/catalogue/import/confirmer" {
                        (form::csrf(csrf)) input type="hidden" name="token" value=(token);
                        button type="submit" { "Importer ces " (report.rows.len()) " ligne(s)" }
                    }
                } @else {
                    p.form-error { (report.errors()) " ligne(s) refusée(s) : corrigez le fichier et renvoyez-le. Rien n'a été importé." }
                    (report_table(report))
                }
            }
        }
        div.row {
            section.card {
                h2 { "Importer" }
                p.muted { "Un fichier CSV (séparateur ; ou ,) ou Excel (.xlsx, première feuille), avec une ligne d'en-tête. "
                    "Chaque ligne est vérifiée avant tout enregistrement ; l'import se fait en entier ou pas du tout." }
                form.stack method="post" action=(format!("/catalogue/import?_csrf={csrf}")) enctype="multipart/form-data" #import-form {
                    (form::select("kind", "Le fichier contient", &kinds, kind, errors))
                    div.field.invalid[errors.get("file").is_some()] {
                        label for="f-file" { "Fichier" }
                        input #f-file type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                        @if let Some(e) = errors.get("file") { small.error { (e) } }
                    }
                    button type="submit" { "Vérifier le fichier" }
                }
            }
            section.card {
                h2 { "Colonnes attendues" }
                @for k in ImportKind::ALL {
                    p { strong { (k.label()) } br; code { (k.columns().join(" ; ")) } br;
                        small.muted { "Obligatoires : " (k.required().join(", ")) } }
                }
                p.muted { small { "Produits : type = ingredient, semi_fini, fini, revente ou consommable ; unité = g, ml ou pièce ; "
                    "prix et coût par pièce, kg ou L ; allergènes séparés par des virgules. Un produit est retrouvé par sa référence, sinon par son nom." } }
            }
        }
        section.card #export {
            h2 { "Exporter" }
            p.muted { "Les mêmes colonnes : un fichier exporté se réimporte tel quel." }
            @for k in ImportKind::ALL {
                p { (k.label()) " : "
                    a.button.secondary href=(format!("/catalogue/export?kind={}&format=xlsx", k.code())) { "Excel" } " "
                    a.button.secondary href=(format!("/catalogue/export?kind={}&format=csv", k.code())) { "CSV" } }
            }
        }
    }
}

pub fn done(v: Visibility, report: &Report, kind: ImportKind) -> Markup {
    html! {
        h1 { "Import terminé" }
        (subnav("/catalogue/import", v))
        section.card {
            p.check-ok { "✔ " (kind.label()) " : " (report.count("créé")) " créé(s), " (report.count("modifié")) " modifié(s)." }
            (report_table(report))
            p { a.button href="/catalogue/produits" { "Voir le catalogue" } " " a.button.secondary href="/catalogue/import" { "Importer un autre fichier" } }
        }
    }
}
