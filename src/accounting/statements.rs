//! The SCF financial statements, computed from account balances (pure): the balance sheet
//! (actif / passif) at a date, the income statement by nature (compte de résultat) and the
//! cash-flow statement (direct method) of a period. Each ties to the trial balance: total actif
//! = total passif, the result = Σ classes 7 − Σ classes 6, opening cash + flows = closing cash.

use crate::money::Money;

use super::BalanceRow;

/// One line of a statement: its label and amount; `total` lines are subtotals shown in bold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub label: &'static str,
    pub amount: Money,
    pub total: bool,
}

fn line(label: &'static str, amount: Money) -> StatementLine {
    StatementLine { label, amount, total: false }
}

fn total(label: &'static str, amount: Money) -> StatementLine {
    StatementLine { label, amount, total: true }
}

/// Σ (debit − credit) of the accounts whose code starts with one of `prefixes`.
fn net(rows: &[BalanceRow], prefixes: &[&str]) -> Money {
    rows.iter().filter(|r| prefixes.iter().any(|p| r.code.starts_with(p))).map(BalanceRow::net).sum()
}

/// The period's result: Σ class 7 (credit − debit) − Σ class 6 (debit − credit).
pub fn result_of(rows: &[BalanceRow]) -> Money {
    -net(rows, &["6", "7"])
}

/// The income statement by nature over a period's movements (SCF TCR, its intermediate balances).
pub fn income_statement(rows: &[BalanceRow]) -> Vec<StatementLine> {
    let income = |p: &[&str]| -net(rows, p);
    let charge = |p: &[&str]| net(rows, p);
    let sales = income(&["70"]);
    let production = sales + income(&["72", "73", "74"]);
    let consumed = charge(&["60"]);
    let services = charge(&["61", "62"]);
    let added = production - consumed - services;
    let (staff, taxes) = (charge(&["63"]), charge(&["64"]));
    let ebe = added - staff - taxes;
    let (other_in, other_out) = (income(&["75"]), charge(&["65"]));
    let (allow, reversals) = (charge(&["68"]), income(&["78"]));
    let operating = ebe + other_in - other_out - allow + reversals;
    let (fin_in, fin_out) = (income(&["76"]), charge(&["66"]));
    let ordinary = operating + fin_in - fin_out;
    let (extra_in, extra_out, tax) = (income(&["77"]), charge(&["67"]), charge(&["69"]));
    vec![
        line("Chiffre d'affaires (70, net des remises)", sales),
        total("I. Production de l'exercice", production),
        line("Achats consommés (60)", consumed),
        line("Services extérieurs et autres consommations (61, 62)", services),
        total("II. Consommation de l'exercice", consumed + services),
        total("III. Valeur ajoutée d'exploitation (I − II)", added),
        line("Charges de personnel (63)", staff),
        line("Impôts, taxes et versements assimilés (64)", taxes),
        total("IV. Excédent brut d'exploitation", ebe),
        line("Autres produits opérationnels (75)", other_in),
        line("Autres charges opérationnelles (65)", other_out),
        line("Dotations aux amortissements et provisions (68)", allow),
        line("Reprises sur pertes de valeur et provisions (78)", reversals),
        total("V. Résultat opérationnel", operating),
        line("Produits financiers (76)", fin_in),
        line("Charges financières (66)", fin_out),
        total("VI. Résultat financier", fin_in - fin_out),
        total("VII. Résultat ordinaire avant impôts (V + VI)", ordinary),
        line("Impôts exigibles sur résultats ordinaires (69)", tax),
        line("Éléments extraordinaires (77 − 67)", extra_in - extra_out),
        total("Résultat net de l'exercice", ordinary - tax + extra_in - extra_out),
    ]
}

/// A balance sheet: the actif and the passif lines, and their totals (equal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceSheet {
    pub assets: Vec<StatementLine>,
    pub liabilities: Vec<StatementLine>,
}

impl BalanceSheet {
    pub fn total_assets(&self) -> Money {
        self.assets.iter().filter(|l| !l.total).map(|l| l.amount).sum()
    }
    pub fn total_liabilities(&self) -> Money {
        self.liabilities.iter().filter(|l| !l.total).map(|l| l.amount).sum()
    }
}

/// Σ of the debit balances (`debit`) or of the credit balances (as positive) of accounts under
/// `prefixes`, account by account: a class 4 or 5 account sits on the side of its balance.
fn sided(rows: &[BalanceRow], prefixes: &[&str], except: &[&str], debit: bool) -> Money {
    rows.iter()
        .filter(|r| prefixes.iter().any(|p| r.code.starts_with(p)) && !except.iter().any(|p| r.code.starts_with(p)))
        .map(|r| if debit { r.net().max(Money::ZERO) } else { (-r.net()).max(Money::ZERO) })
        .sum()
}

