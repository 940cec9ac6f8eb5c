//! A `Doc` to ESC/POS bytes, for a paper width in characters. Pure: the same document and width
//! always give the same bytes, so tests assert on them. Text goes out in code page PC858 (é è à ç
//! ô €); a character the page lacks becomes a close ASCII stand-in or `?`, never UTF-8 bytes.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use escpos::driver::Driver;
use escpos::printer::Printer;
use escpos::printer_options::PrinterOptions;
use escpos::utils::{JustifyMode, PageCode, Protocol, QRCodeCorrectionLevel, QRCodeModel, QRCodeOption};

use super::{Block, Doc};

/// `ESC p m t1 t2`: pulse pin 2 (m = 0) for 50 ms on, 500 ms off. The crate's `cash_drawer()`
/// sends only `ESC p m`, and the printer then eats the next two bytes (TECH-NOTES §2).
pub const DRAWER_PULSE: [u8; 5] = [0x1B, 0x70, 0x00, 0x19, 0xFA];

/// Paper widths the tills accept, in characters per line (58 mm: 32; 80 mm: 42 or 48).
pub const WIDTHS: [i64; 3] = [32, 42, 48];

/// Collects what the printer object flushes.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Driver for Buffer {
    fn name(&self) -> String {
        "mémoire".into()
    }
    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(data);
        Ok(())
    }
    fn read(&self, _buf: &mut [u8]) -> escpos::errors::Result<usize> {
        Ok(0)
    }
    fn flush(&self) -> escpos::errors::Result<()> {
        Ok(())
    }
}

/// PC858's upper half (0x80–0xFF), read once from the crate's table. ASCII is sent as is: the
/// crate's table wrongly maps '-' to 0xF0 (the soft hyphen), so its text encoding is not used.
static PC858: LazyLock<HashMap<char, u8>> = LazyLock::new(|| {
    let mut found = HashMap::new();
    let candidates = ('\u{a0}'..='\u{17f}').chain(['€', 'ı', 'ƒ', '‗', '─', '│', '■']);
    for c in candidates {
        let buf = Buffer::default();
        let opts = PrinterOptions::new(Some(PageCode::PC858), None, 48);
        let mut p = Printer::new(buf.clone(), Protocol::default(), Some(opts));
        if p.write(&c.to_string()).and_then(|p| p.print()).is_ok() {
            let out = buf.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
            if out.len() == 1 && out[0] >= 0x80 {
                found.insert(c, out[0]);
            }
        }
    }
    found
});

/// Text in PC858 bytes (after `printable`, every character has one).
pub fn encode(text: &str) -> Vec<u8> {
    printable(text)
        .chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            c => PC858.get(&c).copied().unwrap_or(b'?'),
        })
        .collect()
}

/// The text as the printer can show it: printable ASCII, PC858's letters, stand-ins for the rest.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' '..='~' => out.push(c),
            '\t' | '\n' | '\r' => out.push(' '),
            // Typographic forms typed on phones and in office programs.
            '\u{2018}' | '\u{2019}' | '\u{2032}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' if !PC858.contains_key(&c) => out.push('"'),
            '\u{2013}' | '\u{2014}' | '\u{2212}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            '\u{202F}' | '\u{2009}' | '\u{00A0}' => out.push(' '),
            c if PC858.contains_key(&c) => out.push(c),
            c if c.is_control() => {}
            _ => out.push('?'),
        }
    }
    out
}

fn width_of(s: &str) -> usize {
    s.chars().count()
}

