//! The books: double-entry accounts of the Algerian SCF, journals, gapless entry numbers, closed
//! months. Owns `accounts`, `journals`, `sequences`, `closed_periods`, `journal_entries`,
//! `journal_lines`. Every business event posts its balanced entry through `ops::post`, inside the
//! event's own transaction: the event and its entry commit together or not at all.
//! Posted entries are never edited (SQL triggers refuse it): mistakes are reversed.

pub mod check;
pub mod ops;
pub mod statements;
pub mod store;
pub mod views;
pub mod web;

use chrono::NaiveDate;

use crate::catalog::Kind;
use crate::money::Money;

/// The journals. Codes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Journal {
    Sales,
    Purchases,
    Cash,
    Bank,
    Misc,
    Payroll,
}

impl Journal {
    pub const ALL: &'static [Journal] =
        &[Journal::Sales, Journal::Purchases, Journal::Cash, Journal::Bank, Journal::Misc, Journal::Payroll];

    pub fn code(self) -> &'static str {
        match self {
            Journal::Sales => "VT",
            Journal::Purchases => "AC",
            Journal::Cash => "CA",
            Journal::Bank => "BQ",
            Journal::Misc => "OD",
            Journal::Payroll => "PA",
        }
    }

    pub fn from_code(code: &str) -> Option<Journal> {
        Journal::ALL.iter().copied().find(|j| j.code() == code)
    }
}

/// The accounts the code posts to. The chart itself is data (`accounts`), seeded in SQL.
pub mod account {
    pub const GOODS: &str = "30";
    pub const RAW_MATERIALS: &str = "31";
    pub const OTHER_SUPPLIES: &str = "32";
    pub const INTERMEDIATE: &str = "351";
    pub const FINISHED: &str = "355";
    pub const SUPPLIERS: &str = "401";
    pub const SUPPLIER_DEBITS: &str = "409";
    pub const CUSTOMERS: &str = "411";
    pub const CUSTOMER_CREDITS: &str = "419";
    /// Advances received on customer orders (deposits), and the store credit kept from them.
    pub const CUSTOMER_ADVANCES: &str = "4191";
    pub const BANK: &str = "512";
    pub const CASH: &str = "530";
    pub const TRANSIT: &str = "581";
    pub const GOODS_SOLD: &str = "600";
    pub const MATERIALS_USED: &str = "601";
    pub const PACKAGING_USED: &str = "602";
    pub const LOSSES: &str = "658";
    pub const GOODS_SALES: &str = "700";
    pub const PRODUCT_SALES: &str = "701";
    pub const GAINS: &str = "758";
    /// Delivery fees that are the shop's (its own deliverymen bring them back).
    pub const DELIVERY_FEES: &str = "706";
    /// Delivery platforms' commissions.
    pub const COMMISSIONS: &str = "622";
    /// Deliverymen's receivables; each has his auxiliary account 467 + his number.
    pub const DELIVERYMEN: &str = "467";
}

/// The stock account of a product kind (perpetual inventory: its balance is the ledger's value).
pub fn stock_account(kind: Kind) -> &'static str {
    match kind {
        Kind::Ingredient => account::RAW_MATERIALS,
        Kind::Consommable => account::OTHER_SUPPLIES,
        Kind::Revente => account::GOODS,
        Kind::SemiFini => account::INTERMEDIATE,
        Kind::Fini => account::FINISHED,
    }
}

/// Every business event and the entry it posts, in one table. Code that posts names the event;
/// tests and the documentation page read the same rows.
pub struct EventRule {
    pub event: &'static str,
    pub journal: Journal,
    pub debit: &'static str,
    pub credit: &'static str,
}

