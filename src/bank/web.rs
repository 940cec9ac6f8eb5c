//! Routes of the bank: the reconciliation page (statement lines and 512's lines not matched,
//! the latest matches), a statement's import, the banks' layouts, matching by hand or undoing,
//! a bank charge posted from its line.

use poem::web::{Data, Form, Multipart, Path, Query};
use poem::{Response, handler};
use serde::Deserialize;

use super::ops::{self, Upload};
use super::views::{self, Shown};
use super::{Layout, store};
use crate::audit::Stamp;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

/// A statement is a few hundred kilobytes at most.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

const TITLE: &str = "Banque";

async fn page_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    shown: Shown,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let import = shown.import;
    let o = app.db.read(move |c| super::ops::overview(c, import)).await?;
    let main = views::page(&shell.csrf, &o, &shown, errors);
    Ok(if errors.is_empty() { hx::page(hx, shell, TITLE, main) } else { hx::invalid(hx, shell, TITLE, main) })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    import: Option<i64>,
}

#[handler]
pub async fn page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    page_response(app, hx, &shell, Shown { import: q.import, ..Default::default() }, &FieldErrors::new()).await
}

const NO_FILE: &str = "Choisissez le fichier CSV du relevé.";

/// The import form as sent (multipart): the bank chosen and the file.
async fn read_upload(mut form: Multipart) -> Result<Upload, FieldErrors> {
    let (mut errors, mut layout, mut file) = (FieldErrors::new(), None, None);
    while let Ok(Some(field)) = form.next_field().await {
        match field.name() {
            Some("layout_id") => layout = field.text().await.ok().and_then(|t| t.trim().parse::<i64>().ok()),
            Some("file") => {
                let name = field.file_name().unwrap_or("releve.csv").to_string();
                match field.bytes().await {
                    Ok(b) if b.len() > MAX_FILE_BYTES => errors.add("file", "Fichier trop lourd : 5 Mo au plus."),
                    Ok(b) if !b.is_empty() => file = Some((name, b)),
                    Ok(_) => {}
                    Err(_) => errors.add("file", "L'envoi du fichier a échoué."),
                }
            }
            _ => {}
        }
    }
    let layout_id = layout.unwrap_or_else(|| {
        errors.add("layout_id", "Choisissez la banque (le format de son relevé).");
        0
    });
    if file.is_none() {
        errors.add("file", NO_FILE); // after "too heavy": a field keeps its first message
    }
    match file {
        Some((file_name, bytes)) if errors.is_empty() => Ok(Upload { layout_id, file_name, bytes }),
        _ => Err(errors),
    }
}

#[handler]
pub async fn upload(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    form: Multipart,
) -> Result<Response, AppError> {
    let result = match read_upload(form).await {
        Ok(u) => app.db.write(move |tx| ops::import(tx, &st, &u)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/compta/banque?import={id}")),
        async |e| page_response(app, hx, &shell, Shown::default(), &e).await,
    )
    .await
}

#[handler]
pub async fn auto(Data(app): Data<&App>, hx: Hx, st: Stamp) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::auto_match(tx, &st)).await?;
    Ok(hx::redirect(hx, "/compta/banque"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MatchForm {
    journal_line_id: String,
}

#[handler]
pub async fn match_line(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<MatchForm>,
) -> Result<Response, AppError> {
    let result = match f.journal_line_id.trim().parse::<i64>() {
        Ok(jl) => app.db.write(move |tx| ops::match_lines(tx, &st, id, jl)).await,
        Err(_) => {
            let mut e = FieldErrors::new();
            e.add("journal_line_id", "Choisissez une écriture du compte 512.");
            Err(e.into())
        }
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/compta/banque"),
        async |e| page_response(app, hx, &shell, Shown { line: Some(id), ..Default::default() }, &e).await,
    )
    .await
}

#[handler]
pub async fn unmatch(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::unmatch(tx, &st, id)).await?;
    Ok(hx::redirect(hx, "/compta/banque"))
}

#[handler]
pub async fn charge(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::charge(tx, &st, id)).await?;
    Ok(hx::redirect(hx, "/compta/banque"))
}

/// A bank's layout as typed: the header names of its columns.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct LayoutForm {
    pub name: String,
    pub date_col: String,
    pub label_col: String,
    pub reference_col: String,
    pub debit_col: String,
    pub credit_col: String,
    pub amount_col: String,
}

impl LayoutForm {
    pub fn parse(&self) -> Result<Layout, FieldErrors> {
        let mut e = FieldErrors::new();
        let t = |s: &String| s.trim().to_string();
        let l = Layout {
            id: 0,
            name: t(&self.name),
            date_col: t(&self.date_col),
            label_col: t(&self.label_col),
            reference_col: t(&self.reference_col),
            debit_col: t(&self.debit_col),
            credit_col: t(&self.credit_col),
            amount_col: t(&self.amount_col),
        };
        for (field, v, what) in [
            ("name", &l.name, "Le nom de la banque."),
            ("date_col", &l.date_col, "Le titre de la colonne des dates."),
            ("label_col", &l.label_col, "Le titre de la colonne des libellés."),
        ] {
            if v.is_empty() {
                e.add(field, what);
            }
        }
        if l.amount_col.is_empty() && (l.debit_col.is_empty() || l.credit_col.is_empty()) {
            e.add("amount_col", "Une colonne de montant signé, ou les deux colonnes débit et crédit.");
        }
        e.into_result(l)
    }
}

async fn layouts_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    f: &LayoutForm,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let layouts = app.db.read(|c| Ok(store::layouts(c)?)).await?;
    let main = views::layouts(&shell.csrf, &layouts, f, errors);
    let title = "Formats des relevés";
    Ok(if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) })
}

#[handler]
pub async fn layouts_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    layouts_response(app, hx, &shell, &LayoutForm::default(), &FieldErrors::new()).await
}

#[handler]
pub async fn save_layout(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<LayoutForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(l) => app.db.write(move |tx| ops::save_layout(tx, &st, &l)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(result, |_| hx::redirect(hx, "/compta/banque"), async |e| layouts_response(app, hx, &shell, &f, &e).await)
        .await
}
