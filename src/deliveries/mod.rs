//! Deliveries ("livraisons"): zones (a commune, its default fee and the fee a seller may go up
//! to), deliverymen (own staff or a platform, each with his receivable account 467…), the
//! delivery of an order (its zone and fee), runs ("tournées") and their stops, and the payments
//! of what a deliveryman owes. Owns `delivery_settings`, `delivery_zones`, `deliverymen`,
//! `order_deliveries`, `delivery_runs`, `delivery_stops`, `delivery_payments`.
//!
//! The fee is a pass-through owed to whoever delivers: it is never part of the order's total, so
//! an order closes to exactly zero when its stop is settled as delivered (sales.md P9). A run is
//! settled at the till like a cash shift: per stop delivered (the order is handed over by the
//! orders domain's operation, the balance paid in cash), not delivered (goods back, the order
//! waits for another run) or refused (goods back, the order cancelled); the cash handed in is
//! counted against what he should bring: Σ delivered balances + the fees that are the shop's −
//! a platform's commission. The difference is posted to his 467 account (or, approved, to 658):
//! what he owes is derived from runs and payments only (P10), never typed.

pub mod check;
pub mod ops;
pub mod store;
pub mod views;
pub mod web;

use crate::error::FieldErrors;
use crate::money::Money;

/// The stock place of goods out with a deliveryman.
pub const PLACE_CODE: &str = "livraison";

/// Who delivers: the shop's own deliveryman, or a platform (Yassir…) taking a commission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Staff,
    Platform,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Staff => "personnel",
            Kind::Platform => "plateforme",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Staff => "Livreur de la boutique",
            Kind::Platform => "Plateforme de livraison",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        [Kind::Staff, Kind::Platform].into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub id: i64,
    pub name: String,
    pub fee: Money,
    pub max_fee: Money,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ZoneDraft {
    pub name: String,
    pub fee: Money,
    /// None: the default fee is also the cap.
    pub max_fee: Option<Money>,
}

impl ZoneDraft {
    pub fn parse(name: &str, fee: &str, max_fee: &str) -> Result<ZoneDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            e.add("name", "Indiquez la commune.");
        }
        let fee = money_field(&mut e, "fee", fee, true).unwrap_or(Money::ZERO);
        let max_fee = money_field(&mut e, "max_fee", max_fee, false);
        if let Some(m) = max_fee
            && m < fee
        {
            e.add("max_fee", format!("Le plafond ne peut pas être inférieur aux frais ({fee})."));
        }
        e.into_result(ZoneDraft { name, fee, max_fee })
    }

    pub fn cap(&self) -> Money {
        self.max_fee.unwrap_or(self.fee)
    }
}

pub use crate::money::field as money_field;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deliveryman {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub kind: Kind,
    pub commission_pct: i64,
    pub employee_id: Option<i64>,
    pub account: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeliverymanDraft {
    pub name: String,
    pub phone: String,
    #[serde(serialize_with = "kind_code")]
    pub kind: Kind,
    pub commission_pct: i64,
    pub employee_id: Option<i64>,
    pub token: Option<String>,
}

fn kind_code<S: serde::Serializer>(k: &Kind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.code())
}

impl DeliverymanDraft {
    pub fn parse(
        name: &str,
        phone: &str,
        kind: &str,
        commission: &str,
        employee: &str,
        token: Option<String>,
    ) -> Result<DeliverymanDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            e.add("name", "Le nom du livreur est obligatoire.");
        }
        let phone = match phone.trim() {
            "" => String::new(),
            p => crate::customers::normalize_phone(p).map_err(|m| e.add("phone", m)).unwrap_or_default(),
        };
        let kind = Kind::from_code(kind).unwrap_or_else(|| {
            e.add("kind", "Choisissez : livreur de la boutique ou plateforme.");
            Kind::Staff
        });
        let commission_pct = match commission.trim() {
            "" => 0,
            c => c.parse::<i64>().ok().filter(|p| (0..=100).contains(p)).unwrap_or_else(|| {
                e.add("commission_pct", "Une commission est un pourcentage entier entre 0 et 100.");
                0
            }),
        };
        if kind == Kind::Staff && commission_pct != 0 {
            e.add("commission_pct", "Seule une plateforme prend une commission.");
        }
        let employee_id = match employee.trim() {
            "" => None,
            v => v.parse::<i64>().ok().or_else(|| {
                e.add("employee_id", "Employé inconnu.");
                None
            }),
        };
        e.into_result(DeliverymanDraft { name, phone, kind, commission_pct, employee_id, token })
    }
}

/// An order's delivery: its zone and its fee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDelivery {
    pub order_id: i64,
    pub zone_id: i64,
    pub zone: String,
    pub fee: Money,
}

/// Where a run stands. Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    Out,
    Settled,
}

