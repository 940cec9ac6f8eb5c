//! API operations of the bank: account 512's lines and the statement's lines of a period with
//! their match, the banks' layouts, a statement imported with a saved layout (then matched
//! automatically), a match made by hand or undone, a bank charge posted from its statement line.
//! The same operations as `/compta/banque`.

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::accounting::web::statements::PeriodQuery;
use crate::audit::Stamp;
use crate::bank::web::MAX_FILE_BYTES;
use crate::bank::{BankLine, ImportReport, Layout, LedgerLine, ops, store};
use crate::error::{AppError, invalid};
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// Banque : relevés importés, rapprochement avec le compte 512, frais bancaires.
    Banque,
}

/// A line of the bank's statement and its match.
#[derive(Debug, Clone, Object)]
pub struct BankLineOut {
    pub id: i64,
    pub day: String,
    pub label: String,
    pub reference: String,
    /// Centimes ; > 0 : crédit du relevé (entrée d'argent), < 0 : débit.
    pub amount: i64,
    /// La ligne du compte 512 rapprochée, s'il y en a une.
    #[oai(nullable)]
    pub journal_line_id: Option<i64>,
    /// auto, manuel ou frais.
    #[oai(nullable)]
    pub how: Option<String>,
}

/// A line of account 512 in the books and its match.
#[derive(Debug, Clone, Object)]
pub struct LedgerLineOut {
    /// La ligne d'écriture (à donner pour un rapprochement manuel).
    pub id: i64,
    pub entry_id: i64,
    pub number: String,
    pub day: String,
    pub text: String,
    /// Centimes, signé comme le relevé (débit − crédit du 512).
    pub amount: i64,
    #[oai(nullable)]
    pub bank_line_id: Option<i64>,
}

#[derive(Debug, Clone, Object)]
pub struct BankLinesOut {
    pub from: String,
    pub to: String,
    /// Le solde du compte 512 dans les livres, centimes (toutes dates).
    pub books: i64,
    /// La somme des lignes de relevé importées, centimes (toutes dates).
    pub statement_total: i64,
    pub statement: Vec<BankLineOut>,
    pub ledger: Vec<LedgerLineOut>,
}

#[derive(Debug, Clone, Object)]
pub struct LayoutOut {
    pub id: i64,
    pub name: String,
    pub date_col: String,
    pub label_col: String,
    pub reference_col: String,
    pub debit_col: String,
    pub credit_col: String,
    pub amount_col: String,
}

/// A statement to import, as the bank's CSV file's text.
#[derive(Debug, Clone, Object)]
pub struct ImportIn {
    /// Le format de relevé enregistré de la banque (`/compta/banque/formats`).
    pub layout_id: i64,
    #[oai(default)]
    pub file_name: String,
    /// Le texte du fichier CSV.
    pub content: String,
}

#[derive(Debug, Clone, Object)]
pub struct ImportOut {
    pub id: i64,
    pub file_name: String,
    pub lines_read: i64,
    pub lines_new: i64,
    /// Lignes rapprochées automatiquement.
    pub matched: i64,
}

#[derive(Debug, Clone, Object)]
pub struct MatchIn {
    /// La ligne du compte 512 (`ledger[].id`).
    pub journal_line_id: i64,
}

#[derive(Debug, Clone, Object)]
pub struct ChargeOut {
    /// L'écriture des frais (Dr 627 · Cr 512).
    pub entry_id: i64,
    pub line: BankLineOut,
}

#[derive(Debug, Clone, Object)]
pub struct AutoOut {
    pub matched: i64,
}

envelope!(BankLinesEnvelope, BankLinesOut);
envelope!(LayoutsEnvelope, Vec<LayoutOut>);
envelope!(ImportEnvelope, ImportOut);
envelope!(StatementLineEnvelope, BankLineOut);
envelope!(ChargeEnvelope, ChargeOut);
envelope!(AutoEnvelope, AutoOut);

fn line_out(b: BankLine) -> BankLineOut {
    BankLineOut {
        id: b.id,
        day: b.day,
        label: b.label,
        reference: b.reference,
        amount: b.amount.cents(),
        journal_line_id: b.matched_to,
        how: b.how,
    }
}

fn ledger_out((l, bank_line_id): (LedgerLine, Option<i64>)) -> LedgerLineOut {
    let LedgerLine { id, entry_id, number, day, text, amount } = l;
    LedgerLineOut { id, entry_id, number, day, text, amount: amount.cents(), bank_line_id }
}

fn layout_out(l: Layout) -> LayoutOut {
    let Layout { id, name, date_col, label_col, reference_col, debit_col, credit_col, amount_col } = l;
    LayoutOut { id, name, date_col, label_col, reference_col, debit_col, credit_col, amount_col }
}

fn import_out(r: ImportReport) -> ImportOut {
    let ImportReport { id, file_name, lines_read, lines_new, matched } = r;
    ImportOut { id, file_name, lines_read, lines_new, matched }
}

async fn line(app: &App, id: i64) -> ApiResult<StatementLineEnvelope> {
    let b = app.db.read(move |c| store::line(c, id)?.ok_or(AppError::NotFound)).await?;
    Ok(StatementLineEnvelope::ok(line_out(b)))
}

