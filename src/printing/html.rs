//! The same `Doc` as HTML, for a till without a receipt printer (`aucun`): a narrow receipt the
//! browser prints (only the receipt on paper; styles in app.css, `.receipt`).

use maud::{Markup, html};

use super::{Block, Doc};

/// A receipt-looking block; everything escaped by maud.
pub fn html(doc: &Doc) -> Markup {
    html! {
        div.receipt {
            @for block in &doc.blocks {
                @match block {
                    Block::Title(t) => p.r-title { (t) },
                    Block::Center(t) => p.r-center { (t) },
                    Block::Text(t) => p.r-text { (t) },
                    Block::Row { left, right, bold } => p.r-row.r-bold[*bold] { span { (left) } span { (right) } },
                    Block::Rule => hr.r-rule;,
                    Block::Qr(t) => p.r-center.r-qr { "[QR] " (t) },
                    Block::Feed(_) => p.r-feed {},
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_keeps_the_rows() {
        let mut doc = Doc::default();
        doc.title("<b>Fournil</b>").total("TOTAL", "1 234,50 DA");
        let out = html(&doc).into_string();
        assert!(out.contains("&lt;b&gt;Fournil"));
        assert!(out.contains("r-row r-bold"));
        assert!(out.contains("1 234,50 DA"));
    }

    #[test]
    fn a_doc_survives_its_json() {
        let mut doc = Doc::default();
        doc.title("Fournil").center("Alger").text("x").row("a", "b").total("T", "1").rule();
        doc.push(Block::Qr("q".into())).push(Block::Feed(2));
        let json = serde_json::to_string(&doc).unwrap();
        assert_eq!(serde_json::from_str::<Doc>(&json).unwrap(), doc);
    }
}
