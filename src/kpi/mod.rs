//! The owner's figures, defined once (issue #19): every KPI with its exact definition (the same
//! text is its doc comment and the `/rapports/definitions` page), the period they are read over,
//! and the aggregates kept at write time (`kpi_sales`, `kpi_hours`, `kpi_tickets`, `kpi_receipts`,
//! which this domain owns):
//! the sale, the refund and the order handover call `ops::record_*` in their own transaction.
//! Like a dashboard, its store may READ other domains' tables (documents, stock, cash); it never
//! writes them; payroll's and deliveries' figures come from their own operations. A KPI whose
//! source has nothing yet (a month whose payroll is not validated) says so (`Value::NoData`):
//! no figure is ever invented.

pub mod check;
pub mod ops;
pub mod store;

use chrono::{Datelike, Duration, NaiveDate};

use crate::error::FieldErrors;
use crate::money::Money;

/// Declares the KPIs: code, label, unit and definition, the definition being both the variant's
/// doc comment and the text the definitions page shows.
macro_rules! kpis {
    ($($name:ident = $code:literal, $label:literal, $unit:ident, $def:literal;)*) => {
        /// One figure of the owner's dashboard and reports.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kpi { $(#[doc = $def] $name,)* }

        impl Kpi {
            pub const ALL: &'static [Kpi] = &[$(Kpi::$name),*];
            /// The stable code (API, CSV).
            pub fn code(self) -> &'static str { match self { $(Kpi::$name => $code),* } }
            pub fn label(self) -> &'static str { match self { $(Kpi::$name => $label),* } }
            pub fn unit(self) -> Unit { match self { $(Kpi::$name => Unit::$unit),* } }
            /// The exact definition, in French, as the definitions page prints it.
            pub fn definition(self) -> &'static str { match self { $(Kpi::$name => $def),* } }
        }
    };
}

