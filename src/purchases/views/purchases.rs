//! Purchase pages: the list, the form (lines in packs or natural units), the detail with its
//! receipt, payments, returns and cancellation, the supplier statement and the ageing.

use maud::{Markup, html};

use crate::accounting::Entry;
use crate::catalog::{Pack, Product};
use crate::error::FieldErrors;
use crate::money::Money;
use crate::purchases::{AGEING, AgeingRow, Line, Method, Payment, Purchase, StatementRow, Status, Supplier};
use crate::stock::Location;
use crate::stock::store::SourceMove;
use crate::ui::form::{self, Input};
use crate::ui::table;

/// One line of the form as typed: `item` is "product" or "product:pack".
#[derive(Debug, Clone, Default)]
pub struct LineValues {
    pub item: String,
    pub count: String,
    pub price: String,
    pub location_id: String,
    /// The TVA rate on the supplier's invoice, in %.
    pub tva: String,
}

/// The purchase form as typed.
#[derive(Debug, Clone, Default)]
pub struct PurchaseValues {
    pub supplier_id: String,
    pub day: String,
    pub invoice_ref: String,
    pub note: String,
    pub lines: Vec<LineValues>,
}

/// What can be bought, with its packs.
pub type Buyable = (Product, Vec<Pack>);

fn status_badge(s: Status) -> Markup {
    let class = match s {
        Status::Draft => "badge",
        Status::Received => "badge ok",
        Status::Cancelled => "badge err",
    };
    html! { span class=(class) { (s.label()) } }
}

pub fn list(purchases: &[Purchase], suppliers: &[Supplier], status: &str, supplier: &str) -> Markup {
    let mut statuses = vec![(String::new(), "Tous".to_string())];
    statuses.extend(Status::ALL.iter().map(|s| (s.code().to_string(), s.label().to_string())));
    let mut sups = vec![(String::new(), "Tous".to_string())];
    sups.extend(suppliers.iter().map(|s| (s.id.to_string(), s.name.clone())));
    let none = FieldErrors::new();
    html! {
        (crate::ui::page_header("Achats", html! {
            a.button.secondary href="/achats/echeances" { "Échéances" }
            " " a.button href="/achats/nouveau" { "Nouvel achat" }
        }))
        form.filters method="get" action="/achats" {
            (form::select("statut", "Statut", &statuses, status, &none))
            (form::select("fournisseur", "Fournisseur", &sups, supplier, &none))
            button type="submit" { "Filtrer" }
        }
        @if purchases.is_empty() { (table::empty("Aucun achat.")) } @else {
            div.table-wrap { table #purchases {
                thead { tr { th { "N°" } th { "Date" } th { "Fournisseur" } th { "Statut" } th.num { "Total" } th.num { "Reste dû" } } }
                tbody { @for p in purchases { tr {
                    td { a href=(format!("/achats/{}", p.id)) { (p.number) } }
                    td { (crate::ui::day_fr(&p.day)) }
                    td { a href=(format!("/fournisseurs/{}/releve", p.supplier_id)) { (p.supplier) } }
                    td { (status_badge(p.status)) }
                    td.num { (p.total) }
                    td.num { (p.owed()) }
                } } }
            } }
        }
    }
}

fn line_row(i: usize, l: &LineValues, buyables: &[Buyable], locations: &[Location], errors: &FieldErrors) -> Markup {
    let err = |f: &str| errors.get(&format!("line-{i}-{f}")).map(str::to_string);
    let item_error = err("product").or_else(|| err("pack"));
    html! {
        div.row.purchase-line {
            div.field.invalid[item_error.is_some()] {
                label for=(format!("f-line-{i}-item")) { "Produit" }
                select id=(format!("f-line-{i}-item")) name="item" {
                    option value="" { "—" }
                    @for (p, packs) in buyables {
                        option value=(p.id) selected[l.item == p.id.to_string()] { (p.name) " (au " (p.unit.display_name()) ")" }
                        @for k in packs {
                            @let v = format!("{}:{}", p.id, k.id);
                            option value=(v) selected[l.item == v] { (p.name) " — " (k.name) " (" (p.unit.format(k.content)) ")" }
                        }
                    }
                }
                @if let Some(e) = item_error { small.error { (e) } }
            }
            div.field.invalid[err("count").is_some()] {
                label for=(format!("f-line-{i}-count")) { "Quantité" }
                input id=(format!("f-line-{i}-count")) name="count" value=(l.count) inputmode="decimal" placeholder="2 sacs, ou 2,5 kg";
                @if let Some(e) = err("count") { small.error { (e) } }
            }
            div.field.invalid[err("price").is_some()] {
                label for=(format!("f-line-{i}-price")) { "Prix HT (par conditionnement ou par kg / L / pièce)" }
                input id=(format!("f-line-{i}-price")) name="price" value=(l.price) inputmode="decimal";
                @if let Some(e) = err("price") { small.error { (e) } }
            }
            div.field.invalid[err("tva").is_some()] {
                label for=(format!("f-line-{i}-tva")) { "TVA %" }
                input id=(format!("f-line-{i}-tva")) name="tva" value=(l.tva) inputmode="decimal" placeholder="0";
                @if let Some(e) = err("tva") { small.error { (e) } }
            }
            div.field.invalid[err("location").is_some()] {
                label for=(format!("f-line-{i}-location")) { "Lieu" }
                select id=(format!("f-line-{i}-location")) name="location_id" {
                    option value="" { "Selon le produit" }
                    @for x in locations { option value=(x.id) selected[l.location_id == x.id.to_string()] { (x.name) } }
                }
                @if let Some(e) = err("location") { small.error { (e) } }
            }
        }
    }
}

