//! API operations of the foundation: the caller, users, roles, audit, settings, check.

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::audit::{self, AuditKind, Filter};
use crate::auth::{self, CurrentUser, ops, password, store};
use crate::error::{AppError, FieldErrors};
use crate::settings::{self, SettingsForm, ShopSettings};
use crate::state::App;
use crate::system::check;

#[derive(Tags)]
enum Tag {
    /// Le compte qui appelle.
    Compte,
    /// Utilisateurs, rôles, journal d'audit, paramètres, contrôle.
    Administration,
}

#[derive(Debug, Clone, Object)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub is_superuser: bool,
    /// Codes des droits effectifs.
    pub permissions: Vec<String>,
}

impl Me {
    fn of(u: &CurrentUser) -> Me {
        Me {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role.code.clone(),
            is_superuser: u.role.is_superuser,
            permissions: auth::Permission::ALL.iter().filter(|p| u.can(**p)).map(|p| p.code().to_string()).collect(),
        }
    }
}

#[derive(Debug, Clone, Object)]
pub struct UserOut {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role_id: i64,
    pub role: String,
    pub active: bool,
    pub created_at: String,
    #[oai(nullable)]
    pub last_login_at: Option<String>,
}

impl From<auth::User> for UserOut {
    fn from(u: auth::User) -> Self {
        UserOut {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role_id: u.role_id,
            role: u.role_name,
            active: u.active,
            created_at: u.created_at,
            last_login_at: u.last_login_at,
        }
    }
}

#[derive(Debug, Clone, Object)]
pub struct NewUser {
    pub username: String,
    #[oai(default)]
    pub display_name: String,
    /// Code du rôle : admin, gerante, vendeuse, production.
    pub role: String,
    /// Au moins 10 caractères.
    pub password: String,
}

#[derive(Debug, Clone, Object)]
pub struct RoleOut {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub is_superuser: bool,
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, Object)]
pub struct AuditOut {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub entity: String,
    pub entity_id: String,
    pub summary: String,
    #[oai(nullable)]
    pub before: Option<String>,
    #[oai(nullable)]
    pub after: Option<String>,
}

impl From<audit::Entry> for AuditOut {
    fn from(e: audit::Entry) -> Self {
        AuditOut {
            id: e.id,
            at: e.at,
            actor: e.actor,
            kind: e.kind,
            entity: e.entity,
            entity_id: e.entity_id,
            summary: e.summary,
            before: e.before,
            after: e.after,
        }
    }
}

fn unknown_kind() -> AppError {
    let mut e = FieldErrors::new();
    e.add("kind", "Événement inconnu.");
    AppError::Invalid(e)
}

#[derive(Debug, Clone, Object)]
pub struct SettingsOut {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub nif: String,
    pub rc: String,
    pub nis: String,
    pub ai: String,
    /// N° d'employeur CNAS (imprimé sur les bulletins de paie).
    #[oai(default)]
    pub cnas_employer: String,
    pub receipt_header: String,
    pub receipt_footer: String,
    pub timezone: String,
    pub day_start_hour: u32,
}

impl From<ShopSettings> for SettingsOut {
    fn from(s: ShopSettings) -> Self {
        SettingsOut {
            name: s.name,
            address: s.address,
            phone: s.phone,
            nif: s.nif,
            rc: s.rc,
            nis: s.nis,
            ai: s.ai,
            cnas_employer: s.cnas_employer,
            receipt_header: s.receipt_header,
            receipt_footer: s.receipt_footer,
            timezone: s.timezone,
            day_start_hour: s.day_start_hour,
        }
    }
}

#[derive(Debug, Clone, Object)]
pub struct CheckOut {
    pub ok: bool,
    pub schema_version: i64,
    /// Quelle preuve a été faite (incrémentale depuis quand, ou complète).
    pub mode: String,
    pub failures: Vec<String>,
}

