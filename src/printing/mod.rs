//! Receipts and reports on a till's printer. A document is laid out once, as a `Doc` (pure data,
//! JSON in `print_jobs.payload`), by the domain that owns it; this module renders a `Doc` to
//! ESC/POS bytes (code page PC858 for French), sends it through the till's driver after commit,
//! retries, and keeps every job's status. Owns `print_jobs`.

pub mod driver;
pub mod html;
pub mod layout;
pub mod ops;
pub mod queue;
pub mod render;
pub mod store;
pub mod views;
pub mod web;

pub use html::html;
pub use queue::{drain_once, wake, woken};
pub use render::render;

use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// What a job prints. Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Ticket,
    Duplicata,
    CreditNote,
    XReport,
    ZReport,
    CashSlip,
    Test,
    /// Only opens the drawer ("sans vente").
    Drawer,
}

impl JobKind {
    pub fn code(self) -> &'static str {
        match self {
            JobKind::Ticket => "ticket",
            JobKind::Duplicata => "duplicata",
            JobKind::CreditNote => "avoir",
            JobKind::XReport => "x",
            JobKind::ZReport => "z",
            JobKind::CashSlip => "mouvement",
            JobKind::Test => "test",
            JobKind::Drawer => "tiroir",
        }
    }
}

/// A printable document: a column of blocks, each fitted to the paper's width at render time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doc {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Adjacently tagged: `{"t":"title","v":"Fournil"}`. (Internally tagged cannot hold the string
// variants: serde refuses to serialise them.)
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
pub enum Block {
    /// Centred, bold, double size: the shop's name, "DUPLICATA".
    Title(String),
    /// Centred normal text (address, legal ids, thanks).
    Center(String),
    /// Left-aligned text, wrapped.
    Text(String),
    /// A label on the left, an amount on the right (`bold` for totals).
    Row { left: String, right: String, bold: bool },
    /// A dashed line across the paper.
    Rule,
    /// A QR code (model 2) of this text.
    Qr(String),
    /// Blank lines.
    Feed(u8),
}

impl Doc {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
    pub fn push(&mut self, b: Block) -> &mut Doc {
        self.blocks.push(b);
        self
    }
    pub fn title(&mut self, s: impl Into<String>) -> &mut Doc {
        self.push(Block::Title(s.into()))
    }
    pub fn center(&mut self, s: impl Into<String>) -> &mut Doc {
        self.push(Block::Center(s.into()))
    }
    pub fn text(&mut self, s: impl Into<String>) -> &mut Doc {
        self.push(Block::Text(s.into()))
    }
    pub fn row(&mut self, left: impl Into<String>, right: impl Into<String>) -> &mut Doc {
        self.push(Block::Row { left: left.into(), right: right.into(), bold: false })
    }
    pub fn total(&mut self, left: impl Into<String>, right: impl Into<String>) -> &mut Doc {
        self.push(Block::Row { left: left.into(), right: right.into(), bold: true })
    }
    pub fn rule(&mut self) -> &mut Doc {
        self.push(Block::Rule)
    }
}

/// A job as stored.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub till_id: i64,
    pub kind: String,
    pub source_type: String,
    pub source_id: Option<i64>,
    pub payload: String,
    pub open_drawer: bool,
    pub status: String,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: String,
    pub printed_at: Option<String>,
}

impl Job {
    pub fn doc(&self) -> Result<Doc, String> {
        serde_json::from_str(&self.payload).map_err(|e| format!("document illisible : {e}"))
    }
}

/// What the till screen shows about its printer: jobs waiting, jobs given up, the last error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TillHealth {
    pub waiting: i64,
    pub failed: i64,
    /// The error of the latest job that failed at least once and is not printed.
    pub last_error: Option<String>,
}

/// French label of a job's status.
pub fn status_label(code: &str) -> &'static str {
    match code {
        "en_attente" => "En attente",
        "imprime" => "Imprimé",
        "echec" => "Échec",
        "sans_imprimante" => "Sans imprimante",
        _ => "Inconnu",
    }
}

/// French label of a job's kind.
pub fn kind_label(code: &str) -> &'static str {
    match code {
        "ticket" => "Ticket",
        "duplicata" => "Duplicata",
        "avoir" => "Avoir",
        "x" => "Rapport X",
        "z" => "Rapport Z",
        "mouvement" => "Mouvement de caisse",
        "test" => "Page de test",
        "tiroir" => "Ouverture du tiroir",
        _ => "Autre",
    }
}

/// Where a job comes from: the document it prints.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub kind: JobKind,
    pub source_type: &'a str,
    pub source_id: Option<i64>,
}

/// Queues a document for a till's printer, in the caller's transaction: it prints after commit,
/// or not at all if the operation fails. `open_drawer` only when cash changes hands.
pub fn enqueue(
    tx: &Transaction,
    till_id: i64,
    source: Source,
    doc: &Doc,
    open_drawer: bool,
    user_id: Option<i64>,
    now: &str,
) -> Result<i64, AppError> {
    let payload = serde_json::to_string(doc).map_err(|e| AppError::Internal(e.into()))?;
    Ok(store::insert_job(tx, till_id, source, &payload, open_drawer, user_id, now)?)
}

/// Queues a reprint of a document, marked "DUPLICATA" by its layout (the caller passes the doc
/// laid out with `duplicata = true`). Never opens the drawer.
pub fn reprint(
    tx: &Transaction,
    till_id: i64,
    source_type: &str,
    source_id: Option<i64>,
    doc: &Doc,
    user_id: Option<i64>,
    now: &str,
) -> Result<i64, AppError> {
    let source = Source { kind: JobKind::Duplicata, source_type, source_id };
    enqueue(tx, till_id, source, doc, false, user_id, now)
}
