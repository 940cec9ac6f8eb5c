//! The demo's books beyond the days' documents, through the real operations: the shop's monthly
//! bills (the rent paid by the bank on the 1st, the telephone on the 8th, Sonelgaz in odd months,
//! the accountant's fee entered at the month's end and paid by the bank on the 5th of the next),
//! the cash handed over at the closes carried to the bank each Monday, then each month's bank
//! statement (BNA's CSV) imported with its saved layout on the 3rd of the next month: its lines
//! are 512's lines a day later (matched automatically) and the bank's own charges, posted from
//! their line.

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::rng::Rng;
use super::{Options, Staff, Summary, stamp};
use crate::audit::Stamp;
use crate::bank::{self, Layout};
use crate::error::AppError;
use crate::expenses::{self, ExpenseDraft, PaidBy, PaymentDraft};
use crate::money::Money;
use crate::people::{first_of_month, month_end};

fn at(staff: &Staff, day: NaiveDate, minute: i64) -> Stamp {
    Stamp { actor: staff.manager.actor(), now: stamp(day, minute), day }
}

/// The BNA's statement layout, saved once.
fn layout(tx: &Transaction, staff: &Staff, day: NaiveDate) -> Result<i64, AppError> {
    let l = Layout {
        id: 0,
        name: "BNA".into(),
        date_col: "Date".into(),
        label_col: "Libellé".into(),
        reference_col: "Référence".into(),
        debit_col: "Débit".into(),
        credit_col: "Crédit".into(),
        amount_col: String::new(),
    };
    bank::ops::save_layout(tx, &at(staff, day, 8 * 60), &l)
}

fn label_id(tx: &Transaction, starts: &str) -> Result<i64, AppError> {
    let labels = expenses::store::labels(tx)?;
    labels.iter().find(|l| l.label.starts_with(starts)).map(|l| l.id).ok_or(AppError::NotFound)
}

/// One bill of the month paid by `paid_by`, when its day lies in the history.
struct Bill {
    label: &'static str,
    day: u32,
    beneficiary: &'static str,
    amount: Money,
    paid_by: PaidBy,
    monthly: bool,
}

/// The month's bills; returns how many, and the ids of those owed (the accountant's fee).
fn bills(
    tx: &Transaction,
    staff: &Staff,
    m: NaiveDate,
    span: (NaiveDate, NaiveDate),
    rng: &mut Rng,
) -> Result<(i64, Vec<i64>), AppError> {
    let mut list = vec![
        Bill {
            label: "Loyer",
            day: 1,
            beneficiary: "M. Benali (propriétaire)",
            amount: Money::from_da(120_000),
            paid_by: PaidBy::Bank,
            monthly: true,
        },
        Bill {
            label: "Téléphone",
            day: 8,
            beneficiary: "Algérie Télécom",
            amount: Money::from_da(rng.range(4_200, 5_400)),
            paid_by: PaidBy::Bank,
            monthly: true,
        },
        Bill {
            label: "Comptable",
            day: 28,
            beneficiary: "Cabinet Hamdi (comptable)",
            amount: Money::from_da(25_000),
            paid_by: PaidBy::Later,
            monthly: true,
        },
    ];
    if m.month() % 2 == 1 {
        let amount = Money::from_cents(rng.range(3_800_000, 5_200_000));
        list.push(Bill {
            label: "Électricité",
            day: 12,
            beneficiary: "Sonelgaz",
            amount,
            paid_by: PaidBy::Bank,
            monthly: false,
        });
    }
    let (mut entered, mut owed) = (0, Vec::new());
    for b in list {
        let Some(day) = m.with_day(b.day).filter(|d| *d >= span.0 && *d <= span.1) else { continue };
        let d = ExpenseDraft {
            day,
            label_id: label_id(tx, b.label)?,
            beneficiary: b.beneficiary.into(),
            reference: format!("{}-{}", b.label.chars().take(3).collect::<String>().to_uppercase(), day.format("%Y%m")),
            amount: b.amount,
            tva: Money::ZERO,
            tva_bp: 0,
            paid_by: b.paid_by,
            till_id: None,
            monthly: b.monthly,
            note: String::new(),
            token: None,
        };
        let id = expenses::ops::record(tx, &at(staff, day, 9 * 60 + 30), &d)?;
        entered += 1;
        if b.paid_by == PaidBy::Later {
            owed.push(id);
        }
    }
    Ok((entered, owed))
}

fn cents_text(m: Money) -> String {
    let c = m.cents().abs();
    format!("{},{:02}", c / 100, c % 100)
}

