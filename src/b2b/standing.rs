//! Standing orders ("abonnements"): per business customer, the quantities per product for each
//! day of the Algerian week (samedi first; vendredi is often closed), a cut-off the day before
//! delivery, the dates it runs, and what it does on the special days of the B2B calendar
//! (public holidays, Ramadan, Aïd: deliver as usual, skip, or an alternate grid). A one-off change
//! of one date (other quantities, or nothing that day) leaves the template as it is. Generating
//! a day makes the B2B orders of that day through the same operation as the order page (credit
//! limit included), so they feed the production plan; generating twice makes nothing new.
//!
//! Owns `b2b_standing`, `b2b_standing_lines`, `b2b_standing_days`, `b2b_standing_day_lines`,
//! `b2b_calendar`. Its SQL is in `store/standing.rs`, its operations in `ops/standing.rs`.

use chrono::{Datelike, NaiveDate, NaiveTime};

use crate::error::FieldErrors;
use crate::money::Qty;

/// The days of the week as the shop writes them, samedi first.
pub const WEEKDAYS: [&str; 7] = ["Sa", "Di", "Lu", "Ma", "Me", "Je", "Ve"];

/// The day's place in the Algerian week: 0 = samedi … 6 = vendredi.
pub fn weekday_of(day: NaiveDate) -> usize {
    (day.weekday().num_days_from_monday() as usize + 2) % 7
}

/// What a standing order does on a special day of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum OnSpecial {
    Normal,
    Skip,
    Alternate,
}

impl OnSpecial {
    pub const ALL: [OnSpecial; 3] = [OnSpecial::Normal, OnSpecial::Skip, OnSpecial::Alternate];

    pub fn code(self) -> &'static str {
        match self {
            OnSpecial::Normal => "normal",
            OnSpecial::Skip => "saute",
            OnSpecial::Alternate => "alterne",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OnSpecial::Normal => "Livrer comme d'habitude",
            OnSpecial::Skip => "Ne rien livrer",
            OnSpecial::Alternate => "Livrer la grille des jours spéciaux",
        }
    }

    pub fn from_code(code: &str) -> Option<OnSpecial> {
        OnSpecial::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// A row of a grid: one product, its quantity for each day (samedi first; zero: none that day).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GridLine {
    pub product_id: i64,
    pub qty: [Qty; 7],
}

/// The lines of a grid for one day of the week.
pub fn lines_on(grid: &[GridLine], weekday: usize) -> Vec<(i64, Qty)> {
    grid.iter().filter(|l| l.qty[weekday].milli() > 0).map(|l| (l.product_id, l.qty[weekday])).collect()
}

/// A standing order as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub id: i64,
    pub customer_id: i64,
    pub customer: String,
    pub active_from: NaiveDate,
    pub active_to: Option<NaiveDate>,
    pub cutoff: NaiveTime,
    pub on_special: OnSpecial,
    pub normal: Vec<GridLine>,
    pub alternate: Vec<GridLine>,
}

impl Standing {
    pub fn runs_on(&self, day: NaiveDate) -> bool {
        day >= self.active_from && self.active_to.is_none_or(|to| day <= to)
    }

    /// The last moment its order for `day` may change: the cut-off, the day before.
    pub fn deadline(&self, day: NaiveDate) -> chrono::NaiveDateTime {
        day.pred_opt().unwrap_or(day).and_time(self.cutoff)
    }
}

/// A standing order as typed, checked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StandingDraft {
    pub customer_id: i64,
    pub active_from: NaiveDate,
    pub active_to: Option<NaiveDate>,
    pub cutoff: NaiveTime,
    pub on_special: OnSpecial,
    pub normal: Vec<GridLine>,
    pub alternate: Vec<GridLine>,
}

/// A row of the grid form as typed: the product, then the normal and the alternate quantities.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RowInput {
    pub product: String,
    pub normal: [String; 7],
    pub alternate: [String; 7],
}

/// A standing order as typed (all text): the page's form and the API share it.
#[derive(Debug, Clone, Default)]
pub struct StandingInput {
    pub customer_id: String,
    pub active_from: String,
    pub active_to: String,
    pub cutoff: String,
    pub on_special: String,
    pub rows: Vec<RowInput>,
}

fn date(e: &mut FieldErrors, field: &str, text: &str, required: bool) -> Option<NaiveDate> {
    match text.trim() {
        "" if !required => None,
        "" => {
            e.add(field, "Indiquez la date.");
            None
        }
        t => NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| e.add(field, "Date invalide (AAAA-MM-JJ).")).ok(),
    }
}

/// A quantity of the grid: empty is none, never negative.
pub fn grid_qty(e: &mut FieldErrors, field: &str, text: &str) -> Qty {
    let t = text.trim();
    if t.is_empty() {
        return Qty::ZERO;
    }
    if t.starts_with('-') {
        e.add(field, "Quantité négative : indiquez 0 ou laissez vide.");
        return Qty::ZERO;
    }
    Qty::parse(t).unwrap_or_else(|_| {
        e.add(field, "Quantité invalide : un nombre, par exemple 12 ou 2,5.");
        Qty::ZERO
    })
}