kpis! {
    RevenueCounter = "ca_comptoir", "CA comptoir", Money,
        "Chiffre d'affaires des tickets de caisse : somme des lignes vendues, remises déduites, sur le jour \
         ouvré du ticket ; un avoir (retour client) le diminue sur le jour de l'avoir. Hors emballages ; hors \
         taxes : sous le régime réel, la TVA collectée du ticket (de l'avoir) est déduite, sous l'IFU il n'y \
         en a pas.";
    RevenueOrders = "ca_commandes", "CA commandes", Money,
        "Chiffre d'affaires des commandes retirées en boutique, reconnu une seule fois, le jour où la \
         commande est remise au client : somme de ses lignes au prix convenu. Les acomptes reçus avant ne \
         sont pas du chiffre d'affaires ; une commande annulée n'en fait jamais. Les commandes livrées sont \
         dans le CA livraisons. Hors taxes sous le régime réel (la TVA collectée de la commande déduite).";
    RevenueDeliveries = "ca_livraisons", "CA livraisons", Money,
        "Chiffre d'affaires des commandes livrées (prises en boutique, au téléphone ou vendues à la caisse \
         pour livraison), reconnu le jour où la tournée les remet au client : somme de leurs lignes au prix \
         convenu, frais de livraison compris quand ils sont une ligne. Un refus à la porte n'en fait pas. \
         Hors taxes sous le régime réel (la TVA collectée de la commande déduite).";
    RevenueB2b = "ca_b2b", "CA professionnels", Money,
        "Chiffre d'affaires facturé aux clients professionnels, hors taxes, le jour de la facture : lignes des \
         factures (FAC) moins celles des avoirs (AVF) ; les factures proforma ne comptent pas. Son coût des \
         ventes : le coût figé sur les bons de livraison, pour la quantité facturée ; un avoir baisse le \
         chiffre d'affaires, pas le coût.";
    Revenue = "ca_total", "Chiffre d'affaires", Money,
        "Somme des quatre canaux : comptoir + commandes remises + livraisons + professionnels. Une seule \
         règle de date : le jour du ticket, de la remise au client ou de la facture. Toujours hors taxes : \
         sous le régime réel c'est le chiffre d'affaires de la G50. Les ventes par produit et par catégorie \
         restent au prix payé TTC (la TVA se calcule par ticket et par taux, pas par ligne) ; sous l'IFU, \
         TTC et hors taxes sont égaux.";
    Receipts = "encaissements", "Encaissements", Money,
        "L'argent reçu des clients sur la période, quel que soit le document : tickets (espèces rendues \
         déduites), acomptes et soldes des commandes, moins les remboursements ; règlements des clients \
         professionnels (droit de timbre perçu compris) ; par carte, chèque, espèces, virement ou traite. \
         Les bons d'achat et avoirs clients ne sont pas de l'argent reçu. Ce n'est pas le chiffre \
         d'affaires : un acompte est encaissé avant que la commande soit vendue.";
    ReceiptsCash = "encaissements_especes", "dont espèces", Money,
        "La part des encaissements reçue en espèces (monnaie rendue déduite, remboursements en espèces \
         déduits).";
    Deposits = "versements_banque", "Versé en banque", Money,
        "L'argent des caisses porté à la banque sur la période, le jour du versement : les dépôts faits \
         directement depuis un tiroir et les versements des remises de fin de caisse (en transit) ; tel \
         que la caisse l'enregistre.";
    CashVariance = "ecarts_caisse", "Écarts de caisse", Money,
        "Somme des écarts des caisses fermées ouvertes sur la période : compté − attendu à la fermeture \
         (négatif : il manque de l'argent). Le détail par caisse est dans la section Caisse.";
    Tickets = "tickets", "Tickets", Count,
        "Nombre de tickets de caisse de la période (un avoir ne retire pas de ticket).";
    AverageBasket = "panier_moyen", "Panier moyen", Money,
        "CA comptoir (hors taxes) ÷ nombre de tickets de la période. Sans ticket : pas de panier moyen.";
    OrdersHanded = "commandes_remises", "Commandes remises", Count,
        "Nombre de commandes remises au client sur la période, en boutique ou livrées.";
    CostOfGoods = "cout_ventes", "Coût des ventes", Money,
        "Coût des marchandises vendues, figé sur chaque ligne au moment de la vente ou de la remise (le \
         coût moyen pondéré de ce moment, jamais le coût du jour), retours déduits. Hors emballages.";
    GrossMargin = "marge_brute", "Marge brute", Money,
        "Chiffre d'affaires − coût des ventes, sur les mêmes lignes.";
    GrossMarginRate = "taux_marge_brute", "Taux de marge brute", Percent,
        "Marge brute ÷ chiffre d'affaires. Sans chiffre d'affaires : pas de taux.";
    Waste = "pertes", "Pertes", Money,
        "Valeur au coût des pertes déclarées (casse, périmé, perte) et des retours clients jetés, le jour \
         de leur déclaration.";
    WasteRate = "taux_pertes", "Pertes / coût des ventes", Percent,
        "Pertes ÷ coût des ventes de la période. Objectif : moins de 5 %.";
    Purchases = "achats", "Achats reçus", Money,
        "Total des achats reçus sur la période (le jour de l'achat), retours fournisseurs non déduits ; \
         les brouillons et les achats annulés ne comptent pas.";
    LabourCost = "masse_salariale", "Coût du personnel", Money,
        "Ce que la paie coûte à la boutique : salaires bruts + charges patronales (CNAS 25 % et œuvres \
         sociales) des bulletins validés. La paie est mensuelle : seuls comptent les mois entiers compris \
         dans la période (du 1er au dernier jour), dont la paie est validée ; une période sans mois entier \
         (une semaine, le mois en cours) n'a pas de coût du personnel (—). Pas encore de données quand \
         aucune paie de ces mois n'est validée.";
    PrimeCost = "prime_cost", "Coût principal (prime cost)", Percent,
        "(Coût des ventes + coût du personnel) ÷ chiffre d'affaires, sur les mêmes mois : les mois entiers \
         de la période dont la paie est validée ; objectif ≤ 68 %. Sans mois entier : — ; sans paie \
         validée : pas encore de données.";
    StockValue = "valeur_stock", "Valeur du stock", Money,
        "Valeur de tout le stock à ce jour (matières, produits, emballages), au coût moyen pondéré : la \
         somme des soldes du grand livre des stocks.";
    OwedToSuppliers = "dettes_fournisseurs", "Dû aux fournisseurs", Money,
        "À ce jour : le solde du compte 401 (fournisseurs) : achats reçus et factures de charges à payer, \
         moins les retours et les paiements, pour tous les fournisseurs. Le contrôle prouve que ce compte \
         égale les documents.";
    CustomersOwe = "creances_clients", "Dû par les clients", Money,
        "À ce jour : le solde du compte 411 et de ses sous-comptes : factures des clients professionnels, \
         moins leurs avoirs et leurs règlements. Une commande de particulier n'est remise que payée : elle \
         ne laisse rien à devoir.";
    DeliverymenOwe = "dettes_livreurs", "Dû par les livreurs", Money,
        "À la fin de la période : ce que les livreurs doivent encore, tel que les livraisons le calculent \
         (l'argent qu'ils ont rapporté en moins à la clôture de leurs tournées, hors pertes acceptées, \
         moins leurs paiements ; un surplus compte pour eux), pour tous les livreurs.";
    OwedToCustomers = "du_aux_clients", "Dû aux clients", Money,
        "À ce jour : le solde des comptes 419 et 4191 : acomptes reçus sur des commandes pas encore \
         remises + avoirs clients non utilisés + bons d'achat non utilisés.";
}

