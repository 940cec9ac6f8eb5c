//! Payroll's forms as typed (all text) and their `parse` into drafts, field by field.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::auth::ops::Approval;
use crate::error::FieldErrors;
use crate::money::Money;
use crate::payroll::irg::{Band, IrgRules};
use crate::payroll::ops::advances::AdvanceDraft;
use crate::payroll::ops::pay::PayDraft;
use crate::payroll::ops::run::ItemDraft;
use crate::payroll::{Method, Rates, Rounding, parse_pct, pct_text};
use crate::people::{month_text, parse_month};

/// A month, as `2026-11`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MonthForm {
    #[serde(default)]
    pub mois: String,
}

fn money(e: &mut FieldErrors, field: &str, text: &str) -> Money {
    match Money::parse(text) {
        Ok(m) => m,
        Err(err) => {
            e.add(field, err.to_string());
            Money::ZERO
        }
    }
}

fn pct(e: &mut FieldErrors, field: &str, text: &str) -> i64 {
    parse_pct(text).unwrap_or_else(|| {
        e.add(field, "Un pourcentage entre 0 et 100, comme 9 ou 0,5.");
        0
    })
}

/// `137/51` → (137, 51).
fn fraction(e: &mut FieldErrors, field: &str, text: &str, scale: i64) -> (i64, i64) {
    let parsed = text.split_once('/').and_then(|(n, d)| {
        let (n, d): (i64, i64) = (n.trim().parse().ok()?, d.trim().parse().ok()?);
        (n >= 0 && d > 0).then_some((n.checked_mul(scale)?, d))
    });
    parsed.unwrap_or_else(|| {
        e.add(field, "Une fraction comme 137/51.");
        (0, 1)
    })
}

/// A new row of rates, as typed (amounts in DA, rates in %).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RatesForm {
    pub valid_from: String,
    pub snmg: String,
    pub month_hours: String,
    pub bands: String,
    pub abatement: String,
    pub abatement_min: String,
    pub abatement_max: String,
    pub exempt_upto: String,
    pub smooth_upto: String,
    pub smooth_mul: String,
    pub smooth_sub: String,
    pub cnas_employee: String,
    pub cnas_employer: String,
    pub fnpos: String,
    pub night: String,
    pub rest_day: String,
    pub rounding: String,
    pub source: String,
}

impl RatesForm {
    /// The form filled from the row in force (the next month's row starts from it).
    pub fn of(r: &Rates, next: NaiveDate) -> RatesForm {
        let i = &r.irg;
        let plain = |bp: i64| pct_text(bp).trim_end_matches(" %").to_string();
        let da = |c: i64| Money::from_cents(c).input_value().trim_end_matches(",00").to_string();
        RatesForm {
            valid_from: month_text(next),
            snmg: da(r.snmg.cents()),
            month_hours: format!("{},{:02}", r.month_hours / 100, r.month_hours % 100),
            bands: i.bands.iter().map(|b| format!("{}:{}", da(b.from), plain(b.bp))).collect::<Vec<_>>().join("; "),
            abatement: plain(i.abatement_bp),
            abatement_min: da(i.abatement_min),
            abatement_max: da(i.abatement_max),
            exempt_upto: da(i.exempt_upto),
            smooth_upto: da(i.smooth_upto),
            smooth_mul: format!("{}/{}", i.smooth_mul.0, i.smooth_mul.1),
            smooth_sub: format!("{}/{}", i.smooth_sub.0 / 100, i.smooth_sub.1),
            cnas_employee: plain(r.cnas_employee_bp),
            cnas_employer: plain(r.cnas_employer_bp),
            fnpos: plain(r.fnpos_bp),
            night: plain(r.night_bp),
            rest_day: plain(r.rest_day_bp),
            rounding: r.rounding.code().into(),
            source: String::new(),
        }
    }

    fn bands(&self, e: &mut FieldErrors) -> Vec<Band> {
        let mut out = Vec::new();
        for part in self.bands.split(';').filter(|p| !p.trim().is_empty()) {
            let parsed = part.split_once(':').and_then(|(from, rate)| {
                Some(Band {
                    from: Money::parse(from.trim().replace(' ', "").as_str()).ok()?.cents(),
                    bp: parse_pct(rate)?,
                })
            });
            match parsed {
                Some(b) => out.push(b),
                None => {
                    e.add(
                        "bands",
                        "Des tranches « dès DA : taux % » séparées par des points-virgules, comme 20000:23; 40000:27.",
                    );
                    return out;
                }
            }
        }
        if out.is_empty() || !out.windows(2).all(|w| w[0].from < w[1].from) {
            e.add("bands", "Au moins une tranche, de la plus basse à la plus haute.");
        }
        out
    }

