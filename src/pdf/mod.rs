//! Printable documents as PDF: payslips, invoices, financial statements. One small flowing layout
//! over printpdf (TECH-NOTES §8: the light choice that writes French correctly with the built-in
//! Helvetica, nothing fetched, no font file shipped): A4 pages with a title, paragraphs, label /
//! value blocks, two side-by-side blocks (seller and buyer), tables whose header repeats on each
//! page, rules, and "page n / N" in the footer. Pure: a `Doc` is built from values and turned into
//! bytes; callers read the database before and send the bytes after.
//!
//! ```ignore
//! let mut doc = Doc::new("Bulletin de paie — novembre 2026");
//! doc.heading("Bulletin de paie");
//! doc.pair(&["Boulangerie Élise", "NIF 000016001234567"], &["Salarié : Amina B.", "CNAS 12345"]);
//! doc.table(&Table::new(&[("Rubrique", 3.0, Align::Left), ("Montant", 1.0, Align::Right)])
//!     .row(&["Salaire de base", "24 000,00 DA"]).total(&["Net à payer", "21 840,00 DA"]));
//! let bytes = doc.finish();
//! ```
//!
//! Characters outside WinAnsi (CP1252) print as `?` (Arabic needs an embedded font: not done); the
//! narrow no-break space of French number grouping prints as a no-break space.

mod metrics;
mod table;

use printpdf::{
    BuiltinFont, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem,
};
pub use table::{Align, Table};

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const MARGIN: f32 = 15.0;
const BOTTOM: f32 = 20.0;
const PT_TO_MM: f32 = 25.4 / 72.0;

/// Body text size in points; headings and small print are relative to it.
const BODY: f32 = 10.0;

/// A document being laid out, top to bottom, page after page.
pub struct Doc {
    title: String,
    pages: Vec<Vec<Op>>,
    /// Distance from the top of the current page to the next line's top, in mm.
    y: f32,
}

impl Doc {
    /// An A4 portrait document; `title` is the PDF's title and the footer's text.
    pub fn new(title: &str) -> Doc {
        Doc { title: printable(title), pages: vec![Vec::new()], y: MARGIN }
    }

    /// The document's big title (bold, 16 pt).
    pub fn heading(&mut self, text: &str) {
        self.paragraph(text, 16.0, true);
        self.space(2.0);
    }

    /// A section title (bold, 12 pt) with a little room above it.
    pub fn subheading(&mut self, text: &str) {
        self.space(2.0);
        self.paragraph(text, 12.0, true);
        self.space(1.0);
    }

    /// A paragraph of body text, wrapped to the page's width.
    pub fn text(&mut self, text: &str) {
        self.paragraph(text, BODY, false);
    }

    /// A paragraph in bold.
    pub fn bold(&mut self, text: &str) {
        self.paragraph(text, BODY, true);
    }

    /// Small print (8 pt): legal mentions, notes.
    pub fn small(&mut self, text: &str) {
        self.paragraph(text, 8.0, false);
    }

    /// Vertical room, in mm.
    pub fn space(&mut self, mm: f32) {
        self.y += mm;
    }

    /// A thin horizontal line across the page.
    pub fn rule(&mut self) {
        self.need(2.0);
        let y = self.y + 1.0;
        self.line(MARGIN, y, PAGE_W - MARGIN, y);
        self.y += 2.0;
    }

    /// Label / value lines ("Période : novembre 2026"), labels in bold, values aligned.
    pub fn fields(&mut self, rows: &[(&str, &str)]) {
        let label_w = rows.iter().map(|(l, _)| metrics::width(&printable(l), BODY, true)).fold(0.0, f32::max);
        let label_mm = (label_w * PT_TO_MM + 3.0).min(CONTENT_W / 2.0);
        for (label, value) in rows {
            let values = wrap(&printable(value), BODY, false, CONTENT_W - label_mm);
            self.need(line_h(BODY) * values.len() as f32);
            self.put(MARGIN, &printable(label), BODY, true);
            for v in values {
                self.put(MARGIN + label_mm, &v, BODY, false);
                self.y += line_h(BODY);
            }
        }
        self.y += 2.0;
    }

    /// Two blocks of lines side by side (the seller on the left, the buyer on the right); the
    /// first line of each in bold.
    pub fn pair(&mut self, left: &[&str], right: &[&str]) {
        let half = CONTENT_W / 2.0 - 3.0;
        let l: Vec<Vec<String>> = left.iter().map(|t| wrap(&printable(t), BODY, false, half)).collect();
        let r: Vec<Vec<String>> = right.iter().map(|t| wrap(&printable(t), BODY, false, half)).collect();
        let lines = |b: &[Vec<String>]| b.iter().map(Vec::len).sum::<usize>();
        self.need(line_h(BODY) * lines(&l).max(lines(&r)) as f32);
        let top = self.y;
        let mut bottom = top;
        for (x, block) in [(MARGIN, &l), (MARGIN + CONTENT_W / 2.0 + 3.0, &r)] {
            self.y = top;
            for (i, wrapped) in block.iter().enumerate() {
                for part in wrapped {
                    self.put(x, part, BODY, i == 0);
                    self.y += line_h(BODY);
                }
            }
            bottom = bottom.max(self.y);
        }
        self.y = bottom + 2.0;
    }

    /// A table; rows that do not fit go to the next page under a repeated header.
    pub fn table(&mut self, table: &Table) {
        table.draw(self);
    }