pub const EVENTS: &[EventRule] = &[
    EventRule {
        event: "Réception d'un achat",
        journal: Journal::Purchases,
        debit: "stock du type (30/31/32/351/355)",
        credit: account::SUPPLIERS,
    },
    EventRule {
        event: "Annulation d'une réception",
        journal: Journal::Purchases,
        debit: "contre-passation exacte de la réception",
        credit: "",
    },
    EventRule {
        event: "Retour au fournisseur (écart de prix en 658 ou 758)",
        journal: Journal::Purchases,
        debit: "401, au prix de l'achat",
        credit: "stock du type, au PMP",
    },
    EventRule {
        event: "Paiement fournisseur en espèces",
        journal: Journal::Cash,
        debit: account::SUPPLIERS,
        credit: account::CASH,
    },
    EventRule {
        event: "Paiement fournisseur par banque ou chèque",
        journal: Journal::Bank,
        debit: account::SUPPLIERS,
        credit: account::BANK,
    },
    EventRule {
        event: "Annulation d'un paiement fournisseur",
        journal: Journal::Cash,
        debit: "contre-passation exacte du paiement (journal du paiement : CA ou BQ)",
        credit: "",
    },
    EventRule {
        event: "Modification d'un achat reçu",
        journal: Journal::Purchases,
        debit: "contre-passation de la réception, puis nouvelle réception",
        credit: "",
    },
    EventRule {
        event: "Perte, casse, périmé ; écart d'inventaire négatif",
        journal: Journal::Misc,
        debit: account::LOSSES,
        credit: "stock du type, au PMP",
    },
    EventRule {
        event: "Correction ou écart d'inventaire positif",
        journal: Journal::Misc,
        debit: "stock du type",
        credit: account::GAINS,
    },
    EventRule {
        event: "Transfert entre lieux",
        journal: Journal::Misc,
        debit: "aucune écriture (même compte de stock)",
        credit: "",
    },
    EventRule {
        event: "Ouverture de caisse : fond compté supérieur au fond laissé",
        journal: Journal::Cash,
        debit: account::CASH,
        credit: "108",
    },
    EventRule {
        event: "Ouverture de caisse : fond compté inférieur au fond laissé",
        journal: Journal::Cash,
        debit: "108",
        credit: account::CASH,
    },
    EventRule {
        event: "Apport de l'exploitant en caisse",
        journal: Journal::Cash,
        debit: account::CASH,
        credit: "108",
    },
    EventRule {
        event: "Retrait de l'exploitant en caisse",
        journal: Journal::Cash,
        debit: "108",
        credit: account::CASH,
    },
    EventRule {
        event: "Dépense payée en espèces",
        journal: Journal::Cash,
        debit: account::LOSSES,
        credit: account::CASH,
    },
    EventRule { event: "Avance au personnel en espèces", journal: Journal::Cash, debit: "425", credit: account::CASH },
    EventRule {
        event: "Dépôt en banque depuis le tiroir",
        journal: Journal::Bank,
        debit: account::BANK,
        credit: account::CASH,
    },
    EventRule {
        event: "Clôture de caisse : manquant",
        journal: Journal::Cash,
        debit: account::LOSSES,
        credit: account::CASH,
    },
    EventRule {
        event: "Clôture de caisse : excédent",
        journal: Journal::Cash,
        debit: account::CASH,
        credit: account::GAINS,
    },
    EventRule {
        event: "Clôture de caisse : remise des espèces (coffre / banque)",
        journal: Journal::Cash,
        debit: account::TRANSIT,
        credit: account::CASH,
    },
    EventRule {
        event: "Versement en banque des remises",
        journal: Journal::Bank,
        debit: account::BANK,
        credit: account::TRANSIT,
    },
    EventRule {
        event: "Ticket de caisse : encaissement (espèces net du rendu, carte et chèque, bon d'achat)",
        journal: Journal::Sales,
        debit: "530 / 512 / 419",
        credit: "701 (produits faits ici) ou 700 (revente), net des remises",
    },
    EventRule {
        event: "Ticket de caisse : coût des ventes, au PMP figé sur la ligne",
        journal: Journal::Sales,
        debit: "601 (produits faits ici) ou 600 (revente)",
        credit: "stock du type (355/351/30)",
    },
    EventRule {
        event: "Ticket de caisse : emballages consommés par les règles",
        journal: Journal::Sales,
        debit: account::PACKAGING_USED,
        credit: account::OTHER_SUPPLIES,
    },
    EventRule {
        event: "Retour client (avoir) : remboursement",
        journal: Journal::Sales,
        debit: "701 ou 700",
        credit: "530 / 512 / 419 (bon d'achat émis)",
    },
    EventRule {
        event: "Retour client : marchandise remise en vente (ou jetée : 658)",
        journal: Journal::Sales,
        debit: "stock du type (ou 658)",
        credit: "601 ou 600, au coût figé du ticket",
    },
    EventRule {
        event: "Commande client : acompte ou versement (espèces / carte, chèque)",
        journal: Journal::Cash,
        debit: "530 / 512 (journal CA ou BQ)",
        credit: account::CUSTOMER_ADVANCES,
    },
    EventRule {
        event: "Commande client : remise au client (vente reconnue une fois)",
        journal: Journal::Sales,
        debit: "4191 (déjà payé) + 530 / 512 (solde encaissé)",
        credit: "701 (produits faits ici) ou 700 (revente)",
    },
    EventRule {
        event: "Commande client : coût des produits remis, au PMP figé sur la ligne ; emballages",
        journal: Journal::Sales,
        debit: "601 ou 600 ; 602",
        credit: "stock du type (355/30) ; 32",
    },
    EventRule {
        event: "Commande annulée : acompte rendu en espèces (gardé en avoir : reste en 4191, sans écriture)",
        journal: Journal::Cash,
        debit: account::CUSTOMER_ADVANCES,
        credit: account::CASH,
    },
    EventRule {
        event: "Commande annulée : produits déjà faits jetés (remis au comptoir : transfert, sans écriture)",
        journal: Journal::Misc,
        debit: account::LOSSES,
        credit: "stock du produit (355)",
    },
    EventRule {
        event: "Production (ingrédients consommés, produit fabriqué)",
        journal: Journal::Misc,
        debit: "stock du produit fabriqué (351 ou 355), à la valeur consommée",
        credit: "stock de chaque ingrédient (31/351), au PMP",
    },
];