/// The purchase form, for a new purchase (`id` None) or a change; `regime` (today's) says what
/// becomes of the TVA the supplier invoiced.
pub fn form(
    csrf: &str,
    id: Option<i64>,
    v: &PurchaseValues,
    (suppliers, buyables, locations): (&[Supplier], &[Buyable], &[Location]),
    regime: crate::tax::Regime,
    errors: &FieldErrors,
    token: &str,
) -> Markup {
    let action = id.map(|i| format!("/achats/{i}")).unwrap_or_else(|| "/achats/nouveau".into());
    let mut sups = vec![(String::new(), "—".to_string())];
    sups.extend(suppliers.iter().filter(|s| s.active).map(|s| (s.id.to_string(), s.name.clone())));
    html! {
        form.stack method="post" action=(action) {
            (form::csrf(csrf))
            input type="hidden" name="token" value=(token);
            div.row {
                (form::select("supplier_id", "Fournisseur", &sups, &v.supplier_id, errors))
                (Input::new("day", "Date", &v.day).kind("date").required().render(errors))
                (Input::new("invoice_ref", "N° de facture ou de bon", &v.invoice_ref).render(errors))
            }
            p.muted #tva-note { (tva_note(regime)) }
            @if let Some(e) = errors.get("lines") { p.form-error role="alert" { (e) } }
            @for (i, l) in v.lines.iter().enumerate() { (line_row(i, l, buyables, locations, errors)) }
            (form::textarea("note", "Note", &v.note, errors))
            (form::form_error(errors))
            div.actions {
                button type="submit" name="action" value="enregistrer" { "Enregistrer" }
                button.secondary type="submit" name="action" value="lignes" { "Ajouter des lignes" }
                a.button.secondary href="/achats" { "Retour" }
            }
        }
    }
}

/// What becomes of the TVA on the supplier's invoice under the regime.
pub fn tva_note(regime: crate::tax::Regime) -> &'static str {
    if regime.has_tva() {
        "Régime réel : saisissez les prix HT et le taux de TVA de la facture ; la TVA est déductible (4456), le stock est valorisé HT."
    } else {
        "Régime IFU : pas de TVA déductible. Saisissez les prix HT et le taux de la facture : la TVA fait partie du coût (stock valorisé TTC)."
    }
}

pub fn new_page(form: Markup) -> Markup {
    html! { h1 { "Nouvel achat" } section.card { (form) } }
}

pub struct Detail<'a> {
    pub purchase: &'a Purchase,
    pub lines: &'a [Line],
    pub payments: &'a [Payment],
    pub moves: &'a [(SourceMove, String, String)],
    pub entries: &'a [Entry],
    pub today: String,
    /// One-time form token for the payment and return forms (a double tap records once).
    pub token: String,
}

pub fn detail(csrf: &str, d: &Detail, edit: Option<Markup>, errors: &FieldErrors) -> Markup {
    let p = d.purchase;
    html! {
        (crate::ui::page_header(&format!("Achat {}", p.number), status_badge(p.status)))
        (summary(p))
        (lines(d.lines))
        @match p.status {
            Status::Draft => { (draft_actions(csrf, p)) }
            Status::Received => {
                @if p.owed().cents() > 0 { (pay_form(csrf, d, errors)) }
                (return_form(csrf, d, errors))
                (cancel_form(csrf, p))
            }
            Status::Cancelled => {}
        }
        @if let Some(edit) = edit {
            section.card #edit {
                h2 { @if p.status == Status::Received { "Modifier (la réception est reprise puis refaite)" } @else { "Modifier le brouillon" } }
                (edit)
            }
        }
        @if !d.payments.is_empty() { (payments(csrf, p, d.payments)) }
        @if !d.moves.is_empty() { (moves(d.moves)) }
        @if !d.entries.is_empty() { (entries(d.entries)) }
    }
}

