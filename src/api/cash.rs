//! API operations of the cash: open a shift, move cash, close blind, read X and Z. The same
//! operations as the pages; refusals carry stable codes (`shift_closed`, `shift_already_open`,
//! `shift_already_closed`, `shift_open`).

use std::collections::BTreeMap;

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::auth::Permission;
use crate::cash::ops::report;
use crate::cash::ops::{self, At, CloseDraft, Float, MovementInput, OpenDraft};
use crate::cash::{Counts, Purpose, ShiftReport, Total, store};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// Caisses : ouverture, mouvements d'espèces, fermeture à l'aveugle, rapports X et Z.
    Caisse,
}

#[derive(Debug, Clone, Object)]
pub struct OpenIn {
    /// Par défaut : la première caisse active.
    #[oai(default)]
    pub till_id: Option<i64>,
    /// Fond compté par coupure : {"2000": 1, "500": 2, "p200": 3} (p200 : pièce de 200 DA).
    #[oai(default)]
    pub counts: Option<BTreeMap<String, i64>>,
    /// Ou le fond en un montant ("3 000").
    #[oai(default)]
    pub amount: Option<String>,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct MovementIn {
    /// apport, retrait_exploitant, avance_personnel, depot_banque ou sans_vente (« depense » est
    /// refusé : une dépense est une facture, `/compta/depenses`)
    pub purpose: String,
    /// Positif ("1 500") ; le sens vient de la nature. Ignoré pour sans_vente.
    #[oai(default)]
    pub amount: String,
    pub reason: String,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct CloseIn {
    /// Comptage par coupure, sans connaître l'attendu.
    pub counts: BTreeMap<String, i64>,
    /// Fond laissé pour la prochaine caisse ; par défaut le fond d'ouverture (au plus le compté).
    #[oai(default)]
    pub next_float: Option<String>,
    #[oai(default)]
    pub comment: String,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct MovementOut {
    pub id: i64,
    pub at: String,
    pub kind: String,
    pub amount: String,
    pub reason: String,
    pub user: String,
}

#[derive(Debug, Clone, Object)]
pub struct ShiftOut {
    pub id: i64,
    pub till_id: i64,
    /// ouverte ou fermee
    pub status: String,
    pub opened_at: String,
    pub opening_float: String,
    /// Absent d'une caisse ouverte sans le droit caisse.parametrer (la fermeture est à l'aveugle).
    #[oai(nullable)]
    pub expected: Option<String>,
    #[oai(nullable)]
    pub counted: Option<String>,
    #[oai(nullable)]
    pub variance: Option<String>,
    #[oai(nullable)]
    pub next_float: Option<String>,
    pub comment: String,
    pub movements: Vec<MovementOut>,
}

#[derive(Debug, Clone, Object)]
pub struct TotalOut {
    pub label: String,
    pub count: i64,
    pub amount: String,
}

#[derive(Debug, Clone, Object)]
pub struct ReportOut {
    /// x ou z
    pub kind: String,
    pub shift_id: i64,
    pub till: String,
    pub tickets: i64,
    pub gross: String,
    pub discounts: String,
    /// Ventes (après remises) moins les retours.
    pub net_sales: String,
    pub by_method: Vec<TotalOut>,
    pub by_category: Vec<TotalOut>,
    pub by_seller: Vec<TotalOut>,
    pub refunds_count: i64,
    pub refunds_total: String,
    pub refunds_by_method: Vec<TotalOut>,
    pub pay_ins: String,
    pub pay_outs: String,
    /// Les sorties par nature (retrait de l'exploitant, dépense, avance au personnel).
    pub pay_outs_by_purpose: Vec<TotalOut>,
    pub deposits: String,
    pub supplier_payments: String,
    pub opening_float: String,
    #[oai(nullable)]
    pub expected: Option<String>,
    #[oai(nullable)]
    pub counted: Option<String>,
    #[oai(nullable)]
    pub variance: Option<String>,
    #[oai(nullable)]
    pub next_float: Option<String>,
    #[oai(nullable)]
    pub handover: Option<String>,
}

envelope!(ShiftEnvelope, ShiftOut);
envelope!(ReportEnvelope, ReportOut);

fn text(m: Option<Money>) -> Option<String> {
    m.map(|m| m.to_string())
}

fn totals(v: &[Total]) -> Vec<TotalOut> {
    v.iter().map(|t| TotalOut { label: t.label.clone(), count: t.count, amount: t.amount.to_string() }).collect()
}

fn report_out(r: &ShiftReport, with_expected: bool) -> ReportOut {
    ReportOut {
        kind: if r.is_z() { "z" } else { "x" }.into(),
        shift_id: r.shift.id,
        till: r.till.clone(),
        tickets: r.tickets,
        gross: r.gross.to_string(),
        discounts: r.discounts.to_string(),
        net_sales: r.net_sales.to_string(),
        by_method: totals(&r.by_method),
        by_category: totals(&r.by_category),
        by_seller: totals(&r.by_seller),
        refunds_count: r.refunds_count,
        refunds_total: r.refunds_total.to_string(),
        refunds_by_method: totals(&r.refunds_by_method),
        pay_ins: r.pay_ins.to_string(),
        pay_outs: r.pay_outs.to_string(),
        pay_outs_by_purpose: totals(&r.pay_outs_by_purpose),
        deposits: r.deposits.to_string(),
        supplier_payments: r.supplier_payments.to_string(),
        opening_float: r.opening_float.to_string(),
        expected: (r.is_z() || with_expected).then(|| r.expected.to_string()),
        counted: text(r.counted),
        variance: text(r.variance),
        next_float: text(r.next_float),
        handover: text(r.handover),
    }
}

async fn shift_out(app: &App, id: i64, with_expected: bool) -> Result<ShiftOut, AppError> {
    app.db
        .read(move |c| {
            let s = store::shift(c, id)?.ok_or(AppError::NotFound)?;
            let expected = match s.expected {
                Some(e) => Some(e),
                None if with_expected => Some(store::expected(c, id)?),
                None => None,
            };
            let movements = store::movements(c, id)?
                .into_iter()
                .map(|m| MovementOut {
                    id: m.id,
                    at: m.at,
                    kind: m.kind,
                    amount: m.amount.to_string(),
                    reason: m.reason,
                    user: m.user,
                })
                .collect();
            Ok(ShiftOut {
                id: s.id,
                till_id: s.till_id,
                status: if s.open { "ouverte" } else { "fermee" }.into(),
                opened_at: s.opened_at,
                opening_float: s.opening_float.to_string(),
                expected: text(expected),
                counted: text(s.counted),
                variance: text(s.variance),
                next_float: text(s.next_float),
                comment: s.comment,
                movements,
            })
        })
        .await
}

fn money(field: &str, text: &str, e: &mut FieldErrors) -> Money {
    Money::parse_signed(text).unwrap_or_else(|_| {
        e.add(field, "Un montant comme 1 500 ou 1 234,50.");
        Money::ZERO
    })
}

impl MovementIn {
    /// The body as a movement of shift `shift_id`, or the messages beside each field.
    fn parse(self, shift_id: i64) -> Result<MovementInput, FieldErrors> {
        let mut e = FieldErrors::new();
        let purpose = Purpose::from_code(&self.purpose).unwrap_or_else(|| {
            e.add("purpose", "apport, retrait_exploitant, depense, avance_personnel, depot_banque ou sans_vente.");
            Purpose::NoSale
        });
        let amount = if purpose == Purpose::NoSale { Money::ZERO } else { money("amount", &self.amount, &mut e) };
        let (reason, token) = (self.reason, self.token);
        e.into_result(MovementInput { at: At::Shift(shift_id), purpose, amount, reason, token })
    }
}

pub struct CashApi;

#[OpenApi]
impl CashApi {
    /// Ouvre une caisse avec son fond compté (par coupure, ou en un montant).
    #[oai(path = "/caisse/sessions", method = "post", tag = "Tag::Caisse")]
    async fn open(&self, app: Data<&App>, auth: Bearer, body: Json<OpenIn>) -> ApiResult<ShiftEnvelope> {
        let b = body.0;
        let mut e = FieldErrors::new();
        let float = match (b.counts, b.amount) {
            (Some(c), _) => Float::Counted(Counts(c)),
            (None, Some(a)) => Float::Amount(money("amount", &a, &mut e)),
            (None, None) => {
                e.add("counts", "Donnez le fond compté (counts) ou son montant (amount).");
                Float::Amount(Money::ZERO)
            }
        };
        if !e.is_empty() {
            return Err(AppError::Invalid(e).into());
        }
        let till_id = match b.till_id {
            Some(t) => t,
            None => {
                let tills = app.db.read(|c| Ok(store::tills(c)?)).await?;
                crate::cash::till_id_of(None, &tills).ok_or(AppError::NotFound)?
            }
        };
        let d = OpenDraft { till_id, float, token: b.token };
        let (actor, now, day) = (auth.0.actor(), app.clock.now_text(), app.clock.business_day());
        let id = app.db.write(move |tx| ops::open(tx, &actor, &d, &now, day)).await?;
        Ok(ShiftEnvelope::ok(shift_out(&app, id, auth.0.can(Permission::TillSettings)).await?))
    }

    /// Une caisse et ses mouvements. L'attendu d'une caisse ouverte n'est donné qu'à la gérante.
    #[oai(path = "/caisse/sessions/:id", method = "get", tag = "Tag::Caisse")]
    async fn shift(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<ShiftEnvelope> {
        Ok(ShiftEnvelope::ok(shift_out(&app, id.0, auth.0.can(Permission::TillSettings)).await?))
    }

    /// Entrée ou sortie d'espèces (ou ouverture du tiroir sans vente) sur une caisse ouverte.
    #[oai(path = "/caisse/sessions/:id/mouvements", method = "post", tag = "Tag::Caisse")]
    async fn movement(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<MovementIn>,
    ) -> ApiResult<ShiftEnvelope> {
        let id = id.0;
        let m = body.0.parse(id).map_err(AppError::from)?;
        let (actor, now, day) = (auth.0.actor(), app.clock.now_text(), app.clock.business_day());
        app.db.write(move |tx| ops::move_cash(tx, &actor, &m, &now, day)).await?;
        Ok(ShiftEnvelope::ok(shift_out(&app, id, auth.0.can(Permission::TillSettings)).await?))
    }

    /// Ferme une caisse à l'aveugle : comptage par coupure ; l'écart est calculé et comptabilisé.
    #[oai(path = "/caisse/sessions/:id/fermer", method = "post", tag = "Tag::Caisse")]
    async fn close(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<CloseIn>,
    ) -> ApiResult<ShiftEnvelope> {
        let (b, id) = (body.0, id.0);
        let mut e = FieldErrors::new();
        let next_float = b.next_float.as_deref().map(|t| money("next_float", t, &mut e));
        if !e.is_empty() {
            return Err(AppError::Invalid(e).into());
        }
        let d = CloseDraft { counts: Counts(b.counts), next_float, comment: b.comment, token: b.token };
        let (actor, now, day) = (auth.0.actor(), app.clock.now_text(), app.clock.business_day());
        app.db.write(move |tx| ops::close(tx, &actor, id, &d, &now, day)).await?;
        Ok(ShiftEnvelope::ok(shift_out(&app, id, true).await?))
    }

    /// Rapport X : la caisse en cours (l'attendu seulement pour la gérante).
    #[oai(path = "/caisse/sessions/:id/x", method = "get", tag = "Tag::Caisse")]
    async fn x(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<ReportEnvelope> {
        let id = id.0;
        let r = app.db.read(move |c| report::compute(c, id)).await?;
        Ok(ReportEnvelope::ok(report_out(&r, auth.0.can(Permission::TillSettings))))
    }

    /// Rapport Z : une caisse fermée, avec compté, écart, fond laissé et remise.
    #[oai(path = "/caisse/sessions/:id/z", method = "get", tag = "Tag::Caisse")]
    async fn z(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<ReportEnvelope> {
        let id = id.0;
        let r = app.db.read(move |c| report::compute(c, id)).await?;
        if !r.is_z() {
            return Err(AppError::refused(
                "shift_open",
                "La caisse est encore ouverte : le rapport Z suit la fermeture.",
            )
            .into());
        }
        Ok(ReportEnvelope::ok(report_out(&r, true)))
    }
}
