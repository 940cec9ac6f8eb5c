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
pub mod views;
pub mod web;

pub use html::html;
pub use queue::{drain_once, wake};
pub use render::render;

use rusqlite::{Transaction, params};
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
    tx.prepare_cached(
        "INSERT INTO print_jobs (till_id, kind, source_type, source_id, payload, open_drawer, created_at, next_try_at, user_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
    )?
    .execute(params![till_id, source.kind.code(), source.source_type, source.source_id, payload, open_drawer, now, user_id])?;
    Ok(tx.last_insert_rowid())
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