/// One line of an entry about to be posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineDraft {
    pub account: String,
    pub debit: Money,
    pub credit: Money,
    pub label: String,
}

impl LineDraft {
    pub fn debit(account: &str, amount: Money, label: &str) -> LineDraft {
        LineDraft { account: account.into(), debit: amount, credit: Money::ZERO, label: label.into() }
    }
    pub fn credit(account: &str, amount: Money, label: &str) -> LineDraft {
        LineDraft { account: account.into(), debit: Money::ZERO, credit: amount, label: label.into() }
    }
}

/// An entry about to be posted, with the document that caused it.
#[derive(Debug, Clone)]
pub struct EntryDraft {
    pub journal: Journal,
    pub day: NaiveDate,
    pub description: String,
    pub source_type: String,
    pub source_id: i64,
    pub lines: Vec<LineDraft>,
}

impl EntryDraft {
    pub fn new(
        journal: Journal,
        day: NaiveDate,
        description: impl Into<String>,
        source_type: &str,
        source_id: i64,
    ) -> EntryDraft {
        EntryDraft {
            journal,
            day,
            description: description.into(),
            source_type: source_type.into(),
            source_id,
            lines: Vec::new(),
        }
    }

    /// Adds a debit or credit, merging with an existing line of the same account and side, and
    /// skipping zero amounts (a free sample moves no money).
    pub fn add(&mut self, line: LineDraft) {
        if line.debit.cents() == 0 && line.credit.cents() == 0 {
            return;
        }
        let same = self.lines.iter_mut().find(|l| {
            l.account == line.account && (l.debit.cents() > 0) == (line.debit.cents() > 0) && l.label == line.label
        });
        match same {
            Some(l) => {
                l.debit += line.debit;
                l.credit += line.credit;
            }
            None => self.lines.push(line),
        }
    }

    pub fn totals(&self) -> (Money, Money) {
        (self.lines.iter().map(|l| l.debit).sum(), self.lines.iter().map(|l| l.credit).sum())
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub id: i64,
    pub number: String,
    pub journal: String,
    pub day: String,
    pub description: String,
    pub source_type: String,
    pub source_id: i64,
    pub reverses: Option<i64>,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone)]
pub struct Line {
    pub account: String,
    pub account_name: String,
    pub debit: Money,
    pub credit: Money,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Account {
    pub code: String,
    pub name: String,
    pub class: i64,
    pub nature: String,
}

/// A trial balance row: an account's debit and credit totals up to a date.
#[derive(Debug, Clone)]
pub struct BalanceRow {
    pub code: String,
    pub name: String,
    pub debit: Money,
    pub credit: Money,
}

impl BalanceRow {
    /// Debit minus credit.
    pub fn net(&self) -> Money {
        self.debit - self.credit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_the_same_account_merge_and_zero_lines_vanish() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let mut e = EntryDraft::new(Journal::Purchases, day, "Achat", "purchase", 1);
        e.add(LineDraft::debit("31", Money::from_da(100), ""));
        e.add(LineDraft::debit("31", Money::from_da(50), ""));
        e.add(LineDraft::debit("32", Money::ZERO, ""));
        e.add(LineDraft::credit("401", Money::from_da(150), ""));
        assert_eq!(e.lines.len(), 2);
        assert_eq!(e.totals(), (Money::from_da(150), Money::from_da(150)));
    }

    #[test]
    fn every_kind_has_a_stock_account_of_class_3() {
        for k in Kind::ALL {
            assert!(stock_account(*k).starts_with('3'));
        }
    }
}