/// The month's statement as the BNA prints it: 512's lines of the month a day later, and the
/// bank's charges at the month's end.
fn statement(tx: &Transaction, m: NaiveDate, rng: &mut Rng) -> Result<String, AppError> {
    let (from, to) = (m.to_string(), month_end(m).to_string());
    let mut s = String::from("BNA — relevé de compte;00100 1234567 89\n\nDate;Libellé;Référence;Débit;Crédit\n");
    for (l, _) in bank::store::ledger_between(tx, &from, &to)? {
        let day: NaiveDate = l.day.parse().unwrap_or(m);
        let when = (day + Duration::days(1)).format("%d/%m/%Y");
        let text: String = l.text.chars().take(60).collect::<String>().replace(';', ",");
        let (debit, credit) = if l.amount.is_negative() {
            (cents_text(l.amount), String::new())
        } else {
            (String::new(), cents_text(l.amount))
        };
        s.push_str(&format!("{when};{text};{};{debit};{credit}\n", l.number));
    }
    let end = month_end(m).format("%d/%m/%Y");
    s.push_str(&format!("{end};FRAIS TENUE DE COMPTE;;{};\n", cents_text(Money::from_da(1_200))));
    s.push_str(&format!(
        "{end};COMMISSIONS VIREMENTS;;{};\n",
        cents_text(Money::from_cents(rng.range(40_000, 90_000)))
    ));
    Ok(s)
}

/// Each Monday of the month (in the history), the cash handed over at the closes (581) is carried
/// to the bank: what is in transit that day, through the till's own operation.
fn deposits(tx: &Transaction, staff: &Staff, m: NaiveDate, span: (NaiveDate, NaiveDate)) -> Result<i64, AppError> {
    let mut made = 0;
    let mut day = m;
    while day <= month_end(m) {
        if day.weekday() == chrono::Weekday::Mon && day >= span.0 && day <= span.1 {
            let next = (day + Duration::days(1)).to_string();
            let held = crate::accounting::store::net_before(tx, crate::accounting::account::TRANSIT, &next)?;
            if held.cents() > 0 {
                let (actor, now, reference) = (staff.manager.actor(), stamp(day, 14 * 60), format!("VERS-{day}"));
                crate::cash::ops::bank_transit(tx, &actor, held, &reference, None, &now, day)?;
                made += 1;
            }
        }
        day += Duration::days(1);
    }
    Ok(made)
}

/// Imports the month's statement on the 3rd of the next month and posts its charges. Returns
/// the lines matched automatically and the charges posted.
fn reconcile(
    tx: &Transaction,
    staff: &Staff,
    layout_id: i64,
    m: NaiveDate,
    rng: &mut Rng,
) -> Result<(i64, i64), AppError> {
    let day = month_end(m) + Duration::days(3);
    let st = at(staff, day, 10 * 60);
    let u = bank::ops::Upload {
        layout_id,
        file_name: format!("releve-bna-{}.csv", m.format("%Y-%m")),
        bytes: statement(tx, m, rng)?.into_bytes(),
    };
    let id = bank::ops::import(tx, &st, &u)?;
    let matched = bank::store::import_report(tx, id)?.map(|r| r.matched).unwrap_or(0);
    let mut charges = 0;
    for l in bank::store::unmatched_lines(tx)? {
        if l.label.starts_with("FRAIS") || l.label.starts_with("COMMISSIONS") {
            bank::ops::charge(tx, &st, l.id)?;
            charges += 1;
        }
    }
    Ok((matched, charges))
}

/// Every month of the history: its bills, the fees owed paid on the 5th, and once the month is
/// over (its statement comes on the 3rd) its statement imported and reconciled.
pub fn run(
    conn: &mut Connection,
    staff: &Staff,
    o: &Options,
    first: NaiveDate,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let mut rng = Rng::new(o.seed ^ 0xb00c_5018);
    let layout_id = {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = layout(&tx, staff, first)?;
        tx.commit()?;
        id
    };
    let (mut owed, mut m) = (Vec::new(), first_of_month(first));
    while m <= o.today {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let pay_day = m + Duration::days(4);
        if pay_day <= o.today {
            for id in owed.drain(..) {
                expenses::ops::pay(
                    &tx,
                    &at(staff, pay_day, 11 * 60),
                    id,
                    &PaymentDraft { day: pay_day, by: PaidBy::Bank },
                )?;
            }
        }
        let (entered, fresh) = bills(&tx, staff, m, (first, o.today), &mut rng)?;
        summary.bills += entered;
        owed.extend(fresh);
        deposits(&tx, staff, m, (first, o.today))?;
        if month_end(m) + Duration::days(3) <= o.today {
            let (matched, charges) = reconcile(&tx, staff, layout_id, m, &mut rng)?;
            summary.bank_statements += 1;
            summary.bank_matched += matched;
            summary.bank_charges += charges;
        }
        tx.commit()?;
        m = month_end(m) + Duration::days(1);
    }
    if o.progress {
        eprintln!(
            "demo : comptabilité — {} factures, {} relevés bancaires importés, {} lignes rapprochées automatiquement, {} frais bancaires, en {:.1} s",
            summary.bills,
            summary.bank_statements,
            summary.bank_matched,
            summary.bank_charges,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