/// How a KPI's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Money,
    Count,
    Percent,
}

/// A source a KPI may need, which may have nothing yet (no payroll validated for the months of
/// the period): its KPIs say "no data" rather than invent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Payroll,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Payroll => "la paie",
        }
    }
}

/// A KPI's value over a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Money(Money),
    Count(i64),
    /// In basis points (1 % = 100); None when the divisor is zero (no revenue, no ticket…).
    Percent(Option<i64>),
    /// The KPI needs a money figure that cannot be computed (no ticket: no average basket).
    None,
    /// The source does not exist yet: "pas encore de données".
    NoData(Source),
}

impl Value {
    pub fn money(self) -> Option<Money> {
        match self {
            Value::Money(m) => Some(m),
            _ => None,
        }
    }

    /// The value as the shop reads it: `1 234,50 DA`, `12`, `41,7 %`, `—`, `pas encore de données`.
    pub fn text(self) -> String {
        match self {
            Value::Money(m) => m.to_string(),
            Value::Count(n) => n.to_string(),
            Value::Percent(Some(bp)) => percent_text(bp),
            Value::Percent(None) | Value::None => "—".into(),
            Value::NoData(_) => "pas encore de données".into(),
        }
    }
}

/// Basis points as `41,7 %`.
pub fn percent_text(bp: i64) -> String {
    let tenths = (bp.abs() + 5) / 10;
    let sign = if bp < 0 { "−" } else { "" };
    format!("{sign}{},{} %", tenths / 10, tenths % 10)
}

/// `part ÷ whole` in basis points, rounded half away from zero; None when `whole` is zero.
pub fn ratio_bp(part: i64, whole: i64) -> Option<i64> {
    if whole == 0 {
        return None;
    }
    let (p, w) = (i128::from(part) * 10_000, i128::from(whole));
    let q = (p.abs() + w.abs() / 2) / w.abs();
    let signed = if (p < 0) != (w < 0) { -q } else { q };
    i64::try_from(signed).ok()
}

/// One KPI and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub kpi: Kpi,
    pub value: Value,
}

/// A sales channel of the aggregates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    Counter,
    Orders,
    Deliveries,
    B2b,
}

impl Channel {
    pub const ALL: &'static [Channel] = &[Channel::Counter, Channel::Orders, Channel::Deliveries, Channel::B2b];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Counter => "comptoir",
            Channel::Orders => "commande",
            Channel::Deliveries => "livraison",
            Channel::B2b => "pro",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Counter => "Comptoir",
            Channel::Orders => "Commandes",
            Channel::Deliveries => "Livraisons",
            Channel::B2b => "Professionnels",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.iter().copied().find(|c| c.code() == code)
    }
}