envelope!(MeEnvelope, Me);
envelope!(UsersEnvelope, Vec<UserOut>);
envelope!(UserEnvelope, UserOut);
envelope!(RolesEnvelope, Vec<RoleOut>);
envelope!(AuditEnvelope, Vec<AuditOut>);
envelope!(SettingsEnvelope, SettingsOut);
envelope!(CheckEnvelope, CheckOut);

pub struct AccountApi;

#[OpenApi]
impl AccountApi {
    /// Le compte du jeton et ses droits effectifs.
    #[oai(path = "/me", method = "get", tag = "Tag::Compte")]
    async fn me(&self, auth: Bearer) -> ApiResult<MeEnvelope> {
        Ok(MeEnvelope::ok(Me::of(&auth.0)))
    }
}

pub struct AdminApi;

async fn user_out(app: &App, id: i64) -> Result<UserOut, AppError> {
    let user = app.db.read(move |c| Ok(store::user(c, id)?)).await?.ok_or(AppError::NotFound)?;
    Ok(user.into())
}

#[OpenApi]
impl AdminApi {
    /// Tous les utilisateurs.
    #[oai(path = "/utilisateurs", method = "get", tag = "Tag::Administration")]
    async fn users(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<UsersEnvelope> {
        let users = app.db.read(|c| Ok(store::users(c)?)).await?;
        Ok(UsersEnvelope::ok(users.into_iter().map(UserOut::from).collect()))
    }

    /// Crée un utilisateur (mêmes règles que la page d'administration).
    #[oai(path = "/utilisateurs", method = "post", tag = "Tag::Administration")]
    async fn create_user(&self, app: Data<&App>, auth: Bearer, body: Json<NewUser>) -> ApiResult<UserEnvelope> {
        let body = body.0;
        let role_code = body.role.trim().to_string();
        let role = app.db.read(move |c| Ok(store::role_by_code(c, &role_code)?)).await?;
        let draft = ops::UserDraft {
            username: body.username.trim().to_string(),
            display_name: body.display_name.trim().to_string(),
            role_id: role.map(|r| r.id).unwrap_or(0),
        };
        let mut errors = FieldErrors::new();
        if draft.role_id == 0 {
            errors.add("role", "Rôle inconnu.");
        }
        if let Some(p) = auth::password_problem(&body.password, &draft.username) {
            errors.add("password", p);
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors).into());
        }
        let hash = password::hash(body.password).await?;
        let (actor, now) = (auth.0.actor(), app.clock.now_text());
        let id = app.db.write(move |tx| ops::create_user(tx, &actor, &draft, &hash, &now)).await?;
        Ok(UserEnvelope::ok(user_out(&app, id).await?))
    }

    /// Un utilisateur.
    #[oai(path = "/utilisateurs/:id", method = "get", tag = "Tag::Administration")]
    async fn user(&self, app: Data<&App>, _auth: Bearer, id: Path<i64>) -> ApiResult<UserEnvelope> {
        Ok(UserEnvelope::ok(user_out(&app, id.0).await?))
    }

    /// Désactive un compte : ses sessions et jetons sont révoqués.
    #[oai(path = "/utilisateurs/:id/desactiver", method = "post", tag = "Tag::Administration")]
    async fn disable_user(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<UserEnvelope> {
        let (actor, now, id) = (auth.0.actor(), app.clock.now_text(), id.0);
        app.db.write(move |tx| ops::set_user_active(tx, &actor, id, false, &now)).await?;
        Ok(UserEnvelope::ok(user_out(&app, id).await?))
    }

    /// Réactive un compte.
    #[oai(path = "/utilisateurs/:id/activer", method = "post", tag = "Tag::Administration")]
    async fn enable_user(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<UserEnvelope> {
        let (actor, now, id) = (auth.0.actor(), app.clock.now_text(), id.0);
        app.db.write(move |tx| ops::set_user_active(tx, &actor, id, true, &now)).await?;
        Ok(UserEnvelope::ok(user_out(&app, id).await?))
    }

    /// Les rôles et leurs droits.
    #[oai(path = "/roles", method = "get", tag = "Tag::Administration")]
    async fn roles(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<RolesEnvelope> {
        let roles = app.db.read(|c| Ok(store::roles(c)?)).await?;
        let out = roles
            .into_iter()
            .map(|r| RoleOut {
                permissions: auth::Permission::ALL
                    .iter()
                    .filter(|p| r.grants(**p))
                    .map(|p| p.code().to_string())
                    .collect(),
                id: r.id,
                code: r.code,
                name: r.name,
                is_superuser: r.is_superuser,
            })
            .collect();
        Ok(RolesEnvelope::ok(out))
    }

    /// Le journal d'audit, du plus récent au plus ancien, par pages de 50.
    #[oai(path = "/journal-audit", method = "get", tag = "Tag::Administration")]
    async fn audit(
        &self,
        app: Data<&App>,
        _auth: Bearer,
        user_id: Query<Option<i64>>,
        kind: Query<Option<String>>,
        page: Query<Option<u32>>,
    ) -> ApiResult<AuditEnvelope> {
        let kind = kind.0.map(|code| AuditKind::from_code(&code).ok_or_else(unknown_kind)).transpose()?;
        let filter = Filter { user_id: user_id.0, kind, page: page.0.unwrap_or(0), ..Default::default() };
        let (entries, _) = app.db.read(move |c| Ok(audit::store::search(c, &filter)?)).await?;
        Ok(AuditEnvelope::ok(entries.into_iter().map(AuditOut::from).collect()))
    }

    /// Les paramètres de la boutique.
    #[oai(path = "/parametres", method = "get", tag = "Tag::Administration")]
    async fn settings(&self, app: Data<&App>, _auth: Bearer) -> ApiResult<SettingsEnvelope> {
        Ok(SettingsEnvelope::ok(app.settings().into()))
    }

    /// Remplace les paramètres de la boutique (mêmes contrôles que la page).
    #[oai(path = "/parametres", method = "put", tag = "Tag::Administration")]
    async fn save_settings(
        &self,
        app: Data<&App>,
        auth: Bearer,
        body: Json<SettingsOut>,
    ) -> ApiResult<SettingsEnvelope> {
        let b = body.0;
        let form = SettingsForm {
            name: b.name,
            address: b.address,
            phone: b.phone,
            nif: b.nif,
            rc: b.rc,
            nis: b.nis,
            ai: b.ai,
            cnas_employer: b.cnas_employer,
            receipt_header: b.receipt_header,
            receipt_footer: b.receipt_footer,
            timezone: b.timezone,
            day_start_hour: b.day_start_hour.to_string(),
        };
        let parsed = form.parse().map_err(AppError::Invalid)?;
        let (actor, now) = (auth.0.actor(), app.clock.now_text());
        let saved = app.db.write(move |tx| settings::ops::save(tx, &actor, &parsed, &now)).await?;
        app.settings_changed(saved.clone());
        Ok(SettingsEnvelope::ok(saved.into()))
    }

    /// Le contrôle d'intégrité, enregistré comme celui de la page (comme `fournil check` ;
    /// `complet=true` comme `fournil check --full`).
    #[oai(path = "/controle", method = "get", tag = "Tag::Administration")]
    async fn check(&self, app: Data<&App>, _auth: Bearer, complet: Query<Option<bool>>) -> ApiResult<CheckEnvelope> {
        let depth = if complet.0.unwrap_or(false) { check::Depth::Full } else { check::Depth::Quick };
        let started = app.clock.now_text();
        let report = crate::system::child::run_apart_async(&app.db, check::Origin::Page, depth, started).await?.report;
        let failures = report.failures().map(|f| format!("{} : {}", f.rule, f.detail)).collect();
        Ok(CheckEnvelope::ok(CheckOut {
            ok: report.ok(),
            schema_version: report.schema_version,
            mode: report.mode,
            failures,
        }))
    }
}