impl RunStatus {
    pub fn code(self) -> &'static str {
        match self {
            RunStatus::Out => "en_cours",
            RunStatus::Settled => "reglee",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RunStatus::Out => "En tournée",
            RunStatus::Settled => "Réglée",
        }
    }

    pub fn from_code(code: &str) -> Option<RunStatus> {
        [RunStatus::Out, RunStatus::Settled].into_iter().find(|s| s.code() == code)
    }
}

/// How a stop ended. Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    NotDelivered,
    Refused,
}

impl Outcome {
    pub const ALL: &'static [Outcome] = &[Outcome::Delivered, Outcome::NotDelivered, Outcome::Refused];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Delivered => "livree",
            Outcome::NotDelivered => "non_livree",
            Outcome::Refused => "refusee",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Delivered => "Livrée",
            Outcome::NotDelivered => "Pas livrée (revient au magasin)",
            Outcome::Refused => "Refusée (commande annulée)",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL.iter().copied().find(|o| o.code() == code)
    }
}

/// What becomes of a refused order's made goods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Goods {
    Counter,
    Waste,
}

impl Goods {
    pub fn code(self) -> &'static str {
        match self {
            Goods::Counter => "comptoir",
            Goods::Waste => "perte",
        }
    }

    pub fn from_code(code: &str) -> Option<Goods> {
        [Goods::Counter, Goods::Waste].into_iter().find(|g| g.code() == code)
    }
}

/// A run as stored.
#[derive(Debug, Clone)]
pub struct Run {
    pub id: i64,
    pub deliveryman_id: i64,
    pub deliveryman: String,
    pub till_id: i64,
    pub status: RunStatus,
    pub day: String,
    pub created_at: String,
    pub fee_to_shop: bool,
    pub commission_pct: i64,
    pub settled_at: Option<String>,
    pub settle_day: Option<String>,
    pub expected: Option<Money>,
    pub counted: Option<Money>,
    pub written_off: bool,
    pub entry_id: Option<i64>,
}

impl Run {
    /// Counted − expected: negative when he brought back less.
    pub fn difference(&self) -> Option<Money> {
        Some(self.counted? - self.expected?)
    }
}

/// A stop of a run, with what the sheet prints.
#[derive(Debug, Clone)]
pub struct Stop {
    pub id: i64,
    pub position: i64,
    pub order_id: i64,
    pub number: String,
    pub customer: String,
    pub phone: String,
    pub address: String,
    pub zone: String,
    pub items: String,
    /// The order's total (the goods; a platform's commission is a share of it).
    pub total: Money,
    pub fee: Money,
    /// What the order still owes (once settled: what it owed then, collected only if delivered).
    pub balance: Money,
    pub outcome: Option<Outcome>,
    pub fee_kept: Option<Money>,
    pub commission: Option<Money>,
}

impl Stop {
    /// What the deliveryman collects at the door: the order's balance and the fee.
    pub fn to_collect(&self) -> Money {
        self.balance + self.fee
    }
}

#[derive(Debug, Clone)]
pub struct RunFull {
    pub run: Run,
    pub man: Deliveryman,
    pub stops: Vec<Stop>,
}

/// Whether a run brings the fees back to the shop: only the shop's own deliverymen, and only when
/// the shop says so (a platform always keeps its fees). Frozen on the run at assignment.
pub fn fee_to_shop(setting: bool, kind: Kind) -> bool {
    setting && kind == Kind::Staff
}

/// What a delivered stop leaves with the deliveryman: the fee unless it is the shop's, and a
/// platform's commission on the goods (rounded to the centime). (fee kept, commission)
pub fn kept(fee: Money, fee_to_shop: bool, commission_pct: i64, goods: Money) -> (Money, Money) {
    let fee_kept = if fee_to_shop { Money::ZERO } else { fee };
    let commission = Money::from_cents((goods.cents() * commission_pct + 50) / 100);
    (fee_kept, commission)
}

/// What he must bring back for a delivered stop: the balance collected and the fee, less what
/// he keeps.
pub fn brought(balance: Money, fee: Money, fee_kept: Money, commission: Money) -> Money {
    balance + fee - fee_kept - commission
}

/// A stop's settlement as typed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StopDraft {
    pub stop_id: i64,
    #[serde(serialize_with = "outcome_code")]
    pub outcome: Outcome,
    pub goods: Option<Goods>,
}

fn outcome_code<S: serde::Serializer>(o: &Outcome, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(o.code())
}

/// A run as the gérante sends it: a deliveryman, the ready orders in the order of the stops, the
/// till whose printer prints the sheet (and whose counter gave the counter's goods).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AssignDraft {
    pub deliveryman_id: i64,
    pub till_id: i64,
    pub order_ids: Vec<i64>,
    pub token: Option<String>,
}