    pub fn parse(&self) -> Result<Rates, FieldErrors> {
        let mut e = FieldErrors::new();
        let valid_from = parse_month(&self.valid_from).unwrap_or_else(|| {
            e.add("valid_from", "Un mois comme 2027-01.");
            NaiveDate::MIN
        });
        let hours = Money::parse(&self.month_hours).map(|m| m.cents()).unwrap_or(0);
        if hours <= 0 {
            e.add("month_hours", "Un nombre d'heures, comme 173,33.");
        }
        let irg = IrgRules {
            bands: self.bands(&mut e),
            abatement_bp: pct(&mut e, "abatement", &self.abatement),
            abatement_min: money(&mut e, "abatement_min", &self.abatement_min).cents(),
            abatement_max: money(&mut e, "abatement_max", &self.abatement_max).cents(),
            exempt_upto: money(&mut e, "exempt_upto", &self.exempt_upto).cents(),
            smooth_upto: money(&mut e, "smooth_upto", &self.smooth_upto).cents(),
            smooth_mul: fraction(&mut e, "smooth_mul", &self.smooth_mul, 1),
            smooth_sub: fraction(&mut e, "smooth_sub", &self.smooth_sub, 100),
        };
        if irg.abatement_max < irg.abatement_min {
            e.add("abatement_max", "Le maximum ne peut pas être inférieur au minimum.");
        }
        if irg.smooth_upto < irg.exempt_upto {
            e.add("smooth_upto", "Le lissage finit au-delà de l'exonération.");
        }
        let snmg = money(&mut e, "snmg", &self.snmg);
        if snmg.cents() == 0 && e.get("snmg").is_none() {
            e.add("snmg", "Le SNMG ne peut pas être nul.");
        }
        let rounding = Rounding::from_code(&self.rounding).unwrap_or(Rounding::Centime);
        let rates = Rates {
            valid_from,
            snmg,
            month_hours: hours,
            irg,
            cnas_employee_bp: pct(&mut e, "cnas_employee", &self.cnas_employee),
            cnas_employer_bp: pct(&mut e, "cnas_employer", &self.cnas_employer),
            fnpos_bp: pct(&mut e, "fnpos", &self.fnpos),
            night_bp: pct(&mut e, "night", &self.night),
            rest_day_bp: pct(&mut e, "rest_day", &self.rest_day),
            rounding,
            source: self.source.trim().to_string(),
        };
        e.into_result(rates)
    }
}

/// An item added to a payslip.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    pub kind: String,
    pub label: String,
    pub amount: String,
}

impl ItemForm {
    pub fn parse(&self) -> Result<ItemDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let amount = Money::parse_signed(&self.amount).unwrap_or_else(|err| {
            e.add("amount", err.to_string());
            Money::ZERO
        });
        e.into_result(ItemDraft { kind: self.kind.clone(), label: self.label.clone(), amount })
    }
}

/// A payment of a payslip.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PayForm {
    pub method: String,
    pub reference: String,
}

impl PayForm {
    pub fn parse(&self, day: NaiveDate) -> Result<PayDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let method = Method::from_code(&self.method).unwrap_or_else(|| {
            e.add("method", "Choisissez le mode de paiement.");
            Method::Bank
        });
        e.into_result(PayDraft { method, till: None, reference: self.reference.clone(), day })
    }
}

/// An advance, as typed, with the gérante's approval when given.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AdvanceForm {
    pub employee_id: String,
    pub amount: String,
    #[serde(rename = "mois")]
    pub month: String,
    pub method: String,
    pub reason: String,
    pub token: String,
    pub approver_id: String,
    #[serde(rename = "approval.pin")]
    pub pin: String,
}

impl AdvanceForm {
    pub fn parse(&self, day: NaiveDate) -> Result<(AdvanceDraft, Option<Approval>), FieldErrors> {
        let mut e = FieldErrors::new();
        let employee_id = self.employee_id.trim().parse().unwrap_or_else(|_| {
            e.add("employee_id", "Choisissez un employé.");
            0
        });
        let amount = money(&mut e, "amount", &self.amount);
        if amount.cents() == 0 && e.get("amount").is_none() {
            e.add("amount", "Le montant doit être supérieur à zéro.");
        }
        if parse_month(&self.month).is_none() {
            e.add("mois", "Un mois comme 2026-11.");
        }
        let method = match self.method.as_str() {
            "banque" => Method::Bank,
            _ => Method::Cash,
        };
        let pin = self.pin.trim();
        let approval = (!pin.is_empty())
            .then(|| Approval { approver_id: self.approver_id.trim().parse().unwrap_or(0), pin: pin.to_string() });
        let token = Some(self.token.trim().to_string()).filter(|t| !t.is_empty());
        let draft = AdvanceDraft {
            employee_id,
            month: self.month.trim().into(),
            amount,
            method,
            till: None,
            reason: self.reason.clone(),
            day,
            token,
        };
        e.into_result((draft, approval))
    }
}
