//! Routes of transfers and adjustments (losses, corrections): one form, one page, one operation
//! for both kinds of document.

use poem::web::{Data, Form};
use poem::{Response, handler};

use crate::audit::Stamp;
use crate::auth::{CurrentUser, random_hex};
use crate::catalog::{self, Product, Unit};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::stock::ops::{self, AdjustmentDraft, DocumentDraft, TransferDraft};
use crate::stock::views::Visibility;
use crate::stock::views::documents::{self as views, DocValues, DocumentChoices};
use crate::stock::{DocumentKind, Reason, adjustment_lines, parse_costs, parse_lines, store};
use crate::ui::Shell;

const BLANK_ROWS: usize = 3;

/// A transfer or adjustment form as posted: its fields, repeated `product`/`qty` rows, and the
/// button pressed.
pub struct DocumentForm {
    values: DocValues,
    action: String,
}

impl DocumentForm {
    fn read(pairs: &[(String, String)]) -> DocumentForm {
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        let all = |k: &str| pairs.iter().filter(|(n, _)| n == k).map(|(_, v)| v.clone()).collect::<Vec<_>>();
        let (products, qtys, costs) = (all("product"), all("qty"), all("cost"));
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let (lines, costs): (Vec<_>, Vec<_>) = (0..products.len().max(qtys.len()))
            .map(|i| ((at(&products, i), at(&qtys, i)), at(&costs, i)))
            .filter(|((a, b), _)| !(a.trim().is_empty() && b.trim().is_empty()))
            .unzip();
        let values = DocValues {
            from: get("from"),
            to: get("to"),
            location: get("location"),
            reason: get("reason"),
            note: get("note"),
            token: get("token"),
            lines,
            costs,
        };
        DocumentForm { values, action: get("action") }
    }

    /// "+ Ajouter des lignes": the same form with more rows, nothing saved.
    fn wants_rows(&self) -> bool {
        self.action == "lignes"
    }

    /// The values as typed, with `n` more blank rows.
    fn with_rows(&self, n: usize) -> DocValues {
        let mut v = self.values.clone();
        v.lines.extend(std::iter::repeat_n((String::new(), String::new()), n));
        v.costs.resize(v.lines.len(), String::new());
        v
    }

    /// The draft of the document, given each product's unit; every bad field gets its message.
    fn parse(&self, which: DocumentKind, units: &[(i64, Unit)]) -> Result<DocumentDraft, FieldErrors> {
        let (v, mut errors) = (&self.values, FieldErrors::new());
        let mut place = |text: &str, field: &str, message: &str| {
            text.parse::<i64>().map_err(|_| errors.add(field, message)).unwrap_or(0)
        };
        let note = v.note.trim().to_string();
        let token = Some(v.token.clone()).filter(|t| !t.is_empty());
        match which {
            DocumentKind::Transfer => {
                let from = place(&v.from, "from", "Choisissez le lieu de départ.");
                let to = place(&v.to, "to", "Choisissez le lieu d'arrivée.");
                let lines = parse_lines(&v.lines, units, false, &mut errors);
                errors.into_result(DocumentDraft::Transfer(TransferDraft { from, to, lines, note, token }))
            }
            DocumentKind::Adjustment => {
                let location_id = place(&v.location, "location", "Choisissez le lieu.");
                let reason = Reason::from_code(&v.reason);
                if reason.is_none() {
                    errors.add("reason", "Choisissez le motif.");
                }
                let lines = adjustment_lines(&v.lines, units, reason, &mut errors);
                let costs = parse_costs(&v.lines, &v.costs, units, &mut errors);
                let Some(reason) = reason else { return Err(errors) };
                let draft = AdjustmentDraft { location_id, reason, lines, costs, note, token };
                errors.into_result(DocumentDraft::Adjustment(draft))
            }
        }
    }
}

