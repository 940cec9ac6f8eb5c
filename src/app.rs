//! The application: shared state, THE route table (every route with the access it requires),
//! the middleware stack. Nothing else registers a route. The menu (src/menu.rs) reads this table.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Instant;

use poem::http::{Method, StatusCode, header};
use poem::{Endpoint, EndpointExt, FromRequest, IntoResponse, Request, RequestBody, Response, Route, RouteMethod};

use crate::auth::session::{CsrfToken, Guard};
use crate::auth::{Access, CurrentUser, Permission};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::error::AppError;
use crate::hx::Hx;
use crate::settings::ShopSettings;
use crate::ui::{self, Shell};
use crate::{
    accounting, api, assets, audit, auth, backup, cash, catalog, home, pos, printing, production, purchases, settings,
    stock, system,
};

/// Everything a request handler may need, cheap to clone.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub clock: Clock,
    pub config: Arc<Config>,
    settings: Arc<RwLock<ShopSettings>>,
    setup_done: Arc<AtomicBool>,
}

impl App {
    /// Builds the state over an open database; the clock takes the shop's zone from the settings.
    pub fn new(db: Db, clock: Clock, config: Config) -> anyhow::Result<App> {
        let shop = db.read_sync(|c| Ok(settings::store::get(c)?))?;
        clock.set_shop(shop.shop_time());
        let has_users = db.read_sync(|c| Ok(auth::store::count_users(c)? > 0))?;
        Ok(App {
            db,
            clock,
            config: Arc::new(config),
            settings: Arc::new(RwLock::new(shop)),
            setup_done: Arc::new(AtomicBool::new(has_users)),
        })
    }

