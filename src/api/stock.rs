//! API operations of the stock: levels, a product's moves, transfers, losses and corrections,
//! physical counts. Quantities are text in natural units ("2,5 kg"), parsed like the pages;
//! the same operations save them. Values and PMP are absent without `couts.voir`.

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::audit::Stamp;
use crate::auth::Permission;
use crate::catalog::{self, Unit, format_unit_cost};
use crate::error::{AppError, FieldErrors};
use crate::state::App;
use crate::stock::counts::{self, Count, CountLine};
use crate::stock::ops::{self, AdjustmentDraft, TransferDraft, levels};
use crate::stock::{Reason, adjustment_lines, parse_costs, parse_lines, store};

#[derive(Tags)]
enum Tag {
    /// Niveaux de stock, mouvements, transferts, pertes, inventaires.
    Stock,
}

#[derive(Debug, Clone, Object)]
pub struct LevelOut {
    pub product_id: i64,
    pub product: String,
    pub location_id: i64,
    /// "12,5 kg"
    pub qty: String,
    /// ok, bas ou rupture
    pub status: String,
    #[oai(nullable)]
    pub threshold: Option<String>,
    /// Absent sans le droit de voir les coûts.
    #[oai(nullable)]
    pub value: Option<String>,
    #[oai(nullable)]
    pub pmp: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct MoveOut {
    pub id: i64,
    pub at: String,
    pub location_id: i64,
    pub location: String,
    pub qty: String,
    #[oai(nullable)]
    pub value: Option<String>,
    pub kind: String,
    pub source_type: String,
    pub source_id: i64,
    #[oai(nullable)]
    pub user: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct LineIn {
    pub product_id: i64,
    /// "25 kg", "3 pièces" ; une correction peut être signée ("-2 kg").
    pub qty: String,
    /// Valeur unitaire d'un surplus, par kg, L ou pièce ("10", "0,8") : exigée quand le produit
    /// n'a aucun coût connu (rien en stock, pas de coût de référence), ignorée sinon.
    #[oai(default)]
    pub cost: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct TransferIn {
    pub from: i64,
    pub to: i64,
    pub lines: Vec<LineIn>,
    #[oai(default)]
    pub note: String,
    /// Jeton à usage unique : un envoi répété n'enregistre qu'un document.
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct AdjustmentIn {
    pub location_id: i64,
    /// casse, perime, perte ou correction
    pub reason: String,
    pub lines: Vec<LineIn>,
    #[oai(default)]
    pub note: String,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct DocumentOut {
    pub id: i64,
}

#[derive(Debug, Clone, Object)]
pub struct CountOpenIn {
    pub location_id: i64,
    #[oai(default)]
    pub note: String,
}

#[derive(Debug, Clone, Object)]
pub struct CountedIn {
    pub product_id: i64,
    /// Quantité comptée ("9,5 kg") ; vide : non compté.
    pub qty: String,
    /// Valeur unitaire d'un surplus, par kg, L ou pièce : exigée à la validation quand le
    /// produit n'a aucun coût connu. Absente : inchangée ; vide : effacée.
    #[oai(default)]
    pub cost: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct CountLineOut {
    pub product_id: i64,
    pub product: String,
    pub expected: String,
    #[oai(nullable)]
    pub counted: Option<String>,
    #[oai(nullable)]
    pub variance: Option<String>,
    /// none, warn (> 5 %) ou high (> 10 %)
    pub severity: String,
    #[oai(nullable)]
    pub variance_value: Option<String>,
    /// Faux quand le produit n'a aucun coût connu (rien en stock, pas de coût de référence) :
    /// un surplus exige alors sa valeur unitaire (`cost` des lignes comptées).
    pub cost_known: bool,
    /// La valeur unitaire saisie pour le surplus ("10,00 DA/pièce"). Absente sans le droit de voir les coûts.
    #[oai(nullable)]
    pub entry_cost: Option<String>,
    /// Pour un produit sans coût connu : la valeur proposée (coût de la recette, sinon dernier PMP).
    #[oai(nullable)]
    pub proposed_cost: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct CountOut {
    pub id: i64,
    pub location_id: i64,
    pub location: String,
    /// ouvert, valide ou abandonne
    pub status: String,
    pub lines: Vec<CountLineOut>,
}

envelope!(LevelsEnvelope, Vec<LevelOut>);
envelope!(MovesEnvelope, Vec<MoveOut>);
envelope!(DocumentEnvelope, DocumentOut);
envelope!(CountEnvelope, CountOut);

fn count_out(c: Count, lines: Vec<CountLine>, values: bool) -> CountOut {
    CountOut {
        id: c.id,
        location_id: c.location_id,
        location: c.location,
        status: c.status.code().into(),
        lines: lines
            .iter()
            .map(|l| CountLineOut {
                product_id: l.product_id,
                product: l.name.clone(),
                expected: l.unit.format(l.reference_qty()),
                counted: l.counted_qty.map(|q| l.unit.format(q)),
                variance: l.variance().map(|q| l.unit.format(q)),
                severity: match l.severity() {
                    counts::Severity::None => "none",
                    counts::Severity::Warn => "warn",
                    counts::Severity::High => "high",
                }
                .into(),
                variance_value: l.variance_value_estimate().filter(|_| values).map(|m| m.to_string()),
                cost_known: l.cost_known,
                entry_cost: l.entry_cost.filter(|_| values).map(|c| format_unit_cost(c, l.unit)),
                proposed_cost: l.proposal.filter(|_| values).map(|c| format_unit_cost(c, l.unit)),
            })
            .collect(),
    }
}

async fn one_count(app: &App, id: i64, values: bool) -> Result<CountOut, AppError> {
    let (c, lines) = app
        .db
        .read(move |conn| {
            Ok((
                counts::store::count(conn, id)?.ok_or(AppError::NotFound)?,
                counts::ops::lines_with_proposals(conn, id)?,
            ))
        })
        .await?;
    Ok(count_out(c, lines, values))
}

async fn units(app: &App) -> Result<Vec<(i64, Unit)>, AppError> {
    app.db.read(|c| Ok(catalog::store::all_products(c)?.into_iter().map(|p| (p.id, p.unit)).collect())).await
}

fn typed(lines: &[LineIn]) -> Vec<(String, String)> {
    lines.iter().map(|l| (l.product_id.to_string(), l.qty.clone())).collect()
}

fn typed_costs(lines: &[LineIn]) -> Vec<String> {
    lines.iter().map(|l| l.cost.clone().unwrap_or_default()).collect()
}

/// The counted quantities and, where given, the unit values of surpluses.
fn counted(lines: Vec<CountedIn>) -> counts::Typed {
    let costs = lines.iter().filter_map(|l| l.cost.clone().map(|c| (l.product_id, c))).collect();
    counts::Typed { counted: lines.into_iter().map(|l| (l.product_id, l.qty)).collect(), costs }
}

pub struct StockApi;

#[OpenApi]
impl StockApi {
    /// Niveaux de stock par produit et lieu (filtre facultatif par lieu).
    #[oai(path = "/stock", method = "get", tag = "Tag::Stock")]
    async fn levels(
        &self,
        app: Data<&App>,
        auth: Bearer,
        location_id: Query<Option<i64>>,
    ) -> ApiResult<LevelsEnvelope> {
        let values = auth.0.can(Permission::CostsView);
        let (_, all) = app.db.read(levels::levels).await?;
        let out = all
            .into_iter()
            .filter(|l| location_id.0.is_none_or(|id| id == l.location_id))
            .map(|l| LevelOut {
                product_id: l.product.id,
                product: l.product.name.clone(),
                location_id: l.location_id,
                qty: l.product.unit.format(l.held.qty),
                status: l.status().label().into(),
                threshold: l.threshold.map(|t| l.product.unit.format(t)),
                value: values.then(|| l.held.value.to_string()),
                pmp: values.then(|| format_unit_cost(l.pmp, l.product.unit)),
            })
            .collect();
        Ok(LevelsEnvelope::ok(out))
    }

    /// Les mouvements d'un produit (fiche de stock), du plus ancien au plus récent.
    #[oai(path = "/stock/produits/:id/mouvements", method = "get", tag = "Tag::Stock")]
    async fn moves(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<MovesEnvelope> {
        let (values, id) = (auth.0.can(Permission::CostsView), id.0);
        let (p, moves) = app
            .db
            .read(move |c| {
                Ok((catalog::store::product(c, id)?.ok_or(AppError::NotFound)?, store::moves_of(c, id, 1000)?))
            })
            .await?;
        let out = moves
            .into_iter()
            .map(|m| MoveOut {
                id: m.id,
                at: m.at,
                location_id: m.location_id,
                location: m.location,
                qty: p.unit.format(m.qty),
                value: values.then(|| m.value.to_string()),
                kind: m.kind,
                source_type: m.source_type,
                source_id: m.source_id,
                user: m.user,
            })
            .collect();
        Ok(MovesEnvelope::ok(out))
    }

    /// Transfert de plusieurs produits d'un lieu à un autre : tout ou rien.
    #[oai(path = "/stock/transferts", method = "post", tag = "Tag::Stock")]
    async fn transfer(&self, app: Data<&App>, auth: Bearer, body: Json<TransferIn>) -> ApiResult<DocumentEnvelope> {
        let b = body.0;
        let mut errors = FieldErrors::new();
        let lines = parse_lines(&typed(&b.lines), &units(&app).await?, false, &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors).into());
        }
        let draft = TransferDraft { from: b.from, to: b.to, lines, note: b.note, token: b.token };
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::move_between(tx, &st.actor, &draft, &st.now, st.day)).await?;
        Ok(DocumentEnvelope::ok(DocumentOut { id }))
    }

    /// Perte (casse, périmé, perte : quantité sortie, sans signe) ou correction (signée), valorisée au
    /// PMP ; le surplus d'un produit sans coût connu exige sa valeur unitaire (`cost`).
    #[oai(path = "/stock/ajustements", method = "post", tag = "Tag::Stock")]
    async fn adjust(&self, app: Data<&App>, auth: Bearer, body: Json<AdjustmentIn>) -> ApiResult<DocumentEnvelope> {
        let b = body.0;
        let mut errors = FieldErrors::new();
        let reason = Reason::from_code(&b.reason);
        if reason.is_none() {
            errors.add("reason", "Motif inconnu : casse, perime, perte ou correction.");
        }
        let (rows, units) = (typed(&b.lines), units(&app).await?);
        let lines = adjustment_lines(&rows, &units, reason, &mut errors);
        let costs = parse_costs(&rows, &typed_costs(&b.lines), &units, &mut errors);
        let Some(reason) = reason.filter(|_| errors.is_empty()) else {
            return Err(AppError::Invalid(errors).into());
        };
        let draft = AdjustmentDraft { location_id: b.location_id, reason, lines, costs, note: b.note, token: b.token };
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::adjust(tx, &st.actor, &draft, &st.now, st.day)).await?;
        Ok(DocumentEnvelope::ok(DocumentOut { id }))
    }

    /// Ouvre un inventaire d'un lieu (photo des quantités attendues).
    #[oai(path = "/stock/inventaires", method = "post", tag = "Tag::Stock")]
    async fn open_count(&self, app: Data<&App>, auth: Bearer, body: Json<CountOpenIn>) -> ApiResult<CountEnvelope> {
        let (st, b) = (Stamp::new(auth.0.actor(), &app.clock), body.0);
        let id = app.db.write(move |tx| counts::ops::open(tx, &st.actor, b.location_id, &b.note, &st.now)).await?;
        Ok(CountEnvelope::ok(one_count(&app, id, auth.0.can(Permission::CostsView)).await?))
    }

    /// Un inventaire, ses lignes et ses écarts.
    #[oai(path = "/stock/inventaires/:id", method = "get", tag = "Tag::Stock")]
    async fn count(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<CountEnvelope> {
        Ok(CountEnvelope::ok(one_count(&app, id.0, auth.0.can(Permission::CostsView)).await?))
    }

    /// Enregistre des quantités comptées.
    #[oai(path = "/stock/inventaires/:id/lignes", method = "put", tag = "Tag::Stock")]
    async fn record(
        &self,
        app: Data<&App>,
        auth: Bearer,
        id: Path<i64>,
        body: Json<Vec<CountedIn>>,
    ) -> ApiResult<CountEnvelope> {
        let id = id.0;
        let lines = counted(body.0);
        app.db.write(move |tx| counts::ops::record_typed(tx, id, &lines)).await?;
        Ok(CountEnvelope::ok(one_count(&app, id, auth.0.can(Permission::CostsView)).await?))
    }

    /// Valide un inventaire : écarts passés en stock et en comptabilité, inventaire figé.
    #[oai(path = "/stock/inventaires/:id/valider", method = "post", tag = "Tag::Stock")]
    async fn validate(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<CountEnvelope> {
        let (st, id) = (Stamp::new(auth.0.actor(), &app.clock), id.0);
        app.db.write(move |tx| counts::ops::validate(tx, &st.actor, id, &st.now, st.day)).await?;
        Ok(CountEnvelope::ok(one_count(&app, id, auth.0.can(Permission::CostsView)).await?))
    }

    /// Abandonne un inventaire sans aucun effet.
    #[oai(path = "/stock/inventaires/:id/abandonner", method = "post", tag = "Tag::Stock")]
    async fn abandon(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<CountEnvelope> {
        let (st, id) = (Stamp::new(auth.0.actor(), &app.clock), id.0);
        app.db.write(move |tx| counts::ops::abandon(tx, &st.actor, id, &st.now)).await?;
        Ok(CountEnvelope::ok(one_count(&app, id, auth.0.can(Permission::CostsView)).await?))
    }
}
