//! The shape of `src/`, measured (ARCHITECTURE §1, STYLE §3.5 and §3.12, issue #11):
//! - a page handler (`#[handler]`) and an API operation (`#[oai]`) stay at or under 30 lines;
//! - any other function stays at or under 80 lines, outside `demo/` and the route table;
//! - SQL text appears only in a domain's `store.rs` or `store/`, in `db/`, and in `demo/`/`bench/`.
//!
//! `cargo test shape -- --nocapture` lists what is over. `KNOWN` names what was over when the
//! check was written; it may only shrink: an entry that is no longer over fails the test too.

use std::path::{Path, PathBuf};

const HANDLER_MAX: usize = 30;
const FUNCTION_MAX: usize = 80;

/// Functions over their limit when this check was written ("file:function"). Remove as fixed.
const KNOWN: &[&str] = &[];

#[test]
fn handlers_and_functions_stay_short_and_sql_stays_in_stores() {
    let src = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let mut found = Vec::new();
    for path in rust_files(src) {
        let rel = path.strip_prefix(src).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        let code = non_test_part(&text);
        for f in functions(code) {
            let limit = if f.handler { HANDLER_MAX } else { FUNCTION_MAX };
            let exempt = rel.starts_with("demo/") || (rel == "routes/table.rs" && f.name == "entries");
            if f.lines > limit && !exempt {
                found.push(format!("{rel}:{}", f.name));
                println!("{rel}:{} {} lines (limit {limit})", f.name, f.lines);
            }
        }
        let sql_home = rel.ends_with("/store.rs")
            || rel.contains("/store/")
            || rel.starts_with("db/")
            || rel.starts_with("demo/")
            || rel.starts_with("bench/");
        if !sql_home {
            for (line, s) in strings(code) {
                if looks_like_sql(&s) {
                    found.push(format!("{rel}:sql"));
                    println!("{rel}:{line} SQL outside a store: {}", s.trim().chars().take(60).collect::<String>());
                }
            }
        }
    }
    found.sort();
    found.dedup();
    let new: Vec<&String> = found.iter().filter(|f| !KNOWN.contains(&f.as_str())).collect();
    let fixed: Vec<&&str> = KNOWN.iter().filter(|k| !found.iter().any(|f| f == *k)).collect();
    assert!(new.is_empty(), "over the limits (see the list above): {new:?}");
    assert!(fixed.is_empty(), "no longer over: remove from KNOWN: {fixed:?}");
}

#[test]
fn the_measures_see_what_they_claim() {
    let code = "#[handler]\npub async fn page(\n  a: A,\n) -> R {\n  let s = \"}\";\n  x()\n}\n\nfn small() { let q = \"SELECT id FROM t\"; }\n";
    let fs = functions(code);
    assert_eq!(fs.len(), 2);
    assert!(fs[0].handler && fs[0].name == "page" && fs[0].lines == 7, "{:?}", fs[0]);
    assert!(!fs[1].handler && fs[1].lines == 1, "{:?}", fs[1]);
    assert!(strings(code).iter().any(|(_, s)| looks_like_sql(s)));
    assert!(!looks_like_sql("Sélectionnez un produit"));
}

#[derive(Debug)]
struct Function {
    name: String,
    handler: bool,
    lines: usize,
}

fn looks_like_sql(s: &str) -> bool {
    let t = s.trim_start();
    let starts = |k: &str| t.starts_with(k);
    starts("SELECT ")
        || starts("INSERT ")
        || (starts("UPDATE ") && t.contains(" SET "))
        || starts("DELETE FROM")
        || starts("CREATE ")
        || starts("PRAGMA ")
        || (starts("WITH ") && t.contains("SELECT"))
        || starts("SAVEPOINT ")
        || starts("RELEASE ")
        || starts("ROLLBACK TO")
        || t.contains(" FROM ") && t.contains(" WHERE ")
}

/// Every `fn` with a body: its name, whether it is a handler, and its length in lines (from its
/// first attribute or doc comment to its closing brace).
fn functions(code: &str) -> Vec<Function> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = fn_name(line) else { continue };
        // The item starts at its first attribute or doc comment, as the review measured it.
        let mut start = i;
        while start > 0 && matches!(lines[start - 1].trim_start().get(..2), Some("#[" | "//")) {
            start -= 1;
        }
        let handler = (start..i).any(|k| lines[k].contains("#[handler]") || lines[k].contains("#[oai("));
        // Find the body's opening brace, then its match, skipping strings and comments.
        let rest: String = lines[i..].join("\n");
        let Some(end_line) = body_end(&rest) else { continue };
        out.push(Function { name, handler, lines: end_line + 1 + (i - start) });
    }
    out
}

fn fn_name(line: &str) -> Option<String> {
    let t = line.trim_start();
    let t = t
        .strip_prefix("pub(crate) ")
        .or_else(|| t.strip_prefix("pub(super) "))
        .or_else(|| t.strip_prefix("pub "))
        .unwrap_or(t);
    let t = t.strip_prefix("async ").unwrap_or(t);
    let t = t.strip_prefix("const ").unwrap_or(t);
    let t = t.strip_prefix("fn ")?;
    Some(t.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
}

/// The line (0-based, relative to `text`) of the brace that closes the first body, or None for a
/// declaration without a body.
fn body_end(text: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    let (mut depth, mut line, mut i, mut paren) = (0i32, 0usize, 0usize, 0i32);
    let mut opened = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => line += 1,
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    } else if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 2,
            '(' | '<' if !opened => paren += 1,
            ')' | '>' if !opened => paren -= 1,
            ';' if !opened && paren <= 0 => return None,
            '{' => {
                depth += 1;
                opened = true;
            }
            '}' => {
                depth -= 1;
                if opened && depth == 0 {
                    return Some(line);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// String literals (plain and raw) with the line they start on.
fn strings(code: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = code.chars().collect();
    let (mut out, mut line, mut i) = (Vec::new(), 1usize, 0usize);
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        } else if c == 'r' && matches!(chars.get(i + 1), Some('"') | Some('#')) && !prev_is_ident(&chars, i) {
            let start_line = line;
            let mut hashes = 0;
            i += 1;
            while chars.get(i) == Some(&'#') {
                hashes += 1;
                i += 1;
            }
            if chars.get(i) != Some(&'"') {
                continue;
            }
            i += 1;
            let mut s = String::new();
            while i < chars.len() {
                if chars[i] == '"' && (0..hashes).all(|h| chars.get(i + 1 + h) == Some(&'#')) {
                    i += hashes;
                    break;
                }
                if chars[i] == '\n' {
                    line += 1;
                }
                s.push(chars[i]);
                i += 1;
            }
            out.push((start_line, s));
        } else if c == '"' {
            let start_line = line;
            let mut s = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if chars.get(i) == Some(&'\n') {
                    line += 1;
                }
                if let Some(ch) = chars.get(i) {
                    s.push(*ch);
                }
                i += 1;
            }
            out.push((start_line, s));
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 2;
        }
        i += 1;
    }
    out
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

fn non_test_part(text: &str) -> &str {
    match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}