/// Cuts text into lines of at most `width` characters, at spaces when it can.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word = word.to_string();
        loop {
            let sep = usize::from(!line.is_empty());
            if width_of(&line) + sep + width_of(&word) <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A word longer than the line: hard cut.
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(head);
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A label and an amount on one line: the amount flush right, the label wrapped to fit before it.
pub fn row_lines(left: &str, right: &str, width: usize) -> Vec<String> {
    let right_w = width_of(right).min(width);
    let right: String = right.chars().take(right_w).collect();
    // Leading spaces are an indent ("  3 x 40,00 DA"), kept on every wrapped line.
    let body = left.trim_start_matches(' ');
    let indent = (width_of(left) - width_of(body)).min(width / 4);
    let room = width.saturating_sub(right_w + 1 + indent).max(1);
    let mut lines: Vec<String> = wrap(body, room).into_iter().map(|l| format!("{}{l}", " ".repeat(indent))).collect();
    let last = lines.pop().unwrap_or_default();
    let pad = width.saturating_sub(width_of(&last) + right_w);
    lines.push(format!("{last}{}{right}", " ".repeat(pad)));
    lines
}

type Result<T> = escpos::errors::Result<T>;

/// One printed line: its PC858 bytes, then `ESC d 1`.
fn line(p: &mut Printer<Buffer>, text: &str) -> Result<()> {
    p.custom(&encode(text))?.feed()?;
    Ok(())
}

fn emit(p: &mut Printer<Buffer>, doc: &Doc, width: usize) -> Result<()> {
    for block in &doc.blocks {
        match block {
            Block::Title(t) => {
                p.justify(JustifyMode::CENTER)?.bold(true)?.size(2, 2)?;
                for l in wrap(&printable(t), width / 2) {
                    line(p, &l)?;
                }
                p.reset_size()?.bold(false)?.justify(JustifyMode::LEFT)?;
            }
            Block::Center(t) => {
                p.justify(JustifyMode::CENTER)?;
                for l in wrap(&printable(t), width) {
                    line(p, &l)?;
                }
                p.justify(JustifyMode::LEFT)?;
            }
            Block::Text(t) => {
                for l in wrap(&printable(t), width) {
                    line(p, &l)?;
                }
            }
            Block::Row { left, right, bold } => {
                if *bold {
                    p.bold(true)?;
                }
                for l in row_lines(&printable(left), &printable(right), width) {
                    line(p, &l)?;
                }
                if *bold {
                    p.bold(false)?;
                }
            }
            Block::Rule => {
                line(p, &"-".repeat(width))?;
            }
            Block::Qr(data) => {
                p.justify(JustifyMode::CENTER)?;
                p.qrcode_option(&printable(data), QRCodeOption::new(QRCodeModel::Model2, 6, QRCodeCorrectionLevel::M))?;
                p.justify(JustifyMode::LEFT)?;
            }
            Block::Feed(n) => {
                p.feeds((*n).clamp(1, 10))?;
            }
        }
    }
    Ok(())
}

/// The bytes to send: initialise, select PC858, the blocks, feed, cut, then the drawer pulse
/// when asked (after the cut, so the receipt is out when the drawer springs).
pub fn render(doc: &Doc, width: usize, open_drawer: bool) -> Vec<u8> {
    let width = if WIDTHS.contains(&(width as i64)) { width } else { 48 };
    let buf = Buffer::default();
    let opts = PrinterOptions::new(Some(PageCode::PC858), None, width as u8);
    let mut p = Printer::new(buf.clone(), Protocol::default(), Some(opts));
    let built = (|| -> Result<()> {
        p.init()?;
        emit(&mut p, doc, width)?;
        if !doc.blocks.is_empty() {
            p.feeds(3)?.cut()?;
        }
        if open_drawer {
            p.custom(&DRAWER_PULSE)?;
        }
        p.print()?;
        Ok(())
    })();
    if let Err(e) = built {
        // Only reachable with text the table refused after `printable`: print it plainly.
        tracing::error!(error = %e, "rendu ESC/POS impossible");
    }
    buf.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn accents_are_pc858_and_no_utf8_is_left() {
        let mut doc = Doc::default();
        doc.title("Fournil").rule().text("Café crème à côté, ça coûte 3 € - pas plus").row("Éclair", "1 234,50 DA");
        let bytes = render(&doc, 32, false);
        assert!(has(&bytes, &[0x1B, b't', 19]), "PC858 selected");
        assert!(has(&bytes, &[b'C', b'a', b'f', 0x82]), "é = 0x82");
        assert!(has(&bytes, &[0x85]), "à = 0x85");
        assert!(has(&bytes, &[0x87]), "ç = 0x87");
        assert!(has(&bytes, &[0x93]), "ô = 0x93");
        assert!(has(&bytes, &[0xD5]), "€ = 0xD5");
        assert!(has(&bytes, &[0x90]), "É = 0x90");
        assert!(!has(&bytes, "é".as_bytes()) && !has(&bytes, "€".as_bytes()), "no UTF-8 left");
        assert!(!has(&bytes, &DRAWER_PULSE));
        assert!(bytes.iter().all(|&b| b != 0xF0), "an ASCII '-' stays 0x2D, never the soft hyphen");
    }

    #[test]
    fn drawer_pulse_is_the_full_five_bytes() {
        let bytes = render(&Doc::default(), 48, true);
        assert!(has(&bytes, &DRAWER_PULSE));
        assert_eq!(&bytes[..2], &[0x1B, b'@'], "starts with init");
    }

    #[test]
    fn rows_fit_the_width() {
        let lines = row_lines("Baguette tradition aux graines de sésame", "1 250,00 DA", 32);
        assert!(lines.len() >= 2);
        assert!(lines.iter().all(|l| l.chars().count() <= 32), "{lines:?}");
        assert!(lines.last().unwrap().ends_with("1 250,00 DA"));
        assert_eq!(lines.last().unwrap().chars().count(), 32);
    }

    /// A small ESC/POS reader: the printed lines (PC858 bytes back to text), and the commands.
    /// Panics on a command it does not know, so stray bytes cannot hide.
    fn decode(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
        let (mut lines, mut cmds, mut line) = (Vec::new(), Vec::new(), Vec::<u8>::new());
        let mut i = 0;
        let flush = |line: &mut Vec<u8>, lines: &mut Vec<String>| {
            let text: String = line.iter().map(|&b| if b < 0x80 { b as char } else { '·' }).collect();
            lines.push(text);
            line.clear();
        };
        while i < bytes.len() {
            match bytes[i] {
                0x1B => {
                    let (name, len) = match bytes[i + 1] {
                        b'@' => ("init", 2),
                        b't' => ("page", 3),
                        b'a' => ("justify", 3),
                        b'E' => ("bold", 3),
                        b'd' => ("feed", 3),
                        b'p' => ("drawer", 5),
                        b'2' => ("spacing", 2),
                        other => panic!("ESC {other:#x}"),
                    };
                    if name == "feed" {
                        flush(&mut line, &mut lines);
                    }
                    cmds.push(name.to_string());
                    i += len;
                }
                0x1D => match bytes[i + 1] {
                    b'!' => {
                        cmds.push("size".into());
                        i += 3;
                    }
                    b'V' => {
                        cmds.push("cut".into());
                        i += if bytes[i + 2] >= 65 { 4 } else { 3 };
                    }
                    b'(' if bytes[i + 2] == b'k' => {
                        let n = usize::from(bytes[i + 3]) + 256 * usize::from(bytes[i + 4]);
                        cmds.push("qr".into());
                        i += 5 + n;
                    }
                    other => panic!("GS {other:#x}"),
                },
                0x0A => {
                    flush(&mut line, &mut lines);
                    i += 1;
                }
                b => {
                    line.push(b);
                    i += 1;
                }
            }
        }
        if !line.is_empty() {
            flush(&mut line, &mut lines);
        }
        (lines, cmds)
    }

    #[test]
    fn a_receipt_decodes_to_lines_that_fit() {
        for width in [32usize, 42, 48] {
            let mut doc = Doc::default();
            doc.title("Boulangerie du Centre-Ville").center("12 rue Didouche Mourad, Alger Centre").rule();
            doc.text("Baguette tradition aux graines de sésame et de lin").row("  2 x 60,00 DA", "120,00 DA");
            doc.total("TOTAL", "1 234 567,50 DA").push(Block::Qr("https://fournil.example/t/123".into()));
            doc.push(Block::Feed(1));
            let (lines, cmds) = decode(&render(&doc, width, true));
            assert!(cmds.starts_with(&["init".to_string(), "page".to_string()]), "{cmds:?}");
            assert!(cmds.contains(&"qr".to_string()) && cmds.contains(&"cut".to_string()));
            assert_eq!(cmds.last().map(String::as_str), Some("drawer"));
            assert!(lines.iter().all(|l| l.chars().count() <= width), "{width}: {lines:?}");
            assert!(lines.iter().any(|l| l.ends_with("1 234 567,50 DA") && l.starts_with("TOTAL")));
            assert!(lines.iter().any(|l| l.starts_with("  2 x 60,00 DA") && l.ends_with("120,00 DA")), "{lines:?}");
            assert!(lines.contains(&"-".repeat(width)), "{lines:?}");
        }
    }

    #[test]
    fn unknown_characters_become_stand_ins() {
        assert_eq!(printable("l’été — «ok» 🍞 خبز"), "l'été - «ok» ? ???");
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }
}