/// How money was received, as the owner's figures name it (`kpi_receipts.method`): the till's
/// methods and, from business customers, transfers and bills of exchange.
pub fn method_label(code: &str) -> &'static str {
    match code {
        "especes" => "Espèces",
        "carte" => "Carte (TPE)",
        "cheque" => "Chèque",
        "virement" => "Virement",
        "traite" => "Traite",
        _ => "Autre",
    }
}

/// The longest period a report reads: ten years (the shop's history fits; a typo does not).
pub const MAX_DAYS: i64 = 3_700;

/// A period of business days, both ends included, checked: not inverted, not in the future, not
/// absurd (before 2000 or longer than ten years).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The period as typed (`YYYY-MM-DD`, or `JJ/MM/AAAA`), checked against `today`. The messages
    /// sit by the field they concern (`du`, `au`).
    pub fn parse(from: &str, to: &str, today: NaiveDate) -> Result<Period, FieldErrors> {
        let mut e = FieldErrors::new();
        let from = read_day(&mut e, "du", from);
        let to = read_day(&mut e, "au", to);
        let (Some(from), Some(to)) = (from, to) else { return Err(e) };
        Period::checked(from, to, today)
    }

    /// A period already made of dates, checked the same way.
    pub fn checked(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<Period, FieldErrors> {
        let mut e = FieldErrors::new();
        let floor = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(from);
        if from < floor {
            e.add("du", "Date trop ancienne : Fournil ne connaît rien avant l'an 2000.");
        } else if from > today {
            e.add("du", format!("Le {} est dans le futur : aucune vente n'y est encore enregistrée.", fr(from)));
        }
        if to > today {
            e.add("au", format!("Le {} est dans le futur : choisissez au plus aujourd'hui ({}).", fr(to), fr(today)));
        } else if to < from {
            e.add("au", "La fin de la période est avant son début : inversez les deux dates.");
        } else if (to - from).num_days() >= MAX_DAYS {
            e.add("au", "Période trop longue : dix ans au plus.");
        }
        if e.is_empty() { Ok(Period { from, to }) } else { Err(e) }
    }

    /// The months lying whole in the period (first to last day), as `YYYY-MM`, in order.
    pub fn whole_months(self) -> Vec<String> {
        let mut out = Vec::new();
        let mut first = self.from.with_day(1).unwrap_or(self.from);
        if first < self.from {
            first = first + chrono::Months::new(1);
        }
        while first <= self.to {
            let next = first + chrono::Months::new(1);
            if next - Duration::days(1) > self.to {
                break;
            }
            out.push(first.format("%Y-%m").to_string());
            first = next;
        }
        out
    }

    /// One day.
    pub fn day(d: NaiveDate) -> Period {
        Period { from: d, to: d }
    }

    /// The month of `d`, from its first day to `d` (month to date).
    pub fn month_to(d: NaiveDate) -> Period {
        Period { from: d.with_day(1).unwrap_or(d), to: d }
    }

    /// The whole month before `d`'s month.
    pub fn previous_month(d: NaiveDate) -> Period {
        let first = d.with_day(1).unwrap_or(d);
        let to = first - Duration::days(1);
        Period { from: to.with_day(1).unwrap_or(to), to }
    }

    pub fn days(self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of the same length just before this one.
    pub fn before(self) -> Period {
        let to = self.from - Duration::days(1);
        Period { from: to - Duration::days(self.days() - 1), to }
    }

    /// The same dates one year earlier (29 February becomes the 28th).
    pub fn year_before(self) -> Period {
        let back = |d: NaiveDate| {
            d.with_year(d.year() - 1).or_else(|| (d - Duration::days(1)).with_year(d.year() - 1)).unwrap_or(d)
        };
        Period { from: back(self.from), to: back(self.to) }
    }

    pub fn from_text(self) -> String {
        self.from.to_string()
    }

    pub fn to_text(self) -> String {
        self.to.to_string()
    }

    /// `du 01/11/2026 au 24/11/2026`, or `le 24/11/2026`.
    pub fn label(self) -> String {
        if self.from == self.to {
            format!("le {}", fr(self.from))
        } else {
            format!("du {} au {}", fr(self.from), fr(self.to))
        }
    }
}

/// A date as the shop writes it.
pub fn fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn read_day(e: &mut FieldErrors, field: &str, text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if t.is_empty() {
        e.add(field, "Indiquez une date.");
        return None;
    }
    let parsed = NaiveDate::parse_from_str(t, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y")).ok();
    if parsed.is_none() {
        e.add(field, format!("« {t} » n'est pas une date (jj/mm/aaaa)."));
    }
    parsed
}

/// (day, channel, product) of a `kpi_sales` row.
pub type SalesKey = (String, Channel, i64);
/// (qty, revenue, cost) of a `kpi_sales` row.
pub type SalesSums = (i64, i64, i64);
/// (day, hour, channel) of a `kpi_hours` row.
pub type HourKey = (String, i64, Channel);
/// (revenue with tax, cost, TVA collected) of a `kpi_hours` row.
pub type HourSums = (i64, i64, i64);
/// (revenue, cost) of a channel over a period, the revenue before tax (the TVA collected deducted).
pub type MoneySums = (i64, i64);
/// (day, hour, channel, user) of a `kpi_tickets` row.
pub type TicketKey = (String, i64, Channel, i64);
/// (tickets, revenue with tax, TVA collected) of a `kpi_tickets` row.
pub type TicketSums = (i64, i64, i64);

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ratios_round_half_away_from_zero() {
        assert_eq!(ratio_bp(1, 3), Some(3333));
        assert_eq!(ratio_bp(2, 3), Some(6667));
        assert_eq!(ratio_bp(-1, 8), Some(-1250));
        assert_eq!(ratio_bp(5, 0), None);
        assert_eq!(percent_text(4167), "41,7 %");
        assert_eq!(percent_text(-250), "−2,5 %");
    }

    #[test]
    fn a_period_is_checked_against_today() {
        let today = d(2026, 11, 24);
        assert!(Period::parse("2026-11-01", "2026-11-24", today).is_ok());
        assert!(Period::parse("01/11/2026", "24/11/2026", today).is_ok());
        let e = Period::parse("2026-11-20", "2026-11-10", today).unwrap_err();
        assert!(e.get("au").unwrap().contains("avant son début"));
        let e = Period::parse("2026-11-20", "2026-12-10", today).unwrap_err();
        assert!(e.get("au").unwrap().contains("futur"));
        let e = Period::parse("1890-01-01", "2026-11-10", today).unwrap_err();
        assert!(e.get("du").unwrap().contains("2000"));
        let e = Period::parse("hier", "", today).unwrap_err();
        assert!(e.get("du").unwrap().contains("n'est pas une date"));
        assert!(e.get("au").is_some());
    }

    #[test]
    fn comparison_periods() {
        let p = Period { from: d(2026, 11, 1), to: d(2026, 11, 24) };
        assert_eq!(p.before(), Period { from: d(2026, 10, 8), to: d(2026, 10, 31) });
        assert_eq!(p.year_before(), Period { from: d(2025, 11, 1), to: d(2025, 11, 24) });
        assert_eq!(Period::previous_month(d(2026, 1, 15)), Period { from: d(2025, 12, 1), to: d(2025, 12, 31) });
        assert_eq!(Period { from: d(2028, 2, 29), to: d(2028, 2, 29) }.year_before().from, d(2027, 2, 28));
    }

    #[test]
    fn only_whole_months_count_for_payroll() {
        let months = |a, b| Period { from: a, to: b }.whole_months();
        assert_eq!(months(d(2026, 11, 1), d(2026, 11, 30)), vec!["2026-11"]);
        assert!(months(d(2026, 11, 1), d(2026, 11, 24)).is_empty(), "the month to date");
        assert!(months(d(2026, 11, 2), d(2026, 11, 30)).is_empty());
        assert_eq!(months(d(2026, 10, 15), d(2027, 1, 31)), vec!["2026-11", "2026-12", "2027-01"]);
        assert_eq!(months(d(2028, 2, 1), d(2028, 2, 29)), vec!["2028-02"]);
        assert!(months(d(2028, 2, 1), d(2028, 2, 28)).is_empty(), "29 February is missing");
    }
}
