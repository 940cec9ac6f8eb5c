//! API of the B2B standing orders: list, read, create, change one date, generate a day's orders,
//! and the B2B calendar's periods (list, add, remove), with the same parse and operations as the
//! pages (`/b2b/abonnements`, `/b2b/abonnements/calendrier`).

use chrono::NaiveDate;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::audit::Stamp;
use crate::b2b::standing::{DayChange, Generated, Outcome, Period, RowInput, Standing, StandingInput, grid_qty};
use crate::b2b::{ops, store};
use crate::error::{AppError, FieldErrors};
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// Abonnements pro : quantités par jour de la semaine (samedi d'abord), jours spéciaux,
    /// changements d'un jour, génération des commandes pro d'un jour.
    AbonnementsPro,
}

#[derive(Debug, Clone, Object)]
pub struct StandingGridLine {
    pub product_id: i64,
    /// Sept quantités, de samedi à vendredi ("" ou "0" : rien ce jour-là).
    #[oai(default)]
    pub normal: Vec<String>,
    /// Les quantités des jours spéciaux, quand l'abonnement a sa grille d'alternance.
    #[oai(default)]
    pub alternate: Vec<String>,
}

#[derive(Debug, Clone, Object)]
pub struct StandingIn {
    pub customer_id: i64,
    /// AAAA-MM-JJ
    pub active_from: String,
    /// AAAA-MM-JJ ; absent : sans fin.
    #[oai(default)]
    pub active_to: Option<String>,
    /// HH:MM, la veille de la livraison.
    pub cutoff: String,
    /// "normal", "saute" ou "alterne" : ce que fait l'abonnement les jours spéciaux.
    pub on_special: String,
    pub lines: Vec<StandingGridLine>,
}

#[derive(Debug, Clone, Object)]
pub struct StandingOut {
    pub id: i64,
    pub customer_id: i64,
    pub customer: String,
    pub active_from: String,
    #[oai(nullable)]
    pub active_to: Option<String>,
    pub cutoff: String,
    pub on_special: String,
    pub lines: Vec<StandingGridLine>,
}

#[derive(Debug, Clone, Object)]
pub struct StandingDayIn {
    /// Les quantités de ce jour seulement (une liste vide : rien ce jour-là).
    pub lines: Vec<StandingDayLineIn>,
}

#[derive(Debug, Clone, Object)]
pub struct StandingDayLineIn {
    pub product_id: i64,
    pub qty: String,
}

#[derive(Debug, Clone, Object)]
pub struct StandingGenerateIn {
    /// AAAA-MM-JJ : le jour de livraison.
    pub day: String,
}

#[derive(Debug, Clone, Object)]
pub struct StandingGeneratedOut {
    pub standing_id: i64,
    pub customer: String,
    /// "creee", "existante", "bloquee" ou "rien".
    pub outcome: String,
    /// Le numéro de la commande, créée ou existante.
    #[oai(nullable)]
    pub order: Option<String>,
    /// Pourquoi rien, ou pourquoi bloquée.
    #[oai(nullable)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct StandingIdOut {
    pub id: i64,
}

#[derive(Debug, Clone, Object)]
pub struct CalendarPeriodIn {
    /// AAAA-MM-JJ
    pub first_day: String,
    /// AAAA-MM-JJ, pas avant le premier jour.
    pub last_day: String,
    /// "ferme" (rien n'est généré) ou "special" (jours spéciaux : Ramadan, Aïd…).
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Clone, Object)]
pub struct CalendarPeriodOut {
    pub id: i64,
    pub first_day: String,
    pub last_day: String,
    /// "ferme" ou "special".
    pub kind: String,
    pub name: String,
}

fn period_out(p: &Period) -> CalendarPeriodOut {
    let kind = if p.closed { "ferme" } else { "special" };
    CalendarPeriodOut {
        id: p.id,
        first_day: p.first_day.to_string(),
        last_day: p.last_day.to_string(),
        kind: kind.into(),
        name: p.name.clone(),
    }
}

