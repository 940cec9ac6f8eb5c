//! Tables of a `Doc`: columns with relative widths and an alignment, a bold header repeated on
//! every page the table spans, rows wrapped within their cells, bold total rows under a rule.

use super::{BODY, CONTENT_W, Doc, MARGIN, line_h, printable, width_mm, wrap};

/// Where a column's text sits: words on the left, amounts on the right.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Align {
    Left,
    Right,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Total,
}

/// A table: `Table::new(&[("Rubrique", 3.0, Align::Left), ("Montant", 1.0, Align::Right)])`, then
/// `.row(…)` and `.total(…)`, then `doc.table(&t)`.
pub struct Table {
    columns: Vec<(String, f32, Align)>,
    rows: Vec<(Vec<String>, Style)>,
}

/// Room between a cell's text and its column's edges, in mm.
const PAD: f32 = 1.5;

impl Table {
    /// Columns as (title, relative width, alignment).
    pub fn new(columns: &[(&str, f32, Align)]) -> Table {
        let columns = columns.iter().map(|(t, w, a)| (printable(t), w.max(0.1), *a)).collect();
        Table { columns, rows: Vec::new() }
    }

    /// A row; missing cells are empty, extra cells are ignored.
    pub fn row<S: AsRef<str>>(mut self, cells: &[S]) -> Table {
        self.push(cells, Style::Plain);
        self
    }

    /// A bold row under a rule (a subtotal, the total).
    pub fn total<S: AsRef<str>>(mut self, cells: &[S]) -> Table {
        self.push(cells, Style::Total);
        self
    }

    /// Adds a row to a table held in a variable (`t.add(&[…])` in a loop).
    pub fn add<S: AsRef<str>>(&mut self, cells: &[S]) {
        self.push(cells, Style::Plain);
    }

    /// Adds a total row to a table held in a variable.
    pub fn add_total<S: AsRef<str>>(&mut self, cells: &[S]) {
        self.push(cells, Style::Total);
    }

    fn push<S: AsRef<str>>(&mut self, cells: &[S], style: Style) {
        let mut row: Vec<String> = cells.iter().take(self.columns.len()).map(|c| printable(c.as_ref())).collect();
        row.resize(self.columns.len(), String::new());
        self.rows.push((row, style));
    }

    /// Each column's left edge and width, in mm.
    fn layout(&self) -> Vec<(f32, f32)> {
        let total: f32 = self.columns.iter().map(|c| c.1).sum();
        let mut x = MARGIN;
        self.columns
            .iter()
            .map(|c| {
                let w = CONTENT_W * c.1 / total;
                x += w;
                (x - w, w)
            })
            .collect()
    }

    pub(super) fn draw(&self, doc: &mut Doc) {
        let layout = self.layout();
        let header: Vec<String> = self.columns.iter().map(|c| c.0.clone()).collect();
        doc.need(line_h(BODY) * 3.0);
        self.draw_header(doc, &layout, &header);
        for (cells, style) in &self.rows {
            let bold = *style == Style::Total;
            let wrapped: Vec<Vec<String>> =
                cells.iter().zip(&layout).map(|(c, (_, w))| wrap(c, BODY, bold, w - 2.0 * PAD)).collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(1) as f32 * line_h(BODY);
            if doc.need(height + 1.0) {
                self.draw_header(doc, &layout, &header);
            }
            if bold {
                doc.line(MARGIN, doc.y + 0.3, MARGIN + CONTENT_W, doc.y + 0.3);
                doc.y += 0.8;
            }
            self.draw_cells(doc, &layout, &wrapped, bold);
            doc.y += height + 0.6;
        }
        doc.y += 2.0;
    }

    fn draw_header(&self, doc: &mut Doc, layout: &[(f32, f32)], header: &[String]) {
        let wrapped: Vec<Vec<String>> =
            header.iter().zip(layout).map(|(c, (_, w))| wrap(c, BODY, true, w - 2.0 * PAD)).collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1) as f32 * line_h(BODY);
        self.draw_cells(doc, layout, &wrapped, true);
        doc.y += height + 0.5;
        doc.line(MARGIN, doc.y, MARGIN + CONTENT_W, doc.y);
        doc.y += 1.0;
    }

    fn draw_cells(&self, doc: &mut Doc, layout: &[(f32, f32)], wrapped: &[Vec<String>], bold: bool) {
        let top = doc.y;
        for ((lines, (x, w)), column) in wrapped.iter().zip(layout).zip(&self.columns) {
            for (i, line) in lines.iter().enumerate() {
                let left = match column.2 {
                    Align::Left => x + PAD,
                    Align::Right => x + w - PAD - width_mm(line, BODY, bold),
                };
                doc.y = top + i as f32 * line_h(BODY);
                doc.put(left, line, BODY, bold);
            }
        }
        doc.y = top;
    }
}