fn blank(which: DocumentKind) -> DocValues {
    let mut v = DocValues { token: random_hex(16), ..Default::default() };
    if which == DocumentKind::Adjustment {
        v.reason = Reason::Casse.code().into();
    }
    v.lines = vec![(String::new(), String::new()); BLANK_ROWS];
    v.costs = vec![String::new(); BLANK_ROWS];
    v
}

async fn render(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    which: DocumentKind,
    mut values: DocValues,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let asked = asked_values(&values, errors);
    let (choices, proposed) = app
        .db
        .read(move |c| {
            let products: Vec<Product> =
                catalog::store::all_products(c)?.into_iter().filter(|p| p.active && p.track_stock).collect();
            let ids: Vec<i64> = asked.iter().map(|(_, id)| *id).collect();
            let proposed = ops::proposals(c, &ids)?.into_iter().zip(asked).map(|((_, p), (i, _))| (i, p));
            let past = store::documents(c, which, 50)?;
            Ok((DocumentChoices { locations: store::locations(c)?, products, past }, proposed.collect::<Vec<_>>()))
        })
        .await?;
    // A value asked for and left blank is proposed in its field (recipe cost, else last PMP).
    for (i, cost) in proposed {
        let unit = choices.products.iter().find(|p| values.lines[i].0 == p.id.to_string()).map(|p| p.unit);
        if let (Some(cost), Some(unit)) = (cost, unit) {
            values.costs[i] = cost.input_text(unit);
        }
    }
    let main = views::document_page(which, Visibility::of(me), &app.clock, &shell.csrf, &values, &choices, errors);
    let title = views::title(which);
    Ok(if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) })
}

/// The rows whose unit value is asked for (a surplus with no known cost) and left blank:
/// (row, product id).
fn asked_values(values: &DocValues, errors: &FieldErrors) -> Vec<(usize, i64)> {
    (0..values.lines.len())
        .filter(|i| errors.get(&format!("line-{i}-cost")).is_some())
        .filter(|i| values.costs.get(*i).is_some_and(|c| c.trim().is_empty()))
        .filter_map(|i| values.lines[i].0.trim().parse::<i64>().ok().map(|id| (i, id)))
        .collect()
}

async fn units(app: &App) -> Result<Vec<(i64, Unit)>, AppError> {
    app.db.read(|c| Ok(catalog::store::all_products(c)?.into_iter().map(|p| (p.id, p.unit)).collect())).await
}

/// Either form's answer: more rows, or the document recorded and its page again (with a blank
/// row more and the messages when something is wrong).
async fn submit(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    st: Stamp,
    which: DocumentKind,
    form: DocumentForm,
) -> Result<Response, AppError> {
    if form.wants_rows() {
        return render(app, hx, shell, me, which, form.with_rows(BLANK_ROWS), &FieldErrors::new()).await;
    }
    let result = match form.parse(which, &units(app).await?) {
        Ok(draft) => app.db.write(move |tx| ops::record(tx, &st, &draft)).await,
        Err(e) => Err(e.into()),
    };
    let done = match which {
        DocumentKind::Transfer => "/stock/transferts?ok=transfert",
        DocumentKind::Adjustment => "/stock/pertes?ok=ajustement",
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, done),
        async |e| render(app, hx, shell, me, which, form.with_rows(1), &e).await,
    )
    .await
}

#[handler]
pub async fn transfers_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
) -> Result<Response, AppError> {
    let which = DocumentKind::Transfer;
    render(app, hx, &shell, &me, which, blank(which), &FieldErrors::new()).await
}

#[handler]
pub async fn adjustments_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
) -> Result<Response, AppError> {
    let which = DocumentKind::Adjustment;
    render(app, hx, &shell, &me, which, blank(which), &FieldErrors::new()).await
}

#[handler]
pub async fn transfer(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    submit(app, hx, &shell, &me, st, DocumentKind::Transfer, DocumentForm::read(&pairs)).await
}

#[handler]
pub async fn adjust(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    submit(app, hx, &shell, &me, st, DocumentKind::Adjustment, DocumentForm::read(&pairs)).await
}
