//! Charts drawn by the server as SVG (no script): bars over time, horizontal bars, a heatmap.
//! Each scales to its container (a 768 px tablet, a printed page) through its viewBox; the
//! numbers are always also in a table beside it.

use maud::{Markup, html};

use crate::money::Money;

const W: i64 = 720;
const H: i64 = 240;
const LEFT: i64 = 70;
const BOTTOM: i64 = 40;

fn short_money(cents: i64) -> String {
    let da = cents / 100;
    if da.abs() >= 1_000_000 {
        format!("{},{} M", da / 1_000_000, (da.abs() % 1_000_000) / 100_000)
    } else if da.abs() >= 1_000 {
        format!("{} k", da / 1_000)
    } else {
        da.to_string()
    }
}

/// Vertical bars, one per bucket (label, cents), with the highest value's gridline.
pub fn bars(title: &str, series: &[(String, i64)]) -> Markup {
    let max = series.iter().map(|s| s.1).max().unwrap_or(0).max(1);
    let n = series.len().max(1) as i64;
    let step = (W - LEFT - 10) / n;
    let bar = (step * 7 / 10).max(2);
    let every = (n / 12 + 1) as usize;
    let y = |v: i64| H - BOTTOM - (v.max(0) * (H - BOTTOM - 20) / max);
    html! {
        svg.chart viewBox=(format!("0 0 {W} {H}")) role="img" aria-label=(title) {
            title { (title) }
            line.grid-line x1=(LEFT) x2=(W - 10) y1=(y(max)) y2=(y(max)) {}
            text x=(LEFT - 6) y=(y(max) + 4) text-anchor="end" { (short_money(max)) }
            text x=(LEFT - 6) y=(H - BOTTOM + 4) text-anchor="end" { "0" }
            line.axis x1=(LEFT) x2=(W - 10) y1=(H - BOTTOM) y2=(H - BOTTOM) {}
            @for (i, (label, v)) in series.iter().enumerate() {
                @let x = LEFT + i as i64 * step + (step - bar) / 2;
                rect.bar x=(x) y=(y(*v)) width=(bar) height=((H - BOTTOM) - y(*v)) {
                    title { (label) " : " (Money::from_cents(*v).to_string()) }
                }
                @if i % every == 0 {
                    text x=(x + bar / 2) y=(H - BOTTOM + 16) text-anchor="middle" { (label) }
                }
            }
        }
    }
}

/// Horizontal bars (label, cents), largest first, one row each.
pub fn hbars(title: &str, rows: &[(String, i64)]) -> Markup {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let row_h = 26;
    let height = (rows.len() as i64 * row_h + 10).max(40);
    let label_w = 220;
    html! {
        svg.chart viewBox=(format!("0 0 {W} {height}")) role="img" aria-label=(title) {
            title { (title) }
            @for (i, (label, v)) in rows.iter().enumerate() {
                @let y = 5 + i as i64 * row_h;
                @let w = v.max(&0) * (W - label_w - 110) / max;
                text x=(label_w - 8) y=(y + 17) text-anchor="end" { (clip(label)) }
                rect.bar x=(label_w) y=(y + 3) width=(w.max(1)) height=(row_h - 8) {}
                text x=(label_w + w + 6) y=(y + 17) { (short_money(*v)) " DA" }
            }
        }
    }
}

fn clip(s: &str) -> String {
    if s.chars().count() > 28 { format!("{}…", s.chars().take(27).collect::<String>()) } else { s.to_string() }
}

pub const WEEKDAYS: [&str; 7] = ["Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim"];

/// Hour × weekday: one cell per hour the shop sold something, darker the more it sold.
pub fn heatmap(title: &str, grid: &[[(i64, i64); 24]], hours: std::ops::RangeInclusive<usize>) -> Markup {
    let max = grid.iter().flat_map(|r| r.iter().map(|c| c.0)).max().unwrap_or(0).max(1);
    let cols = hours.clone().count().max(1) as i64;
    let cell = (W - 50) / cols;
    let height = 7 * 28 + 30;
    html! {
        svg.chart viewBox=(format!("0 0 {W} {height}")) role="img" aria-label=(title) {
            title { (title) }
            @for (d, row) in grid.iter().enumerate() {
                text x="40" y=(d as i64 * 28 + 19) text-anchor="end" { (WEEKDAYS[d]) }
                @for (j, h) in hours.clone().enumerate() {
                    @let v = row[h].0;
                    @let alpha = if v <= 0 { 0 } else { 10 + v * 90 / max };
                    rect x=(46 + j as i64 * cell) y=(d as i64 * 28) width=(cell - 2) height="26"
                        fill="#c8873a" fill-opacity=(opacity(alpha)) stroke="#e5dccf" {
                        title { (WEEKDAYS[d]) " " (h) " h : " (Money::from_cents(v).to_string()) }
                    }
                }
            }
            @for (j, h) in hours.enumerate() {
                text x=(46 + j as i64 * cell + cell / 2) y=(7 * 28 + 18) text-anchor="middle" { (h) "h" }
            }
        }
    }
}

/// A percentage as an SVG opacity: `0.45`, `1`.
fn opacity(pct: i64) -> String {
    if pct >= 100 { "1".into() } else { format!("0.{:02}", pct.max(0)) }
}