    /// The PDF file: every page with its footer ("title — page n / N").
    pub fn finish(mut self) -> Vec<u8> {
        let count = self.pages.len();
        for (n, ops) in self.pages.iter_mut().enumerate() {
            let footer = format!("{} — page {} / {}", self.title, n + 1, count);
            ops.extend(text_ops(MARGIN, PAGE_H - 10.0, &footer, 7.0, false));
        }
        let pages = self.pages.into_iter().map(|ops| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops)).collect();
        let mut doc = PdfDocument::new(&self.title);
        doc.with_pages(pages).save(&PdfSaveOptions::default(), &mut Vec::new())
    }

    fn paragraph(&mut self, text: &str, size: f32, bold: bool) {
        for line in wrap(&printable(text), size, bold, CONTENT_W) {
            self.need(line_h(size));
            self.put(MARGIN, &line, size, bold);
            self.y += line_h(size);
        }
    }

    /// Starts a new page unless `mm` more fit on this one; true when it did.
    fn need(&mut self, mm: f32) -> bool {
        if self.y + mm <= PAGE_H - BOTTOM || self.y <= MARGIN {
            return false;
        }
        self.pages.push(Vec::new());
        self.y = MARGIN;
        true
    }

    /// Text whose top-left corner is at `x` mm from the left, at the current line.
    fn put(&mut self, x: f32, text: &str, size: f32, bold: bool) {
        let baseline = self.y + size * PT_TO_MM * 0.8;
        let ops = text_ops(x, baseline, text, size, bold);
        self.page().extend(ops);
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        let point = |x: f32, y: f32| LinePoint { p: Point::new(Mm(x), Mm(PAGE_H - y)), bezier: false };
        let line = Line { points: vec![point(x1, y1), point(x2, y2)], is_closed: false };
        self.page().extend([Op::SetOutlineThickness { pt: Pt(0.5) }, Op::DrawLine { line }]);
    }

    fn page(&mut self) -> &mut Vec<Op> {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }
}

const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;

/// Height of a line of text of `size` points, in mm.
fn line_h(size: f32) -> f32 {
    size * 1.3 * PT_TO_MM
}

/// The width of `text` in mm.
fn width_mm(text: &str, size: f32, bold: bool) -> f32 {
    metrics::width(text, size, bold) * PT_TO_MM
}

/// The operations that print `text` with its baseline `baseline` mm from the top of the page.
fn text_ops(x: f32, baseline: f32, text: &str, size: f32, bold: bool) -> Vec<Op> {
    let face = if bold { BuiltinFont::HelveticaBold } else { BuiltinFont::Helvetica };
    vec![
        Op::StartTextSection,
        Op::SetFont { font: PdfFontHandle::Builtin(face), size: Pt(size) },
        Op::SetTextCursor { pos: Point::new(Mm(x), Mm(PAGE_H - baseline)) },
        Op::ShowText { items: vec![TextItem::Text(text.to_string())] },
        Op::EndTextSection,
    ]
}

/// `text` cut into lines no wider than `max_mm`, at spaces; a word longer than a line is cut.
fn wrap(text: &str, size: f32, bold: bool, max_mm: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if width_mm(&candidate, size, bold) <= max_mm {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line = cut_word(word, size, bold, max_mm, &mut lines);
        }
        lines.push(line);
    }
    lines
}

/// Pushes the full-width pieces of a word longer than a line and returns its last piece.
fn cut_word(word: &str, size: f32, bold: bool, max_mm: f32, lines: &mut Vec<String>) -> String {
    let mut piece = String::new();
    for c in word.chars() {
        piece.push(c);
        if width_mm(&piece, size, bold) > max_mm && piece.chars().count() > 1 {
            piece.pop();
            lines.push(std::mem::take(&mut piece));
            piece.push(c);
        }
    }
    piece
}

/// The text as the built-in faces can print it: French number grouping's narrow no-break space
/// becomes a no-break space, tabs and other controls become spaces.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{202f}' | '\u{2009}' => '\u{a0}',
            '\n' => '\n',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// The WinAnsi (CP1252) byte of a character, `None` when the encoding has none.
fn winansi(c: char) -> Option<u8> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘', '’', '“', '”',
        '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    match u32::from(c) {
        cp @ (0x20..=0x7E | 0xA0..=0xFF) => u8::try_from(cp).ok(),
        _ => HIGH.iter().position(|&h| h == c && h != '\0').and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winansi_covers_latin1_and_the_typographic_block() {
        assert_eq!(winansi('é'), Some(0xE9));
        assert_eq!(winansi('€'), Some(0x80));
        assert_eq!(winansi('—'), Some(0x97));
        assert_eq!(winansi('œ'), Some(0x9C));
        assert_eq!(winansi('ب'), None);
    }

    #[test]
    fn widths_come_from_the_faces_metrics() {
        // Helvetica: digits 556, space 278; bold "W" 944.
        assert_eq!(metrics::width("10 0", 10.0, false), (3.0 * 556.0 + 278.0) / 100.0);
        assert_eq!(metrics::width("W", 1000.0, true), 944.0);
        assert_eq!(metrics::width("é", 1000.0, false), metrics::width("e", 1000.0, false));
    }

    #[test]
    fn wrap_keeps_every_word_and_each_line_fits() {
        let text = "Arrêtée la présente facture à la somme de : mille deux cent trente-quatre dinars \
                    algériens et cinquante centimes";
        let lines = wrap(text, 10.0, false, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), text);
        assert!(lines.iter().all(|l| width_mm(l, 10.0, false) <= 60.0));
        let long = wrap(&"x".repeat(200), 10.0, false, 30.0);
        assert_eq!(long.concat(), "x".repeat(200));
    }

    #[test]
    fn a_long_document_flows_onto_numbered_pages() {
        let mut doc = Doc::new("Essai");
        doc.heading("Titre");
        for i in 0..120 {
            doc.text(&format!("Ligne {i}"));
        }
        assert!(doc.pages.len() >= 3);
        let bytes = doc.finish();
        assert!(bytes.starts_with(b"%PDF-"));
    }
}
