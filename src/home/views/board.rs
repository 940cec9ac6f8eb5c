//! The owner's board on the home page: big figures with their comparison, then what needs an
//! eye today (drawers, orders, stock, backup). Pure: everything shown is given.

use maud::{Markup, html};

use crate::home::ops::{OwnerBoard, SoFar};
use crate::kpi::{self, fr, ratio_bp};
use crate::money::{Money, count_text};
use crate::stock::ops::levels::Status;

/// `+12,5 %` / `−3,0 %` against a previous figure, or `—` when it was zero.
pub fn delta(now: i64, before: i64) -> Markup {
    match ratio_bp(now - before, before) {
        Some(bp) => html! {
            span.delta.up[bp > 0].down[bp < 0] { @if bp > 0 { "+" } (kpi::percent_text(bp)) }
        },
        None => html! { span.delta { "—" } },
    }
}

fn compare(label: &str, now: SoFar, then: SoFar) -> Markup {
    html! {
        li { (label) " : " strong { (then.0) } " " (delta(now.0.cents(), then.0.cents()))
             " · " (count_text(then.1)) " tickets" }
    }
}

fn today(b: &OwnerBoard) -> Markup {
    html! {
        section.card.kpi-card #today {
            h2 { "Aujourd'hui jusqu'à " (b.hour) " h" }
            p.big { (b.so_far.0) }
            p.muted { (count_text(b.so_far.1)) " tickets au comptoir" }
            ul.compare {
                (compare("Même jour la semaine dernière, même heure", b.so_far, b.last_week))
                (compare("Même jour l'an dernier, même heure", b.so_far, b.last_year))
            }
        }
    }
}

fn basket(m: Option<Money>) -> String {
    m.map(|m| m.to_string()).unwrap_or_else(|| "—".into())
}

fn month(b: &OwnerBoard) -> Markup {
    let (m, same, last) = (&b.month, &b.last_month_same_days, &b.last_month);
    html! {
        section.card.kpi-card #month {
            h2 { "Ce mois-ci" }
            p.big { (m.revenue) }
            p.muted { "Marge brute " (m.margin) " · " (count_text(m.tickets)) " tickets · panier moyen " (basket(m.basket)) }
            ul.compare {
                li { "Mois dernier, mêmes jours : " strong { (same.revenue) } " " (delta(m.revenue.cents(), same.revenue.cents())) }
                li { "Mois dernier entier : " strong { (last.revenue) } }
            }
            p { a href="/rapports" { "Voir les rapports →" } }
        }
    }
}

fn drawers(b: &OwnerBoard) -> Markup {
    let total: Money = b.drawers.iter().map(|d| d.1).sum();
    html! {
        section.card.kpi-card #drawers {
            h2 { "Espèces dans les tiroirs" }
            @if b.drawers.is_empty() { p.muted { "Aucune caisse ouverte." } }
            @else {
                p.big { (total) }
                ul { @for (name, m) in &b.drawers { li { (name) " : " (m) } } }
            }
        }
    }
}

fn orders(b: &OwnerBoard) -> Markup {
    html! {
        section.card.kpi-card #orders-today {
            h2 { "Commandes" }
            p { strong { (b.due_today) } " à remettre aujourd'hui" }
            @if b.late.is_empty() { p.muted { "Aucune commande en retard." } }
            @else {
                p.late { strong { (b.late.len()) } " en retard :" }
                ul { @for o in b.late.iter().take(5) {
                    li { a href=(format!("/commandes/{}", o.id)) { (o.number) } " — " (o.customer) " (" (o.due_time) ")" }
                } }
            }
            p { a href="/commandes/jour" { "Commandes du jour →" } }
        }
    }
}

fn stock(b: &OwnerBoard) -> Markup {
    html! {
        section.card.kpi-card #low-stock {
            h2 { "Stock bas" }
            @if b.low.is_empty() { p.muted { "Rien sous son seuil." } }
            @else {
                ul { @for (product, place, status) in b.low.iter().take(6) {
                    li { (product) " — " (place) " "
                        @if *status == Status::Out { span.badge.err { "rupture" } } @else { span.badge.warn { "bas" } } }
                } }
                @if b.low.len() > 6 { p.muted { "et " (b.low.len() - 6) " autres." } }
            }
            p { a href="/stock/alertes" { "Alertes de stock →" } }
        }
    }
}

fn backup(b: &OwnerBoard, last: Option<String>) -> Markup {
    html! {
        section.card.kpi-card #backup-state {
            h2 { "Sauvegarde" }
            @match (&b.last_backup, last) {
                (Some(_), Some(text)) => p { "Dernière sauvegarde réussie : " strong { (text) } },
                _ => p.late { "Aucune sauvegarde réussie." },
            }
        }
    }
}

/// The last integrity check: when, and whether all held; `at` is its start as the shop reads it.
/// `may_check`: this user may run it now (the admin).
fn check(b: &OwnerBoard, at: Option<String>, may_check: bool) -> Markup {
    html! {
        section.card.kpi-card #check-state {
            h2 { "Contrôle d'intégrité" }
            @match (&b.last_check, at) {
                (Some(r), Some(at)) if r.ok => p {
                    "Dernier contrôle : " strong { (at) } " — " span.check-ok { "tout est cohérent" }
                    " (" (r.duration_ms) " ms, " (check_kind(r)) ")."
                },
                (Some(r), Some(at)) => {
                    p.late { "Le dernier contrôle (" (at) ") a trouvé des incohérences :" }
                    ul { @for rule in &r.failed { li { (rule) } } }
                },
                _ => p.late { "Aucun contrôle n'a encore été fait." },
            }
            p.muted { "Le serveur refait le contrôle chaque nuit à " (crate::system::nightly::CHECK_HOUR) " h." }
            @if may_check { p { a href="/admin/controle" { "Contrôler maintenant →" } } }
        }
    }
}

/// Which proof the run made: every ledger from its first row, or from the last marks.
fn check_kind(r: &crate::system::store::CheckRun) -> &'static str {
    match (r.full, &r.since) {
        (true, _) => "contrôle complet avec la structure du fichier",
        (false, None) => "contrôle complet",
        (false, Some(_)) => "contrôle incrémental",
    }
}

/// The board: `last_backup` and `last_check` are those moments as the shop reads them;
/// `may_check`: the user may run the check (the link to it).
pub fn owner_board(b: &OwnerBoard, last_backup: Option<String>, last_check: Option<String>, may_check: bool) -> Markup {
    html! {
        p.muted { "Tableau de bord du " (fr(b.today)) "." }
        div.kpi-grid {
            (today(b)) (month(b)) (drawers(b)) (orders(b)) (stock(b)) (backup(b, last_backup)) (check(b, last_check, may_check))
        }
    }
}