    pub fn settings(&self) -> ShopSettings {
        self.settings.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// After the settings were saved: every later page and document uses them.
    pub fn settings_changed(&self, s: ShopSettings) {
        self.clock.set_shop(s.shop_time());
        *self.settings.write().unwrap_or_else(|p| p.into_inner()) = s;
    }

    pub fn setup_done(&self) -> bool {
        self.setup_done.load(Ordering::Relaxed)
    }

    pub fn mark_setup_done(&self) {
        self.setup_done.store(true, Ordering::Relaxed);
    }
}

/// A route as declared: what tests walk and what the menu consults.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

struct Entry {
    info: RouteInfo,
    endpoint: poem::endpoint::BoxEndpoint<'static, Response>,
}

fn entry<E>(method: Method, path: &'static str, access: Access, ep: E) -> Entry
where
    E: Endpoint + 'static,
{
    let guarded = Guard { access, inner: ep };
    Entry { info: RouteInfo { method, path, access }, endpoint: guarded.map_to_response().boxed() }
}

/// THE route table. Every page route declares here the access it needs; the guard enforces it.
fn entries() -> Vec<Entry> {
    use Access::{Perm, Public, SignedIn};
    use Method as M;
    use Permission as P;
    vec![
        // Open to all: first run, sign-in, health, embedded files.
        entry(M::GET, "/setup", Public, auth::web::setup_page),
        entry(M::POST, "/setup", Public, auth::web::setup_submit),
        entry(M::GET, "/connexion", Public, auth::web::login_page),
        entry(M::POST, "/connexion", Public, auth::web::login_submit),
        entry(M::GET, "/healthz", Public, system::web::healthz),
        entry(M::GET, "/static/:file", Public, assets::serve),
        // Any signed-in user.
        entry(M::GET, "/", SignedIn, home::index),
        entry(M::GET, "/deconnexion", SignedIn, auth::web::logout_page),
        entry(M::POST, "/deconnexion", SignedIn, auth::web::logout_submit),
        entry(M::GET, "/compte", SignedIn, auth::web::account_page),
        entry(M::POST, "/compte/mot-de-passe", SignedIn, auth::web::change_password),
        // Administration.
        entry(M::GET, "/admin/utilisateurs", Perm(P::UsersManage), auth::web::admin::users_page),
        entry(M::GET, "/admin/utilisateurs/nouveau", Perm(P::UsersManage), auth::web::admin::new_user_page),
        entry(M::POST, "/admin/utilisateurs/nouveau", Perm(P::UsersManage), auth::web::admin::create_user),
        entry(M::GET, "/admin/utilisateurs/:id", Perm(P::UsersManage), auth::web::admin::user_page),
        entry(M::POST, "/admin/utilisateurs/:id", Perm(P::UsersManage), auth::web::admin::update_user),
        entry(M::POST, "/admin/utilisateurs/:id/desactiver", Perm(P::UsersManage), auth::web::admin::disable_user),
        entry(M::POST, "/admin/utilisateurs/:id/activer", Perm(P::UsersManage), auth::web::admin::enable_user),
        entry(M::POST, "/admin/utilisateurs/:id/mot-de-passe", Perm(P::UsersManage), auth::web::admin::reset_password),
        entry(M::POST, "/admin/utilisateurs/:id/jetons", Perm(P::UsersManage), auth::web::admin::create_token),
        entry(M::POST, "/admin/jetons/:id/revoquer", Perm(P::UsersManage), auth::web::admin::revoke_token),
        entry(M::GET, "/admin/roles", Perm(P::RolesManage), auth::web::admin::roles_page),
        entry(M::GET, "/admin/roles/:id", Perm(P::RolesManage), auth::web::admin::role_page),
        entry(M::POST, "/admin/roles/:id", Perm(P::RolesManage), auth::web::admin::update_role),
        entry(M::GET, "/admin/journal-audit", Perm(P::AuditView), audit::web::audit_page),
        entry(M::GET, "/admin/parametres", Perm(P::SettingsManage), settings::web::settings_page),
        entry(M::POST, "/admin/parametres", Perm(P::SettingsManage), settings::web::save_settings),
        entry(M::GET, "/admin/controle", Perm(P::SystemCheck), system::web::check_page),
        // Catalogue: products, packs, barcodes, photos.
        entry(M::GET, "/catalogue/produits", Perm(P::CatalogView), catalog::web::list),
        entry(M::GET, "/catalogue/produits/nouveau", Perm(P::CatalogEdit), catalog::web::new_page),
        entry(M::POST, "/catalogue/produits/nouveau", Perm(P::CatalogEdit), catalog::web::create),
        entry(M::GET, "/catalogue/produits/:id", Perm(P::CatalogView), catalog::web::page),
        entry(M::POST, "/catalogue/produits/:id", Perm(P::CatalogEdit), catalog::web::update),
        entry(M::GET, "/catalogue/produits/:id/modifier", Perm(P::CatalogEdit), catalog::web::edit_page),
        entry(M::POST, "/catalogue/produits/:id/archiver", Perm(P::CatalogEdit), catalog::web::archive),
        entry(M::POST, "/catalogue/produits/:id/reactiver", Perm(P::CatalogEdit), catalog::web::restore),
        entry(M::POST, "/catalogue/produits/:id/supprimer", Perm(P::CatalogEdit), catalog::web::delete),
        entry(M::POST, "/catalogue/produits/:id/conditionnements", Perm(P::CatalogEdit), catalog::web::parts::add_pack),
        entry(
            M::POST,
            "/catalogue/produits/:id/conditionnements/:pack/supprimer",
            Perm(P::CatalogEdit),
            catalog::web::parts::delete_pack,
        ),
        entry(M::POST, "/catalogue/produits/:id/codes-barres", Perm(P::CatalogEdit), catalog::web::parts::add_barcode),
        entry(
            M::POST,
            "/catalogue/produits/:id/codes-barres/supprimer",
            Perm(P::CatalogEdit),
            catalog::web::parts::delete_barcode,
        ),
        entry(M::GET, "/catalogue/produits/:id/photo", Perm(P::CatalogView), catalog::web::parts::photo),
        entry(M::POST, "/catalogue/produits/:id/photo", Perm(P::CatalogEdit), catalog::web::parts::upload_photo),
        entry(
            M::POST,
            "/catalogue/produits/:id/photo/supprimer",
            Perm(P::CatalogEdit),
            catalog::web::parts::delete_photo,
        ),
        // Recipes, production sheets, labels.
        entry(M::GET, "/catalogue/produits/:id/recette", Perm(P::CatalogEdit), catalog::web::recipes::editor),
        entry(M::POST, "/catalogue/produits/:id/recette", Perm(P::CatalogEdit), catalog::web::recipes::save),
        entry(
            M::POST,
            "/catalogue/produits/:id/recette/supprimer",
            Perm(P::CatalogEdit),
            catalog::web::recipes::delete,
        ),
        entry(M::GET, "/catalogue/produits/:id/fiche", Perm(P::CatalogView), catalog::web::recipes::sheet),
        entry(M::GET, "/catalogue/produits/:id/etiquette", Perm(P::CatalogView), catalog::web::recipes::label),
        // Categories, costs, import and export.
        entry(M::GET, "/catalogue/categories", Perm(P::CatalogEdit), catalog::web::categories::list),
        entry(M::POST, "/catalogue/categories", Perm(P::CatalogEdit), catalog::web::categories::create),
        entry(M::GET, "/catalogue/categories/:id", Perm(P::CatalogEdit), catalog::web::categories::edit),
        entry(M::POST, "/catalogue/categories/:id", Perm(P::CatalogEdit), catalog::web::categories::update),
        entry(M::POST, "/catalogue/categories/:id/supprimer", Perm(P::CatalogEdit), catalog::web::categories::delete),
        entry(M::GET, "/catalogue/marges", Perm(P::CostsView), catalog::web::costs::margins),
        entry(M::GET, "/catalogue/couts/changements", Perm(P::CostsView), catalog::web::costs::changes),
        entry(M::GET, "/catalogue/import", Perm(P::CatalogEdit), catalog::web::import::page),
        entry(M::POST, "/catalogue/import", Perm(P::CatalogEdit), catalog::web::import::preview),
        entry(M::POST, "/catalogue/import/confirmer", Perm(P::CatalogEdit), catalog::web::import::confirm),
        entry(M::GET, "/catalogue/export", Perm(P::CatalogEdit), catalog::web::import::export),
        // The books (read-only pages, and the closing of months).
        entry(M::GET, "/compta/journal", Perm(P::BooksView), accounting::web::journal),
        entry(M::GET, "/compta/ecritures/:id", Perm(P::BooksView), accounting::web::entry),
        entry(M::GET, "/compta/comptes", Perm(P::BooksView), accounting::web::chart),
        entry(M::GET, "/compta/comptes/:code", Perm(P::BooksView), accounting::web::ledger),
        entry(M::GET, "/compta/balance", Perm(P::BooksView), accounting::web::trial_balance),
        entry(M::GET, "/compta/periodes", Perm(P::BooksView), accounting::web::periods),
        entry(M::POST, "/compta/periodes", Perm(P::BooksClose), accounting::web::close),
        entry(M::GET, "/compta/regles", Perm(P::BooksView), accounting::web::rules),
        // Suppliers.
        entry(M::GET, "/fournisseurs", Perm(P::SuppliersManage), purchases::web::list),
        entry(M::GET, "/fournisseurs/nouveau", Perm(P::SuppliersManage), purchases::web::new_page),
        entry(M::POST, "/fournisseurs/nouveau", Perm(P::SuppliersManage), purchases::web::create),
        entry(M::GET, "/fournisseurs/:id", Perm(P::SuppliersManage), purchases::web::page),
        entry(M::POST, "/fournisseurs/:id", Perm(P::SuppliersManage), purchases::web::update),
        entry(M::POST, "/fournisseurs/:id/produits", Perm(P::SuppliersManage), purchases::web::add_product),
        entry(M::POST, "/fournisseurs/:id/produits/retirer", Perm(P::SuppliersManage), purchases::web::remove_product),
        // Stock: levels, stock cards, alerts, transfers, losses and corrections, counts, locations.
        entry(M::GET, "/stock", Perm(P::StockView), stock::web::overview),
        entry(M::GET, "/stock/produits/:id", Perm(P::StockView), stock::web::card),
        entry(M::GET, "/stock/alertes", Perm(P::StockView), stock::web::alerts),
        entry(M::GET, "/stock/transferts", Perm(P::StockEdit), stock::web::documents::transfers_page),
        entry(M::POST, "/stock/transferts", Perm(P::StockEdit), stock::web::documents::transfer),
        entry(M::GET, "/stock/pertes", Perm(P::StockEdit), stock::web::documents::adjustments_page),
        entry(M::POST, "/stock/pertes", Perm(P::StockEdit), stock::web::documents::adjust),
        entry(M::GET, "/stock/inventaires", Perm(P::StockView), stock::web::counts::list),
        entry(M::POST, "/stock/inventaires", Perm(P::StockEdit), stock::web::counts::open),
        entry(M::GET, "/stock/inventaires/:id", Perm(P::StockView), stock::web::counts::page),
        entry(M::POST, "/stock/inventaires/:id", Perm(P::StockEdit), stock::web::counts::submit),
        entry(M::GET, "/stock/inventaires/:id/feuille", Perm(P::StockView), stock::web::counts::sheet),
        entry(M::GET, "/stock/lieux", Perm(P::StockEdit), stock::web::locations::page),
        entry(M::POST, "/stock/lieux", Perm(P::StockEdit), stock::web::locations::create),
        entry(M::POST, "/stock/lieux/:id", Perm(P::StockEdit), stock::web::locations::rename),
        entry(M::POST, "/stock/lieux/:id/desactiver", Perm(P::StockEdit), stock::web::locations::deactivate),
        entry(M::POST, "/stock/lieux/:id/activer", Perm(P::StockEdit), stock::web::locations::activate),
        // Purchases: brouillon → reçu → payé; statements and ageing.
        entry(M::GET, "/achats", Perm(P::PurchasesManage), purchases::purchase_web::list),
        entry(M::GET, "/achats/nouveau", Perm(P::PurchasesManage), purchases::purchase_web::new_page),
        entry(M::POST, "/achats/nouveau", Perm(P::PurchasesManage), purchases::purchase_web::create),
        entry(M::GET, "/achats/echeances", Perm(P::PurchasesManage), purchases::reports::ageing),
        entry(M::GET, "/achats/:id", Perm(P::PurchasesManage), purchases::purchase_web::page),
        entry(M::POST, "/achats/:id", Perm(P::PurchasesManage), purchases::purchase_web::update),
        entry(M::POST, "/achats/:id/recevoir", Perm(P::PurchasesManage), purchases::purchase_web::receive),
        entry(M::POST, "/achats/:id/payer", Perm(P::PurchasesManage), purchases::purchase_web::pay),
        entry(M::POST, "/achats/:id/annuler", Perm(P::PurchasesManage), purchases::purchase_web::cancel),
        entry(M::POST, "/achats/:id/retour", Perm(P::PurchasesManage), purchases::purchase_web::return_goods),
        entry(
            M::POST,
            "/achats/:id/paiements/:payment/annuler",
            Perm(P::PurchasesManage),
            purchases::purchase_web::reverse_payment,
        ),
        entry(M::GET, "/fournisseurs/:id/releve", Perm(P::PurchasesManage), purchases::reports::statement),
        entry(M::GET, "/admin/sauvegardes", Perm(P::BackupsManage), backup::web::backups_page),
        entry(M::POST, "/admin/sauvegardes/lancer", Perm(P::BackupsManage), backup::web::run_now),
        entry(M::GET, "/admin/sauvegardes/telecharger", Perm(P::BackupsManage), backup::web::download_now),
        entry(M::POST, "/admin/sauvegardes/parametres", Perm(P::BackupsManage), backup::web::save_settings),
        // ---- The till: selling, parked tickets, seller switch (pos).
        entry(M::GET, "/caisse", Perm(P::Sell), pos::web::page),
        entry(M::GET, "/caisse/produits", Perm(P::Sell), pos::web::products),
        entry(M::POST, "/caisse/panier", Perm(P::Sell), pos::web::cart),
        entry(M::POST, "/caisse/encaisser", Perm(P::Sell), pos::web::checkout),
        entry(M::GET, "/caisse/code", Perm(P::Sell), pos::web::scan),
        entry(M::GET, "/caisse/attente", Perm(P::Sell), pos::web::parked),
        entry(M::POST, "/caisse/attente", Perm(P::Sell), pos::web::park),
        entry(M::POST, "/caisse/attente/:id/reprendre", Perm(P::Sell), pos::web::recall),
        //
        // ---- Sales pages: tickets, refunds, the day's totals (pos).
        entry(M::GET, "/ventes", Perm(P::SalesView), pos::sales_web::list),
        entry(M::GET, "/ventes/:id", Perm(P::SalesView), pos::sales_web::page),
        entry(M::GET, "/ventes/:id/recu", Perm(P::SalesView), pos::sales_web::receipt_page),
        entry(M::POST, "/ventes/:id/reimprimer", Perm(P::SalesView), pos::sales_web::reprint),
        entry(M::POST, "/ventes/:id/rembourser", Perm(P::Refund), pos::sales_web::refund),
        entry(M::POST, "/ventes/avoirs/:id/reimprimer", Perm(P::SalesView), pos::sales_web::reprint_credit_note),
        //
        // ---- Cash shifts: open, movements, blind close, X and Z (cash).
        entry(M::GET, "/caisse/session", Perm(P::CashHold), cash::web::session_page),
        entry(M::POST, "/caisse/ouvrir", Perm(P::CashHold), cash::web::open),
        entry(M::GET, "/caisse/mouvements", Perm(P::CashHold), cash::web::movements_page),
        entry(M::POST, "/caisse/mouvements", Perm(P::CashHold), cash::web::add_movement),
        entry(M::POST, "/caisse/tiroir", Perm(P::CashHold), cash::web::no_sale),
        entry(M::GET, "/caisse/fermer", Perm(P::CashHold), cash::web::close_page),
        entry(M::POST, "/caisse/fermer", Perm(P::CashHold), cash::web::close),
        entry(M::GET, "/caisse/versement", Perm(P::CashHold), cash::bank_web::transit_page),
        entry(M::POST, "/caisse/versement", Perm(P::CashHold), cash::bank_web::transit),
        entry(M::GET, "/caisse/sessions", Perm(P::SalesView), cash::web::history),
        entry(M::GET, "/caisse/sessions/:id", Perm(P::SalesView), cash::web::report_page),
        entry(M::POST, "/caisse/sessions/:id/imprimer", Perm(P::SalesView), cash::web::print_report),
        //
        // ---- Printers and the print queue (printing).
        entry(M::GET, "/caisse/imprimantes", Perm(P::TillSettings), printing::web::page),
        entry(M::POST, "/caisse/imprimantes/:id", Perm(P::TillSettings), printing::web::save),
        entry(M::POST, "/caisse/imprimantes/:id/test", Perm(P::TillSettings), printing::web::test_print),
        entry(M::POST, "/caisse/imprimantes/:id/tiroir", Perm(P::TillSettings), printing::web::test_drawer),
        entry(M::POST, "/caisse/impressions/:id/relancer", Perm(P::TillSettings), printing::web::retry),
        entry(M::GET, "/caisse/impressions/:id", Perm(P::Sell), printing::web::job_page),
        // ---- Till settings: tills, packaging rules, discount limits, PINs (pos settings).
        entry(M::GET, "/caisse/emballages", Perm(P::TillSettings), pos::rules::web::packaging_page),
        entry(M::POST, "/caisse/emballages", Perm(P::TillSettings), pos::rules::web::add_rule),
        entry(M::POST, "/caisse/emballages/:id/supprimer", Perm(P::TillSettings), pos::rules::web::delete_rule),
        entry(M::GET, "/caisse/parametres", Perm(P::TillSettings), pos::rules::web::limits_page),
        entry(M::POST, "/caisse/parametres", Perm(P::TillSettings), pos::rules::web::save_limits),
        entry(M::POST, "/compte/code-pin", SignedIn, pos::rules::pins::set_own_pin),
        entry(M::POST, "/admin/utilisateurs/:id/code-pin", Perm(P::UsersManage), pos::rules::pins::admin_set_pin),
        entry(M::GET, "/caisse/vendeuses", SignedIn, pos::rules::pins::sellers_page),
        entry(M::POST, "/caisse/vendeuse", SignedIn, pos::rules::pins::switch),
        //
        // ---- Production: made goods from their recipes (production).
        entry(M::GET, "/production", Perm(P::Produce), production::web::page),
        entry(M::POST, "/production", Perm(P::Produce), production::web::produce),
    ]
}

/// The declared routes, for the menu and for the route × role test.
pub fn route_table() -> &'static [RouteInfo] {
    static TABLE: OnceLock<Vec<RouteInfo>> = OnceLock::new();
    TABLE.get_or_init(|| entries().into_iter().map(|e| e.info).collect())
}

/// The access a GET of `path` needs, if it is a declared page.
pub fn access_of_page(path: &str) -> Option<Access> {
    route_table().iter().find(|r| r.method == Method::GET && r.path == path).map(|r| r.access)
}

pub use crate::menu::menu_for;

impl<'a> FromRequest<'a> for Shell {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let app = req.data::<App>().ok_or_else(|| AppError::Internal(anyhow::anyhow!("App manquante")))?;
        let user = req.extensions().get::<CurrentUser>().cloned();
        let csrf = req.extensions().get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default();
        let flash = req
            .uri()
            .query()
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("ok=")))
            .and_then(crate::ui::flash::text);
        // Admins see backup trouble on every page until a backup succeeds.
        let warnings = match &user {
            Some(u) if u.can(Permission::BackupsManage) => {
                let clock = app.clock.clone();
                app.db.read(move |c| backup::ops::warnings(c, &clock)).await.unwrap_or_else(|e| {
                    tracing::error!(error = %e, "état des sauvegardes illisible");
                    Vec::new()
                })
            }
            _ => Vec::new(),
        };
        Ok(Shell {
            menu: user.as_ref().map(menu_for).unwrap_or_default(),
            user,
            csrf,
            shop_name: app.settings().name,
            path: req.uri().path().to_string(),
            flash,
            warnings,
        })
    }
}