/// `section#summary`: supplier, date, invoice, and what is owed.
fn summary(p: &Purchase) -> Markup {
    html! {
        section.card #summary {
            p { "Fournisseur : " a href=(format!("/fournisseurs/{}/releve", p.supplier_id)) { (p.supplier) }
                " · le " (crate::ui::day_fr(&p.day)) @if !p.invoice_ref.is_empty() { " · facture " (p.invoice_ref) } }
            @if !p.note.is_empty() { p.muted { (p.note) } }
            @if p.status == Status::Cancelled { p { "Annulé le " (p.cancelled_at.clone().unwrap_or_default()) @if !p.cancel_reason.is_empty() { " : " (p.cancel_reason) } } }
            dl.facts.totals {
                dt { "Total" } dd #total { (p.total) }
                @if p.returned.cents() > 0 { dt { "Retourné" } dd { (p.returned) } }
                dt { "Payé" } dd #paid { (p.paid) }
                dt { "Reste dû" } dd #owed { (p.owed()) }
            }
        }
    }
}

/// `section#lines`: what was bought, received and returned.
fn lines(lines: &[Line]) -> Markup {
    html! {
        section.card #lines {
            h2 { "Lignes" }
            div.table-wrap { table {
                thead { tr { th { "Produit" } th { "Quantité" } th.num { "Prix" } th { "Reçu" } th { "Lieu" } th.num { "Valeur" } } }
                tbody { @for l in lines { tr {
                    td { a href=(format!("/catalogue/produits/{}", l.product_id)) { (l.product) } }
                    td { @if let Some(k) = &l.pack { (l.count) " × " (k) } @else { (l.unit.format(l.count)) } }
                    td.num { (l.price) @if l.pack.is_none() { " / " (l.unit.display_name()) } }
                    td { (l.unit.format(l.base_qty)) @if l.returned.milli() > 0 { " (retourné : " (l.unit.format(l.returned)) ")" } }
                    td { (l.location) }
                    td.num { (l.value) }
                } } }
            } }
        }
    }
}

/// `section#actions` of a draft: receive it, or cancel it.
fn draft_actions(csrf: &str, p: &Purchase) -> Markup {
    html! {
        section.card #actions {
            form.inline method="post" action=(format!("/achats/{}/recevoir", p.id)) {
                (form::csrf(csrf)) button type="submit" { "Recevoir la marchandise" }
            }
            " "
            form.inline method="post" action=(format!("/achats/{}/annuler", p.id)) {
                (form::csrf(csrf)) button.secondary type="submit" { "Annuler le brouillon" }
            }
        }
    }
}

/// `section#pay`: pay what is owed, in part or in full.
fn pay_form(csrf: &str, d: &Detail, errors: &FieldErrors) -> Markup {
    let p = d.purchase;
    let methods: Vec<(String, String)> = Method::ALL.iter().map(|m| (m.code().into(), m.label().into())).collect();
    html! {
        section.card #pay {
            h2 { "Payer" }
            form.stack method="post" action=(format!("/achats/{}/payer", p.id)) {
                (form::csrf(csrf))
                input type="hidden" name="token" value=(format!("pay-{}", d.token));
                div.row {
                    (Input::new("amount", "Montant (DA)", &p.owed().input_value()).inputmode("decimal").required().render(errors))
                    (form::select("method", "Mode", &methods, "especes", errors))
                    (Input::new("paid_on", "Date", &d.today).kind("date").render(errors))
                    (Input::new("reference", "Référence (chèque, virement)", "").render(errors))
                }
                div.actions { button type="submit" { "Enregistrer le paiement" } }
            }
        }
    }
}

/// `section#return`: send goods of a line back to the supplier.
fn return_form(csrf: &str, d: &Detail, errors: &FieldErrors) -> Markup {
    let left: Vec<(String, String)> = d
        .lines
        .iter()
        .map(|l| (l.id.to_string(), format!("{} ({} reçus)", l.product, l.unit.format(l.base_qty - l.returned))))
        .collect();
    html! {
        section.card #return {
            h2 { "Retour au fournisseur" }
            p.muted { "La marchandise repart au PMP du jour ; ce qui est dû au fournisseur baisse d'autant." }
            form.stack method="post" action=(format!("/achats/{}/retour", d.purchase.id)) {
                (form::csrf(csrf))
                input type="hidden" name="token" value=(format!("ret-{}", d.token));
                div.row {
                    (form::select("line_id", "Ligne", &left, "", errors))
                    (Input::new("qty", "Quantité à retourner", "").inputmode("decimal").help("Par exemple : 5 kg").render(errors))
                    (Input::new("return_reason", "Motif", "").render(errors))
                }
                div.actions { button.secondary type="submit" { "Retourner" } }
            }
        }
    }
}