fn grid(e: &mut FieldErrors, rows: &[RowInput], alternate: bool) -> Vec<GridLine> {
    let (tag, mut out) = (if alternate { "a" } else { "n" }, Vec::<GridLine>::new());
    for (i, r) in rows.iter().enumerate() {
        let typed = if alternate { &r.alternate } else { &r.normal };
        let qty: [Qty; 7] = std::array::from_fn(|d| grid_qty(e, &format!("{tag}.{i}.{d}"), &typed[d]));
        if qty.iter().all(|q| q.milli() == 0) {
            continue;
        }
        match r.product.trim().parse::<i64>() {
            Ok(id) if out.iter().any(|l| l.product_id == id) => {
                e.add(&format!("p.{i}"), "Ce produit est déjà sur une autre ligne.")
            }
            Ok(id) => out.push(GridLine { product_id: id, qty }),
            Err(_) => e.add(&format!("p.{i}"), "Choisissez le produit de cette ligne."),
        }
    }
    out
}

impl StandingInput {
    /// A stored standing order as its form shows it, with `extra` empty rows.
    pub fn of(s: &Standing, extra: usize) -> StandingInput {
        let text = |q: Qty| if q.milli() == 0 { String::new() } else { q.to_string() };
        let mut rows: Vec<RowInput> = s
            .normal
            .iter()
            .map(|l| RowInput { product: l.product_id.to_string(), normal: l.qty.map(text), ..Default::default() })
            .collect();
        for l in &s.alternate {
            let at = match rows.iter().position(|r| r.product == l.product_id.to_string()) {
                Some(at) => at,
                None => {
                    rows.push(RowInput { product: l.product_id.to_string(), ..Default::default() });
                    rows.len() - 1
                }
            };
            rows[at].alternate = l.qty.map(text);
        }
        rows.extend((0..extra).map(|_| RowInput::default()));
        StandingInput {
            customer_id: s.customer_id.to_string(),
            active_from: s.active_from.to_string(),
            active_to: s.active_to.map(|t| t.to_string()).unwrap_or_default(),
            cutoff: s.cutoff.format("%H:%M").to_string(),
            on_special: s.on_special.code().into(),
            rows,
        }
    }

    pub fn parse(&self) -> Result<StandingDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let customer_id =
            self.customer_id.trim().parse::<i64>().map_err(|_| e.add("customer_id", "Choisissez le client pro.")).ok();
        let active_from = date(&mut e, "active_from", &self.active_from, true);
        let active_to = date(&mut e, "active_to", &self.active_to, false);
        if let (Some(f), Some(t)) = (active_from, active_to)
            && t < f
        {
            e.add("active_to", "La fin vient avant le début.");
        }
        let cutoff = NaiveTime::parse_from_str(self.cutoff.trim(), "%H:%M")
            .map_err(|_| e.add("cutoff", "Heure limite invalide : par exemple 18:00."))
            .ok();
        let on_special = OnSpecial::from_code(self.on_special.trim());
        if on_special.is_none() {
            e.add("on_special", "Choisissez ce que fait l'abonnement les jours spéciaux.");
        }
        let (normal, alternate) = (grid(&mut e, &self.rows, false), grid(&mut e, &self.rows, true));
        if normal.is_empty() && e.iter().all(|(f, _)| !f.starts_with("n.")) {
            e.add("grid", "Indiquez au moins un jour de la semaine et une quantité.");
        }
        if on_special == Some(OnSpecial::Alternate)
            && alternate.is_empty()
            && e.iter().all(|(f, _)| !f.starts_with("a."))
        {
            e.add("alternate", "Indiquez les quantités des jours spéciaux, ou choisissez une autre règle.");
        }
        e.into_result(StandingDraft {
            customer_id: customer_id.unwrap_or(0),
            active_from: active_from.unwrap_or_default(),
            active_to,
            cutoff: cutoff.unwrap_or_default(),
            on_special: on_special.unwrap_or(OnSpecial::Normal),
            normal,
            alternate,
        })
    }
}

/// A one-off change of one date: these lines instead of the grid's; none: nothing that day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayChange {
    pub day: NaiveDate,
    pub lines: Vec<(i64, Qty)>,
}

/// A period of the B2B calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub id: i64,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Closed: nothing is generated. Otherwise a special day.
    pub closed: bool,
    pub name: String,
}

/// What generating a day did for one standing order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new order (id, number).
    Made(i64, String),
    /// Its order of that day exists already (number).
    Already(String),
    /// Refused by the order's rules (credit limit, a product without price): the message.
    Blocked(String),
    /// Nothing to deliver that day, and why.
    Nothing(String),
}

/// One line of a generation's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub standing_id: i64,
    pub customer: String,
    pub outcome: Outcome,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_week_starts_on_saturday_and_ends_on_friday() {
        assert_eq!(weekday_of(d("2026-12-05")), 0); // samedi
        assert_eq!(weekday_of(d("2026-12-06")), 1);
        assert_eq!(weekday_of(d("2026-12-11")), 6); // vendredi
    }

    #[test]
    fn a_grid_without_any_quantity_or_with_a_negative_one_is_refused() {
        let mut rows = vec![RowInput { product: "3".into(), ..Default::default() }];
        let input = StandingInput {
            customer_id: "1".into(),
            active_from: "2026-12-01".into(),
            cutoff: "18:00".into(),
            on_special: "normal".into(),
            rows: rows.clone(),
            ..Default::default()
        };
        let e = input.parse().unwrap_err();
        assert!(e.get("grid").unwrap().contains("au moins un jour"));
        rows[0].normal[2] = "-4".into();
        let e = StandingInput { rows, ..input }.parse().unwrap_err();
        assert!(e.get("n.0.2").unwrap().contains("négative"));
    }
}