/// The whole application as one endpoint: pages, API, and the middleware around them.
pub fn endpoint(app: App) -> impl Endpoint<Output = Response> {
    let mut by_path: Vec<(&'static str, RouteMethod)> = Vec::new();
    for e in entries() {
        let Entry { info, endpoint } = e;
        match by_path.iter_mut().find(|(p, _)| *p == info.path) {
            Some((_, rm)) => *rm = std::mem::take(rm).method(info.method, endpoint),
            None => by_path.push((info.path, RouteMethod::new().method(info.method, endpoint))),
        }
    }
    let mut route = Route::new();
    for (path, rm) in by_path {
        route = route.at(path, rm);
    }
    let route = route.nest("/api/v1", api::endpoint());
    route.around(setup_redirect).around(render_errors).around(security_headers).around(log_request).data(app)
}

/// Until the first administrator exists, every page leads to `/setup`.
async fn setup_redirect<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    if let Some(app) = req.data::<App>().cloned() {
        let path = req.uri().path();
        let exempt =
            path == "/setup" || path.starts_with("/static/") || path == "/healthz" || path.starts_with("/api/");
        if !app.setup_done() && !exempt {
            let has_users = app.db.read(|c| Ok(auth::store::count_users(c)? > 0)).await?;
            if has_users {
                app.mark_setup_done();
            } else {
                return Ok(crate::hx::redirect(Hx::from_headers(req.headers()), "/setup"));
            }
        }
    }
    Ok(ep.call(req).await?.into_response())
}

