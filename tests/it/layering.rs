//! The layering of `src/`, measured: no import cycle may span more than one domain folder (a
//! parent and its children). Run alone with `cargo test layering -- --nocapture` to see the
//! largest cycles.
//!
//! How it measures: every non-test `.rs` file is a node; an edge goes from a file to the file of
//! every module it names through `crate::`, `super::`, `self::`, an imported module name or a
//! child module (in code, `use` trees and macro bodies such as maud's `html!`; comments and
//! strings are skipped). Tarjan's algorithm finds the strongly connected components.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[test]
fn no_import_cycle_spans_two_domains() {
    let graph =
        Graph::of(Path::new(option_env!("LAYERING_SRC").unwrap_or(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))));
    let cycles = graph.cycles();
    let crossing: Vec<&Vec<String>> =
        cycles.iter().filter(|c| c.iter().map(|f| domain_of(f)).collect::<BTreeSet<_>>().len() > 1).collect();
    for c in cycles.iter().take(5) {
        println!("cycle of {} files: {}", c.len(), c.join(", "));
    }
    assert!(graph.edges.len() > 300, "the scan found too few edges ({}): the parser is broken", graph.edges.len());
    assert!(crossing.is_empty(), "import cycles across domains:\n{}", describe(&graph, &crossing));
}

#[test]
fn the_scan_sees_a_cycle_when_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("lib.rs", "pub mod a; pub mod b; pub mod c;");
    write("a/mod.rs", "pub mod web;\n// crate::c::X in a comment is no edge\n");
    write("a/web.rs", "use crate::{b::{self, Thing}};\nfn f() { b::go(); let s = \"crate::c\"; }");
    write("b.rs", "fn g() { html! { (crate::a::web::page()) } }");
    write("c.rs", "#[cfg(test)]\nmod tests { use crate::a; }");
    let graph = Graph::of(dir.path());
    let cycles = graph.cycles();
    assert_eq!(cycles, vec![vec!["a/web.rs".to_string(), "b.rs".to_string()]]);
    assert!(!graph.edges.iter().any(|(_, to)| to == "c.rs"), "comments, strings and tests are no edges");
}

fn domain_of(file: &str) -> &str {
    file.split('/').next().unwrap_or(file).trim_end_matches(".rs")
}

fn describe(graph: &Graph, cycles: &[&Vec<String>]) -> String {
    let mut out = String::new();
    for c in cycles {
        out.push_str(&format!("- {} files: {}\n", c.len(), c.join(", ")));
        let inside: BTreeSet<&String> = c.iter().collect();
        for (from, to) in &graph.edges {
            if inside.contains(from) && inside.contains(to) && domain_of(from) != domain_of(to) {
                out.push_str(&format!("    {from} -> {to}\n"));
            }
        }
    }
    out
}

struct Graph {
    files: Vec<String>,
    edges: BTreeSet<(String, String)>,
}

impl Graph {
    fn of(src: &Path) -> Graph {
        let mut modules: BTreeMap<Vec<String>, String> = BTreeMap::new();
        let mut sources = Vec::new();
        for path in rust_files(src) {
            let rel = path.strip_prefix(src).unwrap().to_string_lossy().replace('\\', "/");
            modules.insert(module_of(&rel), rel.clone());
            sources.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
        let mut edges = BTreeSet::new();
        for (rel, text) in &sources {
            let here = module_of(rel);
            for target in references(&here, &tokens(non_test_part(text))) {
                if let Some(file) = resolve(&modules, &target)
                    && file != rel
                {
                    edges.insert((rel.clone(), file.clone()));
                }
            }
        }
        Graph { files: sources.into_iter().map(|(r, _)| r).collect(), edges }
    }

    /// Strongly connected components of more than one file, largest first (Tarjan).
    fn cycles(&self) -> Vec<Vec<String>> {
        let index_of: BTreeMap<&str, usize> = self.files.iter().enumerate().map(|(i, f)| (f.as_str(), i)).collect();
        let mut next = vec![Vec::new(); self.files.len()];
        for (a, b) in &self.edges {
            next[index_of[a.as_str()]].push(index_of[b.as_str()]);
        }
        let mut t =
            Tarjan { next, index: vec![None; self.files.len()], low: vec![0; self.files.len()], ..Default::default() };
        for v in 0..self.files.len() {
            if t.index[v].is_none() {
                t.visit(v);
            }
        }
        let mut out: Vec<Vec<String>> = t
            .components
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let mut names: Vec<String> = c.into_iter().map(|i| self.files[i].clone()).collect();
                names.sort();
                names
            })
            .collect();
        out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        out
    }
}