/// The balance sheet from cumulative balances at a date. The result not yet closed into 12
/// (classes 6 and 7) shows in the equity as the year's result.
pub fn balance_sheet(rows: &[BalanceRow]) -> BalanceSheet {
    let assets = vec![
        line("Immobilisations corporelles, nettes des amortissements (2)", net(rows, &["2"])),
        total("Actif non courant", net(rows, &["2"])),
        line("Stocks et encours (3)", net(rows, &["3"])),
        line("Clients et comptes rattachés (41)", sided(rows, &["41"], &[], true)),
        line("Impôts et créances assimilées (44)", sided(rows, &["44"], &[], true)),
        line("Autres créances et emplois assimilés (40, 42–48)", sided(rows, &["4"], &["41", "44"], true)),
        line("Trésorerie (5)", sided(rows, &["5"], &[], true)),
        total("Actif courant", net(rows, &["3"]) + sided(rows, &["4", "5"], &[], true)),
    ];
    let liabilities = vec![
        line("Capital émis et compte de l'exploitant (10)", -net(rows, &["10"])),
        line("Report à nouveau (11)", -net(rows, &["11"])),
        line("Résultat de l'exercice (12, et 6/7 non clôturés)", -net(rows, &["12", "6", "7"])),
        line("Autres capitaux propres (13–15, 18, 19)", -net(rows, &["13", "14", "15", "18", "19"])),
        total("Capitaux propres", -net(rows, &["1"]) + net(rows, &["16", "17"]) - net(rows, &["6", "7"])),
        line("Emprunts et dettes financières (16, 17)", -net(rows, &["16", "17"])),
        total("Passifs non courants", -net(rows, &["16", "17"])),
        line("Fournisseurs et comptes rattachés (40)", sided(rows, &["40"], &[], false)),
        line("Impôts (44)", sided(rows, &["44"], &[], false)),
        line("Autres dettes (41–48)", sided(rows, &["4"], &["40", "44"], false)),
        line("Trésorerie passif (5)", sided(rows, &["5"], &[], false)),
        total("Passifs courants", sided(rows, &["4", "5"], &[], false)),
    ];
    BalanceSheet { assets, liabilities }
}

/// A period's cash movements by kind, from the entries that moved classes 5 (transfers between
/// cash accounts cancel out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CashFlows {
    pub opening: Money,
    pub operating_in: Money,
    pub operating_out: Money,
    pub investing: Money,
    pub financing: Money,
    pub closing: Money,
}

impl CashFlows {
    pub fn lines(&self) -> Vec<StatementLine> {
        let operating = self.operating_in - self.operating_out;
        vec![
            line("Trésorerie à l'ouverture de la période", self.opening),
            line("Encaissements liés à l'activité (clients, autres)", self.operating_in),
            line("Décaissements liés à l'activité (fournisseurs, personnel, charges)", -self.operating_out),
            total("A. Flux de trésorerie liés à l'activité", operating),
            total("B. Flux de trésorerie liés aux investissements (2)", self.investing),
            total("C. Flux de trésorerie liés au financement (1)", self.financing),
            total("Variation de trésorerie de la période (A + B + C)", operating + self.investing + self.financing),
            line("Trésorerie à la clôture de la période", self.closing),
        ]
    }

    /// Opening + flows = closing (the statement ties to the cash accounts).
    pub fn ties(&self) -> bool {
        self.opening + self.operating_in - self.operating_out + self.investing + self.financing == self.closing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, debit: i64, credit: i64) -> BalanceRow {
        BalanceRow {
            code: code.into(),
            name: String::new(),
            debit: Money::from_da(debit),
            credit: Money::from_da(credit),
        }
    }

    #[test]
    fn the_income_statement_ends_on_classes_7_minus_6() {
        let rows = [row("701", 0, 1000), row("709", 50, 0), row("601", 400, 0), row("613", 100, 0), row("512", 450, 0)];
        let lines = income_statement(&rows);
        assert_eq!(lines[0].amount, Money::from_da(950));
        assert_eq!(lines.last().unwrap().amount, Money::from_da(450));
        assert_eq!(result_of(&rows), Money::from_da(450));
    }

    #[test]
    fn the_balance_sheet_balances_with_the_open_result_in_equity() {
        let rows = [
            row("101", 0, 1000),
            row("512", 1450, 0),
            row("701", 0, 1000),
            row("601", 400, 0),
            row("401", 0, 150),
            row("31", 300, 0),
        ];
        let b = balance_sheet(&rows);
        assert_eq!(b.total_assets(), Money::from_da(1750));
        assert_eq!(b.total_assets(), b.total_liabilities());
    }
}
