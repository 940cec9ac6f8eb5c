//! The payslip as a PDF (shared layout `crate::pdf`): the shop with its NIF, NIS and RC, the
//! employee, the period, each item with its base, rate and amount, CNAS, IRG, net, advances, net
//! to pay, the employer's charges and the leave balance. A batch is the month's payslips one after
//! the other. Pure: built from values.

use crate::money::Money;
use crate::payroll::{Payslip, pct_text};
use crate::pdf::{Align, Doc, Table};
use crate::people::leave::tenths_text;
use crate::people::{month_label, parse_month};
use crate::settings::ShopSettings;

/// The CNAS shares in basis points: employee, employer, œuvres sociales.
pub type Shares = (i64, i64, i64);

fn period(s: &Payslip) -> String {
    parse_month(&s.month).map(month_label).unwrap_or_else(|| s.month.clone())
}

fn hours(m: i64) -> String {
    format!("{} h {:02}", m / 60, m % 60)
}

fn minus(m: Money) -> String {
    format!("-{m}")
}

fn one(doc: &mut Doc, shop: &ShopSettings, s: &Payslip, (ee, er, fnpos): Shares) {
    let f = &s.figures;
    doc.heading(&format!("Bulletin de paie — {}", period(s)));
    let ids = format!("NIF {} · NIS {} · RC {}", shop.nif, shop.nis, shop.rc);
    let employer = format!("N° employeur CNAS : {}", or_missing(&shop.cnas_employer));
    let employee = format!("Salarié : {}", s.employee);
    let insured = format!("N° d'assuré CNAS : {}", or_missing(&s.employee_cnas));
    let salary = format!("Salaire mensuel : {}", s.monthly_salary);
    let period = format!("Période : {}", period(s));
    doc.pair(&[&shop.name, &shop.address, &ids, &employer], &[&employee, &insured, &salary, &period]);
    let worked = format!(
        "Heures travaillées {} · supplémentaires {} · de nuit {} · repos ou férié {} · absences {} j · congé {} j",
        hours(s.hours.worked_min),
        hours(s.hours.overtime_min),
        hours(s.hours.night_min),
        hours(s.hours.rest_min),
        s.hours.absence_days,
        s.hours.leave_days
    );
    doc.small(&worked);
    let mut t = Table::new(&[
        ("Élément", 3.0, Align::Left),
        ("Base", 1.3, Align::Right),
        ("Taux", 1.6, Align::Right),
        ("Montant", 1.4, Align::Right),
    ]);
    for i in &f.items {
        t.add(&[i.label.as_str(), &i.base_text, &i.rate_text, &i.amount.to_string()]);
    }
    t.add_total(&["Salaire brut", "", "", &f.gross.to_string()]);
    t.add(&["Retenue CNAS (part salariale)", &f.cnas_base.to_string(), &pct_text(ee), &minus(f.cnas_employee)]);
    t.add(&["Salaire imposable", "", "", &f.taxable.to_string()]);
    t.add(&["IRG (barème, abattement, exonération, lissage)", &f.irg_base.to_string(), "", &minus(f.irg)]);
    t.add_total(&["Net", "", "", &f.net.to_string()]);
    t.add(&["Avances déduites", "", "", &minus(f.advances)]);
    t.add_total(&["Net à payer", "", "", &f.net_to_pay.to_string()]);
    doc.table(&t);
    doc.small(&format!(
        "Charges patronales : CNAS {} {} ; œuvres sociales {} {}. Solde de congé à la fin du mois : {}.",
        pct_text(er),
        f.cnas_employer,
        pct_text(fnpos),
        f.fnpos,
        tenths_text(s.leave_balance)
    ));
    if let Some(m) = s.payment_method {
        doc.small(&format!("Payé : {}.", m.label()));
    }
}

/// One payslip.
pub fn payslip(shop: &ShopSettings, s: &Payslip, shares: Shares) -> Vec<u8> {
    let mut doc = Doc::new(&format!("Bulletin de paie — {} — {}", s.employee, period(s)));
    one(&mut doc, shop, s, shares);
    doc.finish()
}

/// The month's payslips, one after the other (for printing them all).
pub fn batch(shop: &ShopSettings, slips: &[Payslip], shares: Shares) -> Vec<u8> {
    let title = slips.first().map(|s| format!("Bulletins de paie — {}", period(s))).unwrap_or_default();
    let mut doc = Doc::new(&title);
    for (n, s) in slips.iter().enumerate() {
        if n > 0 {
            doc.rule();
            doc.space(6.0);
        }
        one(&mut doc, shop, s, shares);
    }
    doc.finish()
}

/// A number the payslip must carry, or what to do when it was not entered.
fn or_missing(number: &str) -> &str {
    if number.is_empty() { "à renseigner" } else { number }
}