pub struct BankApi;

#[OpenApi]
impl BankApi {
    /// Les lignes du relevé et celles du compte 512 d'une période (`du`, `au` ; défaut : l'année
    /// jusqu'à aujourd'hui), chacune avec son rapprochement.
    #[oai(path = "/compta/banque/lignes", method = "get", tag = "Tag::Banque")]
    async fn lines(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        du: Query<Option<String>>,
        au: Query<Option<String>>,
    ) -> ApiResult<BankLinesEnvelope> {
        let q = PeriodQuery { du: du.0.unwrap_or_default(), au: au.0.unwrap_or_default() };
        let p = q.parse(app.clock.business_day()).map_err(AppError::from)?;
        let (from, to) = (p.from.to_string(), p.to.to_string());
        let (f, t) = (from.clone(), to.clone());
        let l = app.db.read(move |c| ops::lines(c, &f, &t)).await?;
        let statement = l.statement.into_iter().map(line_out).collect();
        let ledger = l.ledger.into_iter().map(ledger_out).collect();
        let (books, statement_total) = (l.books.cents(), l.statement_total.cents());
        Ok(BankLinesEnvelope::ok(BankLinesOut { from, to, books, statement_total, statement, ledger }))
    }

    /// Les formats de relevé enregistrés, un par banque.
    #[oai(path = "/compta/banque/formats", method = "get", tag = "Tag::Banque")]
    async fn layouts(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<LayoutsEnvelope> {
        let layouts = app.db.read(|c| Ok(store::layouts(c)?)).await?;
        Ok(LayoutsEnvelope::ok(layouts.into_iter().map(layout_out).collect()))
    }

    /// Importe un relevé avec le format enregistré de sa banque : ses lignes nouvelles sont
    /// gardées une fois, puis rapprochées automatiquement (montant, dates, référence). Un fichier
    /// qui ne suit pas le format est refusé, rien n'est enregistré.
    #[oai(path = "/compta/banque/releves", method = "post", tag = "Tag::Banque")]
    async fn import(&self, app: Data<&App>, auth: Bearer, body: Json<ImportIn>) -> ApiResult<ImportEnvelope> {
        let b = body.0;
        if b.content.len() > MAX_FILE_BYTES {
            return Err(invalid("content", "Fichier trop lourd : 5 Mo au plus.").into());
        }
        let file_name = if b.file_name.trim().is_empty() { "releve.csv".into() } else { b.file_name };
        let u = ops::Upload { layout_id: b.layout_id, file_name, bytes: b.content.into_bytes() };
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::import(tx, &st, &u)).await?;
        let r = app.db.read(move |c| store::import_report(c, id)?.ok_or(AppError::NotFound)).await?;
        Ok(ImportEnvelope::ok(import_out(r)))
    }

    /// Rapproche automatiquement ce qui peut l'être (montant égal, 7 jours au plus, référence).
    #[oai(path = "/compta/banque/rapprocher", method = "post", tag = "Tag::Banque")]
    async fn auto(&self, app: Data<&App>, auth: Bearer) -> ApiResult<AutoEnvelope> {
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let n = app.db.write(move |tx| ops::auto_match(tx, &st)).await?;
        Ok(AutoEnvelope::ok(AutoOut { matched: n as i64 }))
    }

    /// Rapproche à la main une ligne du relevé d'une ligne du compte 512 du même montant.
    #[oai(path = "/compta/banque/lignes/:id/rapprocher", method = "post", tag = "Tag::Banque")]
    async fn match_line(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<MatchIn>,
    ) -> ApiResult<StatementLineEnvelope> {
        let (id, jl, st) = (id.0, body.0.journal_line_id, Stamp::new(auth.0.actor(), &app.clock));
        app.db.write(move |tx| ops::match_lines(tx, &st, id, jl)).await?;
        line(&app, id).await
    }

    /// Défait le rapprochement d'une ligne du relevé (des frais bancaires restent avec leur écriture).
    #[oai(path = "/compta/banque/lignes/:id/defaire", method = "post", tag = "Tag::Banque")]
    async fn unmatch(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<StatementLineEnvelope> {
        let (id, st) = (id.0, Stamp::new(auth.0.actor(), &app.clock));
        app.db.write(move |tx| ops::unmatch(tx, &st, id)).await?;
        line(&app, id).await
    }

    /// Passe les frais bancaires d'une ligne du relevé (Dr 627 · Cr 512, au jour de la ligne) et
    /// la rapproche de leur écriture.
    #[oai(path = "/compta/banque/lignes/:id/frais", method = "post", tag = "Tag::Banque")]
    async fn charge(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<ChargeEnvelope> {
        let (id, st) = (id.0, Stamp::new(auth.0.actor(), &app.clock));
        let entry_id = app.db.write(move |tx| ops::charge(tx, &st, id)).await?;
        let line = app.db.read(move |c| store::line(c, id)?.ok_or(AppError::NotFound)).await?;
        Ok(ChargeEnvelope::ok(ChargeOut { entry_id, line: line_out(line) }))
    }
}