envelope!(CalendarEnvelope, Vec<CalendarPeriodOut>);
envelope!(StandingListEnvelope, Vec<StandingOut>);
envelope!(StandingEnvelope, StandingOut);
envelope!(StandingIdEnvelope, StandingIdOut);
envelope!(GeneratedEnvelope, Vec<StandingGeneratedOut>);

fn input(b: StandingIn) -> StandingInput {
    let seven = |v: &[String]| std::array::from_fn(|d| v.get(d).cloned().unwrap_or_default());
    StandingInput {
        customer_id: b.customer_id.to_string(),
        active_from: b.active_from,
        active_to: b.active_to.unwrap_or_default(),
        cutoff: b.cutoff,
        on_special: b.on_special,
        rows: b
            .lines
            .iter()
            .map(|l| RowInput {
                product: l.product_id.to_string(),
                normal: seven(&l.normal),
                alternate: seven(&l.alternate),
            })
            .collect(),
    }
}

fn output(s: &Standing) -> StandingOut {
    let v = StandingInput::of(s, 0);
    let lines = v
        .rows
        .into_iter()
        .map(|r| StandingGridLine {
            product_id: r.product.parse().unwrap_or(0),
            normal: r.normal.to_vec(),
            alternate: r.alternate.to_vec(),
        })
        .collect();
    StandingOut {
        id: s.id,
        customer_id: s.customer_id,
        customer: s.customer.clone(),
        active_from: v.active_from,
        active_to: s.active_to.map(|t| t.to_string()),
        cutoff: v.cutoff,
        on_special: v.on_special,
        lines,
    }
}

fn generated(g: Generated) -> StandingGeneratedOut {
    let (outcome, order, message) = match g.outcome {
        Outcome::Made(_, n) => ("creee", Some(n), None),
        Outcome::Already(n) => ("existante", Some(n), None),
        Outcome::Blocked(m) => ("bloquee", None, Some(m)),
        Outcome::Nothing(m) => ("rien", None, Some(m)),
    };
    StandingGeneratedOut { standing_id: g.standing_id, customer: g.customer, outcome: outcome.into(), order, message }
}

fn day_of(field: &str, text: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| crate::error::invalid(field, "Date invalide (AAAA-MM-JJ)."))
}

pub struct StandingApi;

