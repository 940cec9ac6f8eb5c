//! API operations of the expenses: the bills of a month, a new bill, the payment of a bill owed.
//! Amounts are text as typed ("8 250,50"), read by the expense form's own `parse`, and the same
//! operations save them.

use chrono::Datelike;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::audit::Stamp;
use crate::error::{AppError, FieldErrors};
use crate::expenses::web::ExpenseForm;
use crate::expenses::{Expense, PaidBy, PaymentDraft, ops, store};
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// Dépenses : factures sous un libellé familier, payées par le tiroir, la banque ou plus tard.
    Depenses,
}

#[derive(Debug, Clone, Object)]
pub struct ExpenseOut {
    pub id: i64,
    pub day: String,
    pub label: String,
    /// Le compte de charge.
    pub account: String,
    pub beneficiary: String,
    pub reference: String,
    /// TTC, centimes.
    pub amount: i64,
    /// TVA déductible (régime réel ; 0 sous l'IFU), centimes.
    pub tva: i64,
    pub tva_bp: u32,
    /// caisse, banque ou plus_tard.
    pub paid_by: String,
    pub owed: bool,
    pub entry_id: i64,
    #[oai(nullable)]
    pub payment_day: Option<String>,
}

fn out(x: Expense) -> ExpenseOut {
    ExpenseOut {
        owed: x.owed(),
        id: x.id,
        day: x.day,
        label: x.label,
        account: x.account,
        beneficiary: x.beneficiary,
        reference: x.reference,
        amount: x.amount.cents(),
        tva: x.tva.cents(),
        tva_bp: x.tva_bp,
        paid_by: x.paid_by,
        entry_id: x.entry_id,
        payment_day: x.payment_day,
    }
}

/// A bill as typed (the fields of the page's form).
#[derive(Debug, Clone, Object)]
pub struct ExpenseIn {
    /// AAAA-MM-JJ.
    pub day: String,
    pub label_id: i64,
    pub beneficiary: String,
    #[oai(default)]
    pub reference: String,
    /// TTC ("8 250,50").
    pub amount: String,
    /// Taux de TVA de la facture en % ("19") ; vide : sans TVA.
    #[oai(default)]
    pub tva_rate: String,
    /// TVA de la facture ; vide : calculée sur le TTC au taux.
    #[oai(default)]
    pub tva: String,
    /// caisse, banque ou plus_tard.
    pub paid_by: String,
    #[oai(default)]
    pub monthly: bool,
    #[oai(default)]
    pub note: String,
    /// Jeton à usage unique : un envoi répété n'enregistre qu'une facture.
    #[oai(default)]
    pub token: String,
}

#[derive(Debug, Clone, Object)]
pub struct ExpensePayIn {
    /// AAAA-MM-JJ ; absent : aujourd'hui.
    #[oai(default)]
    pub day: Option<String>,
    /// caisse ou banque.
    pub by: String,
}

envelope!(ExpensesEnvelope, Vec<ExpenseOut>);
envelope!(ExpenseEnvelope, ExpenseOut);

async fn read(app: &App, id: i64) -> ApiResult<ExpenseEnvelope> {
    let x = app.db.read(move |c| store::expense(c, id)?.ok_or(AppError::NotFound)).await?;
    Ok(ExpenseEnvelope::ok(out(x)))
}

pub struct ExpensesApi;

#[OpenApi]
impl ExpensesApi {
    /// Les factures d'un mois (AAAA-MM ; défaut : le mois en cours) et celles encore à payer.
    #[oai(path = "/compta/depenses", method = "get", tag = "Tag::Depenses")]
    async fn list(&self, app: Data<&App>, _auth: Bearer, mois: Query<Option<String>>) -> ApiResult<ExpensesEnvelope> {
        let today = app.clock.business_day();
        let first = match mois.0.as_deref() {
            Some(m) => crate::accounting::ops::periods::parse_month(m, "mois").map_err(AppError::from)?,
            None => today.with_day(1).unwrap_or(today),
        };
        let last = crate::accounting::ops::periods::next_month(first).pred_opt().unwrap_or(first);
        let (from, to) = (first.to_string(), last.to_string());
        let rows = app.db.read(move |c| Ok(store::expenses(c, &from, &to)?)).await?;
        Ok(ExpensesEnvelope::ok(rows.into_iter().map(out).collect()))
    }

    /// Enregistre une facture : son écriture (et la sortie du tiroir quand il la paie).
    #[oai(path = "/compta/depenses", method = "post", tag = "Tag::Depenses")]
    async fn create(&self, app: Data<&App>, auth: Bearer, body: Json<ExpenseIn>) -> ApiResult<ExpenseEnvelope> {
        let b = body.0;
        let form = ExpenseForm {
            day: b.day,
            label_id: b.label_id.to_string(),
            beneficiary: b.beneficiary,
            reference: b.reference,
            amount: b.amount,
            tva_rate: b.tva_rate,
            tva: b.tva,
            paid_by: b.paid_by,
            monthly: if b.monthly { "1".into() } else { String::new() },
            note: b.note,
            token: b.token,
        };
        let d = form.parse().map_err(AppError::from)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::record(tx, &st, &d)).await?;
        read(&app, id).await
    }

    /// Paie une facture enregistrée « à payer plus tard » : par le tiroir (aujourd'hui) ou la banque.
    #[oai(path = "/compta/depenses/:id/payer", method = "post", tag = "Tag::Depenses")]
    async fn pay(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<ExpensePayIn>,
    ) -> ApiResult<ExpenseEnvelope> {
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let mut e = FieldErrors::new();
        let by = PaidBy::from_code(&body.0.by).filter(|b| *b != PaidBy::Later).unwrap_or_else(|| {
            e.add("by", "caisse ou banque.");
            PaidBy::Later
        });
        let day = match body.0.day.as_deref() {
            None => st.day,
            Some(t) => chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap_or_else(|_| {
                e.add("day", "Une date comme 2026-11-24.");
                st.day
            }),
        };
        let p = e.into_result(PaymentDraft { day, by }).map_err(AppError::from)?;
        let id = id.0;
        app.db.write(move |tx| ops::pay(tx, &st, id, &p)).await?;
        read(&app, id).await
    }
}
