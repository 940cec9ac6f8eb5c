//! The text of a PDF the app wrote, to assert on what a payslip, an invoice or a statement says.

/// Every page's text, in order, pages separated by a form feed.
pub fn text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages.iter().map(|p| doc.extract_text(&[*p]).expect("its text")).collect::<Vec<_>>().join("\u{c}")
}