#[OpenApi]
impl StandingApi {
    /// Les abonnements pro, avec leurs grilles.
    #[oai(path = "/b2b/abonnements", method = "get", tag = "Tag::AbonnementsPro")]
    async fn list(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<StandingListEnvelope> {
        let all = app.db.read(|c| Ok(store::standing::all(c)?)).await?;
        Ok(StandingListEnvelope::ok(all.iter().map(output).collect()))
    }

    /// Un abonnement pro.
    #[oai(path = "/b2b/abonnements/:id", method = "get", tag = "Tag::AbonnementsPro")]
    async fn one(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<StandingEnvelope> {
        let s = app.db.read(move |c| store::standing::one(c, id.0)?.ok_or(AppError::NotFound)).await?;
        Ok(StandingEnvelope::ok(output(&s)))
    }

    /// Créer un abonnement pro. Refusé (rien n'est enregistré) sans jour ni quantité, avec un
    /// produit inconnu, une quantité négative, des dates qui chevauchent un autre abonnement du client.
    #[oai(path = "/b2b/abonnements", method = "post", tag = "Tag::AbonnementsPro")]
    async fn create(&self, app: Data<&App>, auth: Bearer, body: Json<StandingIn>) -> ApiResult<StandingIdEnvelope> {
        let d = input(body.0).parse().map_err(AppError::Invalid)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::standing::save(tx, &st, 0, &d)).await?;
        Ok(StandingIdEnvelope::ok(StandingIdOut { id }))
    }

    /// Changer un seul jour d'un abonnement (la grille reste), avant son heure limite.
    #[oai(path = "/b2b/abonnements/:id/jours/:day", method = "put", tag = "Tag::AbonnementsPro")]
    async fn change_day(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        day: Path<String>,
        body: Json<StandingDayIn>,
    ) -> ApiResult<StandingIdEnvelope> {
        let mut e = FieldErrors::new();
        let lines = body
            .0
            .lines
            .iter()
            .map(|l| (l.product_id, grid_qty(&mut e, "lines", &l.qty)))
            .filter(|l| l.1.milli() > 0)
            .collect();
        let ch = DayChange { day: day_of("day", &day.0)?, lines: e.into_result(lines).map_err(AppError::Invalid)? };
        let (st, now) = (Stamp::new(auth.0.actor(), &app.clock), app.clock.local(app.clock.now()).naive_local());
        app.db.write(move |tx| ops::standing::change_day(tx, &st, now, id.0, &ch)).await?;
        Ok(StandingIdEnvelope::ok(StandingIdOut { id: id.0 }))
    }

    /// Les périodes du calendrier pro qui touchent `du`..=`au` (par défaut : d'aujourd'hui à un an).
    #[oai(path = "/b2b/abonnements/calendrier", method = "get", tag = "Tag::AbonnementsPro")]
    async fn calendar(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        du: Query<Option<String>>,
        au: Query<Option<String>>,
    ) -> ApiResult<CalendarEnvelope> {
        let today = app.clock.business_day();
        let from = du.0.as_deref().map(|d| day_of("du", d)).transpose()?.unwrap_or(today);
        let to = au.0.as_deref().map(|d| day_of("au", d)).transpose()?.unwrap_or(today + chrono::Duration::days(365));
        if to < from {
            return Err(crate::error::invalid("au", "La fin vient avant le début.").into());
        }
        let periods = app.db.read(move |c| Ok(store::standing::periods(c, from, to)?)).await?;
        Ok(CalendarEnvelope::ok(periods.iter().map(period_out).collect()))
    }

    /// Ajouter une période au calendrier pro : fermée (rien n'est généré) ou jours spéciaux.
    /// Refusée sans nom, sans dates valides, ou quand la fin vient avant le début.
    #[oai(path = "/b2b/abonnements/calendrier", method = "post", tag = "Tag::AbonnementsPro")]
    async fn add_period(
        &self,
        app: Data<&App>,
        auth: Bearer,
        body: Json<CalendarPeriodIn>,
    ) -> ApiResult<StandingIdEnvelope> {
        let b = body.0;
        let fields = [("first_day", b.first_day), ("last_day", b.last_day), ("kind", b.kind), ("name", b.name)];
        let fields: Vec<(String, String)> = fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let (first, last, closed, name) =
            crate::b2b::web::standing::parse_period(&fields).map_err(AppError::Invalid)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::standing::add_period(tx, &st, first, last, closed, &name)).await?;
        Ok(StandingIdEnvelope::ok(StandingIdOut { id }))
    }

    /// Retirer une période du calendrier pro.
    #[oai(path = "/b2b/abonnements/calendrier/:id/supprimer", method = "post", tag = "Tag::AbonnementsPro")]
    async fn delete_period(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<StandingIdEnvelope> {
        let st = Stamp::new(auth.0.actor(), &app.clock);
        app.db.write(move |tx| ops::standing::delete_period(tx, &st, id.0)).await?;
        Ok(StandingIdEnvelope::ok(StandingIdOut { id: id.0 }))
    }

    /// Générer les commandes pro d'un jour depuis les abonnements ; deux fois ne crée rien de plus.
    /// Une commande au-delà de l'encours autorisé est rendue « bloquee », non créée.
    #[oai(path = "/b2b/abonnements/generer", method = "post", tag = "Tag::AbonnementsPro")]
    async fn generate(
        &self,
        app: Data<&App>,
        auth: Bearer,
        body: Json<StandingGenerateIn>,
    ) -> ApiResult<GeneratedEnvelope> {
        let day = day_of("day", &body.0.day)?;
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let done = app.db.write(move |tx| ops::standing::generate(tx, &st, day, None)).await?;
        Ok(GeneratedEnvelope::ok(done.into_iter().map(generated).collect()))
    }
}