/// Errors become a French page, or a toast for htmx swaps, in one place. Internal causes are
/// logged, never shown.
async fn render_errors<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let hx = Hx::from_headers(req.headers());
    let shop_name = req.data::<App>().map(|a| a.settings().name).unwrap_or_default();
    let is_get = req.method() == Method::GET;
    let path_and_query = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    let err = match ep.call(req).await {
        Ok(resp) => return Ok(resp.into_response()),
        Err(err) => err,
    };
    let (status, message, unauthenticated) = match err.downcast_ref::<AppError>() {
        Some(app_err) => {
            if let AppError::Internal(cause) = app_err {
                tracing::error!(error = ?cause, "request failed");
            }
            (app_err.status(), app_err.user_message(), matches!(app_err, AppError::Unauthenticated))
        }
        None => {
            let status = err.status();
            let message = match status {
                StatusCode::NOT_FOUND => AppError::NotFound.user_message(),
                StatusCode::METHOD_NOT_ALLOWED => "Cette action n'existe pas à cette adresse.".into(),
                s if s.is_server_error() => {
                    tracing::error!(error = %err, "request failed");
                    AppError::Internal(anyhow::anyhow!("")).user_message()
                }
                _ => "La requête est invalide.".into(),
            };
            (status, message, false)
        }
    };
    if unauthenticated {
        // Back to the sign-in page, returning here afterwards when it was a page.
        let target = if is_get && path_and_query != "/" {
            format!("/connexion?suivant={}", crate::auth::web::encode_component(&path_and_query))
        } else {
            "/connexion".to_string()
        };
        let resp = if hx.request {
            Response::builder().status(StatusCode::UNAUTHORIZED).header("HX-Redirect", target).finish()
        } else {
            poem::web::Redirect::see_other(target).into_response()
        };
        return Ok(resp);
    }
    let resp = if hx.wants_fragment() {
        ui::toast_error(&message)
            .with_header("HX-Retarget", "#flash")
            .with_header("HX-Reswap", "innerHTML")
            .with_status(status)
            .into_response()
    } else {
        ui::error_page(status, &message, &shop_name).with_status(status).into_response()
    };
    Ok(resp)
}

/// CSP `default-src 'self'`, no framing, no sniffing: on every answer.
async fn security_headers<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let mut resp = ep.call(req).await?.into_response();
    let h = resp.headers_mut();
    let set = |h: &mut poem::http::HeaderMap, k: &'static str, v: &'static str| {
        if let Ok(v) = v.parse() {
            h.insert(k, v);
        }
    };
    set(
        h,
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'",
    );
    set(h, "X-Frame-Options", "DENY");
    set(h, "X-Content-Type-Options", "nosniff");
    set(h, "Referrer-Policy", "same-origin");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, "Cache-Control", "no-store");
    }
    Ok(resp)
}

/// One log line per request: method, path, status, latency.
async fn log_request<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let resp = ep.call(req).await?.into_response();
    let status = resp.status().as_u16();
    let micros = start.elapsed().as_micros() as u64;
    tracing::info!(target: "fournil::http", %method, %path, status, latency_us = micros, "requête");
    Ok(resp)
}