/// A delivery sold at the till from counter stock (sales.md §2.3): the customer (found by his
/// phone, else created), the address, the zone and its fee (blank: the zone's), the cart's
/// lines, and the money: paid now in full, a deposit, or everything collected at the door.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TillSaleDraft {
    pub token: String,
    pub till_id: i64,
    pub customer: crate::customers::CustomerDraft,
    pub address: String,
    pub zone_id: Option<i64>,
    pub fee: Option<Money>,
    pub lines: Vec<crate::orders::LineDraft>,
    pub paid_now: bool,
    pub method: crate::orders::Method,
    /// A deposit when not paid now (None: all collected at the door).
    pub deposit: Option<Money>,
    pub notes: String,
}

/// A run's settlement as typed at the till.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SettleDraft {
    pub till_id: i64,
    pub stops: Vec<StopDraft>,
    pub counted: Money,
    /// Take a shortage as a loss (658) instead of his debt: needs the gérante's approval.
    pub write_off: bool,
    pub token: Option<String>,
}

/// A payment of what a deliveryman owes, at the till.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PaymentDraft {
    pub till_id: i64,
    pub amount: Money,
    pub token: Option<String>,
}

/// What a deliveryman owes, with its age: the oldest shortages are paid first.
#[derive(Debug, Clone, Default)]
pub struct Debt {
    pub deliveryman_id: i64,
    pub name: String,
    pub owed: Money,
    /// Owed for 0–7 days, 8–30 days, more than 30 days.
    pub ages: [Money; 3],
    pub oldest: Option<String>,
}

/// Spreads what is owed over its age: shortages (day, amount) oldest first, payments and
/// surpluses taken from the oldest. Returns (owed, [0–7 d, 8–30 d, > 30 d], oldest day still owed).
pub fn ageing(moves: &[(String, Money)], today: chrono::NaiveDate) -> (Money, [Money; 3], Option<String>) {
    let mut paid: Money = moves.iter().filter(|(_, m)| m.is_negative()).map(|(_, m)| -*m).sum();
    let mut ages = [Money::ZERO; 3];
    let mut oldest = None;
    for (day, m) in moves.iter().filter(|(_, m)| !m.is_negative()) {
        let left = if paid >= *m { Money::ZERO } else { *m - paid };
        paid = if paid >= *m { paid - *m } else { Money::ZERO };
        if left.cents() == 0 {
            continue;
        }
        oldest.get_or_insert_with(|| day.clone());
        let age = day.parse::<chrono::NaiveDate>().map(|d| (today - d).num_days()).unwrap_or(0);
        ages[if age <= 7 {
            0
        } else if age <= 30 {
            1
        } else {
            2
        }] += left;
    }
    let owed: Money = moves.iter().map(|(_, m)| *m).sum();
    (owed, ages, oldest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fee_is_kept_by_whoever_owns_it() {
        let (fee, goods) = (Money::from_da(300), Money::from_da(2_000));
        assert_eq!(kept(fee, fee_to_shop(false, Kind::Staff), 0, goods), (fee, Money::ZERO));
        assert_eq!(kept(fee, fee_to_shop(true, Kind::Staff), 0, goods), (Money::ZERO, Money::ZERO));
        // A platform keeps the fee whatever the setting, and its commission.
        assert_eq!(kept(fee, fee_to_shop(true, Kind::Platform), 10, goods), (fee, Money::from_da(200)));
    }

    #[test]
    fn what_he_brings_back_is_the_balance_plus_the_fee_less_what_he_keeps() {
        let (b, f) = (Money::from_da(1_920), Money::from_da(300));
        assert_eq!(brought(b, f, f, Money::ZERO), b);
        assert_eq!(brought(b, f, Money::ZERO, Money::ZERO), Money::from_da(2_220));
    }

    #[test]
    fn payments_settle_the_oldest_shortages_first() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let moves = vec![
            ("2026-10-01".to_string(), Money::from_da(500)),
            ("2026-11-10".to_string(), Money::from_da(300)),
            ("2026-11-23".to_string(), Money::from_da(200)),
            ("2026-11-24".to_string(), Money::from_da(-600)),
        ];
        let (owed, ages, oldest) = ageing(&moves, today);
        assert_eq!(owed, Money::from_da(400));
        assert_eq!(ages, [Money::from_da(200), Money::from_da(200), Money::ZERO]);
        assert_eq!(oldest.as_deref(), Some("2026-11-10"));
    }

    #[test]
    fn a_zone_refuses_a_cap_below_its_fee_and_a_fee_that_is_not_a_number() {
        let e = ZoneDraft::parse("Hydra", "300", "200").unwrap_err();
        assert!(e.get("max_fee").is_some());
        let e = ZoneDraft::parse("Hydra", "trois cents", "").unwrap_err();
        assert!(e.get("fee").is_some());
        assert_eq!(ZoneDraft::parse(" Hydra ", "300", "").unwrap().cap(), Money::from_da(300));
    }
}
