//! Routes of transfers and adjustments (losses, corrections).

use poem::web::{Data, Form};
use poem::{Response, handler};

use crate::auth::{CurrentUser, random_hex};
use crate::catalog::{self, Product, Unit};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Qty;
use crate::state::App;
use crate::stock::ops::{self, AdjustmentDraft, TransferDraft};
use crate::stock::views::Visibility;
use crate::stock::views::documents::{self as views, DocValues};
use crate::stock::{Reason, store};
use crate::ui::Shell;

const BLANK_ROWS: usize = 3;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Transfer,
    Adjustment,
}

fn blank(which: Which) -> DocValues {
    let mut v = DocValues { token: random_hex(16), ..Default::default() };
    if which == Which::Adjustment {
        v.reason = Reason::Casse.code().into();
    }
    v.lines = vec![(String::new(), String::new()); BLANK_ROWS];
    v
}

async fn render(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    which: Which,
    values: DocValues,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let kind = if which == Which::Transfer { "transfert" } else { "ajustement" };
    let (locations, products, past) = app
        .db
        .read(move |c| {
            let products: Vec<Product> =
                catalog::store::all_products(c)?.into_iter().filter(|p| p.active && p.track_stock).collect();
            Ok((catalog::store::locations(c)?, products, store::documents(c, kind, 50)?))
        })
        .await?;
    let v = Visibility::of(me);
    let (title, main) = match which {
        Which::Transfer => {
            ("Transferts", views::transfers(v, &app.clock, &shell.csrf, &values, &locations, &products, &past, errors))
        }
        Which::Adjustment => (
            "Pertes et corrections",
            views::adjustments(v, &app.clock, &shell.csrf, &values, &locations, &products, &past, errors),
        ),
    };
    Ok(if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) })
}

#[handler]
pub async fn transfers_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
) -> Result<Response, AppError> {
    render(app, hx, &shell, &me, Which::Transfer, blank(Which::Transfer), &FieldErrors::new()).await
}

#[handler]
pub async fn adjustments_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
) -> Result<Response, AppError> {
    render(app, hx, &shell, &me, Which::Adjustment, blank(Which::Adjustment), &FieldErrors::new()).await
}

fn read_form(pairs: &[(String, String)]) -> (DocValues, String) {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let all = |k: &str| pairs.iter().filter(|(n, _)| n == k).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let (products, qtys) = (all("product"), all("qty"));
    let lines = (0..products.len().max(qtys.len()))
        .map(|i| (products.get(i).cloned().unwrap_or_default(), qtys.get(i).cloned().unwrap_or_default()))
        .filter(|(a, b)| !(a.trim().is_empty() && b.trim().is_empty()))
        .collect();
    let values = DocValues {
        from: get("from"),
        to: get("to"),
        location: get("location"),
        reason: get("reason"),
        note: get("note"),
        token: get("token"),
        lines,
    };
    (values, get("action"))
}

/// Parses the rows: product ids and quantities in each product's natural unit (signed when allowed).
pub(crate) fn parse_lines(
    lines: &[(String, String)],
    units: &[(i64, Unit)],
    signed: bool,
    errors: &mut FieldErrors,
) -> Vec<(i64, Qty)> {
    let mut out = Vec::new();
    for (i, (product, qty)) in lines.iter().enumerate() {
        let Some((id, unit)) = product.trim().parse::<i64>().ok().and_then(|id| units.iter().find(|(p, _)| *p == id))
        else {
            errors.add(&format!("line-{i}-product"), "Choisissez le produit.");
            continue;
        };
        let text = qty.trim();
        let (negative, text) = match text.strip_prefix(['-', '−']) {
            Some(rest) if signed => (true, rest),
            _ => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        match unit.parse_positive(text) {
            Ok(q) => out.push((*id, if negative { -q } else { q })),
            Err(e) => errors.add(&format!("line-{i}-qty"), e),
        }
    }
    if lines.is_empty() {
        errors.add("lines", "Ajoutez au moins un produit.");
    }
    out
}

async fn units(app: &App) -> Result<Vec<(i64, Unit)>, AppError> {
    app.db.read(|c| Ok(catalog::store::all_products(c)?.into_iter().map(|p| (p.id, p.unit)).collect())).await
}

#[handler]
pub async fn transfer(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (mut values, action) = read_form(&pairs);
    if action == "lignes" {
        values.lines.extend(std::iter::repeat_n((String::new(), String::new()), BLANK_ROWS));
        return render(app, hx, &shell, &me, Which::Transfer, values, &FieldErrors::new()).await;
    }
    let mut errors = FieldErrors::new();
    let from = values.from.parse::<i64>().unwrap_or_else(|_| {
        errors.add("from", "Choisissez le lieu de départ.");
        0
    });
    let to = values.to.parse::<i64>().unwrap_or_else(|_| {
        errors.add("to", "Choisissez le lieu d'arrivée.");
        0
    });
    let lines = parse_lines(&values.lines, &units(app).await?, false, &mut errors);
    let result = if errors.is_empty() {
        let draft = TransferDraft {
            from,
            to,
            lines,
            note: values.note.trim().to_string(),
            token: Some(values.token.clone()).filter(|t| !t.is_empty()),
        };
        let (actor, now, day) = (me.actor(), app.clock.now_text(), app.clock.business_day());
        app.db.write(move |tx| ops::move_between(tx, &actor, &draft, &now, day)).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(_) => Ok(hx::redirect(hx, "/stock/transferts?ok=transfert")),
        Err(AppError::Invalid(e)) => {
            values.lines.push((String::new(), String::new()));
            render(app, hx, &shell, &me, Which::Transfer, values, &e).await
        }
        Err(e) => Err(e),
    }
}

#[handler]
pub async fn adjust(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (mut values, action) = read_form(&pairs);
    if action == "lignes" {
        values.lines.extend(std::iter::repeat_n((String::new(), String::new()), BLANK_ROWS));
        return render(app, hx, &shell, &me, Which::Adjustment, values, &FieldErrors::new()).await;
    }
    let mut errors = FieldErrors::new();
    let location = values.location.parse::<i64>().unwrap_or_else(|_| {
        errors.add("location", "Choisissez le lieu.");
        0
    });
    let reason = Reason::from_code(&values.reason);
    if reason.is_none() {
        errors.add("reason", "Choisissez le motif.");
    }
    let correction = reason == Some(Reason::Correction);
    let mut lines = parse_lines(&values.lines, &units(app).await?, correction, &mut errors);
    if !correction {
        // A loss is typed as the quantity lost, without a sign.
        for l in &mut lines {
            l.1 = -l.1;
        }
    }
    let result = match reason {
        Some(reason) if errors.is_empty() => {
            let draft = AdjustmentDraft {
                location_id: location,
                reason,
                lines,
                note: values.note.trim().to_string(),
                token: Some(values.token.clone()).filter(|t| !t.is_empty()),
            };
            let (actor, now, day) = (me.actor(), app.clock.now_text(), app.clock.business_day());
            app.db.write(move |tx| ops::adjust(tx, &actor, &draft, &now, day)).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(hx::redirect(hx, "/stock/pertes?ok=ajustement")),
        Err(AppError::Invalid(e)) => {
            values.lines.push((String::new(), String::new()));
            render(app, hx, &shell, &me, Which::Adjustment, values, &e).await
        }
        Err(e) => Err(e),
    }
}