#[derive(Default)]
struct Tarjan {
    next: Vec<Vec<usize>>,
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    stack: Vec<usize>,
    on_stack: BTreeSet<usize>,
    counter: usize,
    components: Vec<Vec<usize>>,
}

impl Tarjan {
    fn visit(&mut self, v: usize) {
        self.index[v] = Some(self.counter);
        self.low[v] = self.counter;
        self.counter += 1;
        self.stack.push(v);
        self.on_stack.insert(v);
        for w in self.next[v].clone() {
            match self.index[w] {
                None => {
                    self.visit(w);
                    self.low[v] = self.low[v].min(self.low[w]);
                }
                Some(iw) if self.on_stack.contains(&w) => self.low[v] = self.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(self.low[v]) == self.index[v] {
            let mut component = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on_stack.remove(&w);
                component.push(w);
                if w == v {
                    break;
                }
            }
            self.components.push(component);
        }
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

/// `pos/ops/mod.rs` → `[pos, ops]`; `lib.rs` and `main.rs` → `[]`.
fn module_of(rel: &str) -> Vec<String> {
    let trimmed = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// The file of the longest prefix of `path` that is a module.
fn resolve<'m>(modules: &'m BTreeMap<Vec<String>, String>, path: &[String]) -> Option<&'m String> {
    (1..=path.len()).rev().find_map(|n| modules.get(&path[..n]))
}

/// A file's text before its test module.
fn non_test_part(text: &str) -> &str {
    match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Sep, // `::`
    Punct(char),
}

/// Identifiers, `::` and punctuation; comments, strings and character literals are dropped.
fn tokens(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = |k: usize| chars.get(i + k).copied().unwrap_or('\0');
        if c == '/' && at(1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(1) == '*' {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (at(1) == '"' || (at(1) == '#' && (at(2) == '"' || at(2) == '#'))) {
            // raw string r"…" or r#"…"#
            let mut hashes = 0;
            i += 1;
            while i < chars.len() && chars[i] == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1;
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '"' && (0..hashes).all(|h| chars.get(i + 1 + h) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' {
            // a char literal ('a', '\n', '\u{..}') or a lifetime ('a): skip the literal only
            if at(1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else if c == ':' && at(1) == ':' {
            out.push(Tok::Sep);
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(Tok::Punct(c));
            }
            i += 1;
        }
    }
    out
}

/// Every module path the tokens name, absolute (without `crate`).
fn references(here: &[String], toks: &[Tok]) -> Vec<Vec<String>> {
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut out = Vec::new();
    // Child modules (`mod web;`) are named by their own name.
    for w in toks.windows(3) {
        if let [Tok::Ident(kw), Tok::Ident(name), Tok::Punct(';')] = w
            && kw == "mod"
        {
            let mut path = here.to_vec();
            path.push(name.clone());
            aliases.insert(name.clone(), path);
        }
    }
    // First the `use` declarations: they bind names and are references themselves.
    let mut i = 0;
    while i < toks.len() {
        if toks[i] == Tok::Ident("use".into()) {
            let mut j = i + 1;
            let mut bound = Vec::new();
            use_tree(here, toks, &mut j, Vec::new(), &mut bound);
            for (name, path) in bound {
                if !path.is_empty() {
                    out.push(path.clone());
                }
                if name != "*" {
                    aliases.insert(name, path);
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    // Then every path in the code: `a::b::c`.
    let mut i = 0;
    while i < toks.len() {
        let Tok::Ident(first) = &toks[i] else {
            i += 1;
            continue;
        };
        let preceded_by_sep = i > 0 && toks[i - 1] == Tok::Sep;
        if preceded_by_sep || toks.get(i + 1) != Some(&Tok::Sep) {
            i += 1;
            continue;
        }
        let mut segs = vec![first.clone()];
        let mut j = i + 1;
        while toks.get(j) == Some(&Tok::Sep) {
            match toks.get(j + 1) {
                Some(Tok::Ident(s)) => {
                    segs.push(s.clone());
                    j += 2;
                }
                _ => break,
            }
        }
        if let Some(abs) = absolute(here, &segs, &aliases) {
            out.push(abs);
        }
        i = j;
    }
    out
}

/// A path's absolute form, if it names this crate.
fn absolute(here: &[String], segs: &[String], aliases: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    let (base, rest): (Vec<String>, &[String]) = match segs[0].as_str() {
        "crate" => (Vec::new(), &segs[1..]),
        "self" => (here.to_vec(), &segs[1..]),
        "super" => {
            let mut base = here.to_vec();
            let mut k = 0;
            while segs.get(k).is_some_and(|s| s == "super") {
                base.pop();
                k += 1;
            }
            (base, &segs[k..])
        }
        name => match aliases.get(name) {
            Some(path) => (path.clone(), &segs[1..]),
            None => return None,
        },
    };
    let mut path = base;
    path.extend(rest.iter().cloned());
    Some(path)
}

/// Reads one `use` tree at `toks[*j]`, pushing (bound name, absolute path) pairs.
fn use_tree(here: &[String], toks: &[Tok], j: &mut usize, prefix: Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    let mut segs = prefix;
    loop {
        match toks.get(*j) {
            Some(Tok::Punct('{')) => {
                *j += 1;
                loop {
                    use_tree(here, toks, j, segs.clone(), out);
                    match toks.get(*j) {
                        Some(Tok::Punct(',')) => *j += 1,
                        Some(Tok::Punct('}')) => {
                            *j += 1;
                            return;
                        }
                        _ => return,
                    }
                    if toks.get(*j) == Some(&Tok::Punct('}')) {
                        *j += 1;
                        return;
                    }
                }
            }
            Some(Tok::Punct('*')) => {
                *j += 1;
                if let Some(abs) = absolute(here, &segs, &BTreeMap::new()) {
                    out.push(("*".into(), abs));
                }
                return;
            }
            Some(Tok::Ident(s)) => {
                if s == "self" && !segs.is_empty() {
                    *j += 1;
                    let name = segs.last().cloned().unwrap_or_default();
                    let mut name = name;
                    if toks.get(*j) == Some(&Tok::Ident("as".into()))
                        && let Some(Tok::Ident(alias)) = toks.get(*j + 1)
                    {
                        name = alias.clone();
                        *j += 2;
                    }
                    if let Some(abs) = absolute(here, &segs, &BTreeMap::new()) {
                        out.push((name, abs));
                    }
                    return;
                }
                segs.push(s.clone());
                *j += 1;
                if toks.get(*j) == Some(&Tok::Sep) {
                    *j += 1;
                    continue;
                }
                let mut name = s.clone();
                if toks.get(*j) == Some(&Tok::Ident("as".into()))
                    && let Some(Tok::Ident(alias)) = toks.get(*j + 1)
                {
                    name = alias.clone();
                    *j += 2;
                }
                if let Some(abs) = absolute(here, &segs, &BTreeMap::new()) {
                    out.push((name, abs));
                }
                return;
            }
            _ => return,
        }
    }
}