/// `section#cancel` of a received purchase: take the receipt back exactly.
fn cancel_form(csrf: &str, p: &Purchase) -> Markup {
    html! {
        section.card #cancel {
            h2 { "Annuler la réception" }
            p.muted { "Reprend exactement la quantité et la valeur reçues et contre-passe l'écriture. Impossible si la marchandise a été consommée ou déplacée (faites un retour fournisseur) ou si des paiements existent (annulez-les d'abord)." }
            form.filters method="post" action=(format!("/achats/{}/annuler", p.id)) {
                (form::csrf(csrf))
                (Input::new("reason", "Motif", "").render(&FieldErrors::new()))
                button.danger type="submit" { "Annuler l'achat" }
            }
        }
    }
}

/// `section#payments`, each one undoable until it is.
fn payments(csrf: &str, p: &Purchase, payments: &[Payment]) -> Markup {
    html! {
        section.card #payments {
            h2 { "Paiements" }
            table { tbody { @for y in payments { tr {
                td { (crate::ui::day_fr(&y.day)) } td { (y.method.label()) } td { (y.reference) } td.num { (y.amount) }
                td { @if y.reversed_at.is_some() { span.badge.err { "annulé" } } @else {
                    form.inline method="post" action=(format!("/achats/{}/paiements/{}/annuler", p.id, y.id)) {
                        (form::csrf(csrf)) button.secondary.small type="submit" { "Annuler" }
                    }
                } }
            } } } }
        }
    }
}

/// `section#moves`: the stock moves of the purchase.
fn moves(moves: &[(SourceMove, String, String)]) -> Markup {
    html! {
        section.card #moves {
            h2 { "Mouvements de stock" }
            table { tbody { @for ((_, _, q, v, kind), product, place) in moves { tr {
                td { (crate::stock::MoveKind::from_code(kind).map(|k| k.label()).unwrap_or(kind)) } td { (product) } td { (place) }
                td.num { (q) } td.num { (v) }
            } } } }
        }
    }
}

/// `section#entries`: the purchase's entries and its returns'.
fn entries(entries: &[Entry]) -> Markup {
    html! {
        section.card #entries {
            h2 { "Écritures" }
            table { tbody { @for e in entries { @for l in &e.lines { tr {
                td { (e.number) } td { (crate::ui::day_fr(&e.day)) } td { (l.account) " " (l.account_name) }
                td.num { @if l.debit.cents() > 0 { (l.debit) } } td.num { @if l.credit.cents() > 0 { (l.credit) } }
            } } } } }
        }
    }
}

pub fn statement(s: &Supplier, rows: &[StatementRow]) -> Markup {
    let running: Vec<Money> = rows
        .iter()
        .scan(Money::ZERO, |b, r| {
            *b += r.3 - r.4;
            Some(*b)
        })
        .collect();
    let balance = running.last().copied().unwrap_or(Money::ZERO);
    html! {
        (crate::ui::page_header(&format!("Relevé — {}", s.name), html! { a.button.secondary href=(format!("/fournisseurs/{}", s.id)) { "Fiche fournisseur" } }))
        @if rows.is_empty() { (table::empty("Aucun achat reçu de ce fournisseur.")) } @else {
            div.table-wrap { table #statement {
                thead { tr { th { "Date" } th { "Opération" } th.num { "Dû" } th.num { "Réglé" } th.num { "Solde dû" } } }
                tbody { @for ((day, label, link, plus, minus), after) in rows.iter().zip(&running) {
                    tr {
                        td { (crate::ui::day_fr(day)) }
                        td { @if let Some(h) = link { a href=(h) { (label) } } @else { (label) } }
                        td.num { @if plus.cents() != 0 { (plus) } }
                        td.num { @if minus.cents() != 0 { (minus) } }
                        td.num { (after) }
                    }
                } }
            } }
            p #balance { "Solde dû : " strong { (balance) } }
        }
    }
}

pub fn ageing(rows: &[AgeingRow]) -> Markup {
    let heads = AGEING;
    html! {
        (crate::ui::page_header("Échéances fournisseurs", html! { a.button.secondary href="/achats" { "Achats" } }))
        p.muted { "Reste dû par fournisseur selon le retard sur l'échéance (date d'achat + délai de paiement)." }
        @if rows.is_empty() { (table::empty("Rien n'est dû aux fournisseurs.")) } @else {
            div.table-wrap { table #ageing {
                thead { tr { th { "Fournisseur" } @for h in heads { th.num { (h) } } th.num { "Total" } } }
                tbody { @for (s, b) in rows { tr {
                    td { a href=(format!("/fournisseurs/{}/releve", s.id)) { (s.name) } }
                    @for m in b { td.num { @if m.cents() != 0 { (m) } } }
                    td.num { (b.iter().copied().sum::<Money>()) }
                } } }
            } }
        }
    }
}
