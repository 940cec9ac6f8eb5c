//! THE route table: every page route with the access it requires. Nothing else registers a
//! route; the guard enforces the access, the menu (src/shell.rs) and the route × role test read it.
//! `endpoint` assembles the table, the API and the middleware (src/middleware.rs) into one app.

use std::sync::OnceLock;

use poem::http::Method;
use poem::{Endpoint, EndpointExt, Response, Route, RouteMethod};

use crate::auth::session::Guard;
use crate::auth::{Access, Permission};
use crate::middleware::{body_limit, log_request, render_errors, security_headers, setup_redirect};
use crate::state::App;
use crate::{
    accounting, api, assets, audit, auth, b2b, backup, bank, cash, catalog, customers, deliveries, expenses, forecast,
    home, mail, orders, payroll, people, plan, pos, printing, production, purchases, reports, settings, stock, system,
    tax, zkteco,
};

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
        // A deliveryman's runs of the day, on his phone, through the secret link the gérante made.
        entry(M::GET, "/l/:key", Public, deliveries::web::runs::phone_link),
        // Any signed-in user.
        entry(M::GET, "/", SignedIn, home::web::index),
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
        entry(M::GET, "/admin/messagerie", Perm(P::SettingsManage), mail::web::settings_page),
        entry(M::POST, "/admin/messagerie", Perm(P::SettingsManage), mail::web::save_settings),
        entry(M::POST, "/admin/messagerie/essai", Perm(P::SettingsManage), mail::web::send_test),
        entry(M::GET, "/admin/messagerie/envois", Perm(P::SettingsManage), mail::web::outbox_page),
        entry(M::POST, "/admin/messagerie/envois/:id/renvoyer", Perm(P::SettingsManage), mail::web::retry),
        entry(M::GET, "/admin/controle", Perm(P::SystemCheck), system::web::check_page),
        // The owner's reports and the definitions of their figures.
        entry(M::GET, "/rapports", Perm(P::ReportsView), reports::web::index),
        entry(M::GET, "/rapports/definitions", Perm(P::ReportsView), reports::web::definitions),
        entry(M::GET, "/rapports/prevision", Perm(P::ReportsView), forecast::web::page),
        entry(M::GET, "/rapports/export.csv", Perm(P::ReportsView), reports::web::export_csv),
        entry(M::GET, "/rapports/export.xlsx", Perm(P::ReportsView), reports::web::export_xlsx),
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
        entry(M::GET, "/compta/ecritures/nouvelle", Perm(P::BooksEdit), accounting::web::manual::new_page),
        entry(M::POST, "/compta/ecritures/nouvelle", Perm(P::BooksEdit), accounting::web::manual::create),
        entry(M::GET, "/compta/ecritures/:id", Perm(P::BooksView), accounting::web::entry),
        entry(M::POST, "/compta/ecritures/:id/contre-passer", Perm(P::BooksEdit), accounting::web::manual::reverse),
        entry(M::GET, "/compta/comptes", Perm(P::BooksView), accounting::web::chart::chart),
        entry(M::POST, "/compta/comptes", Perm(P::BooksEdit), accounting::web::chart::add),
        entry(M::GET, "/compta/comptes/:code", Perm(P::BooksView), accounting::web::ledger),
        entry(M::GET, "/compta/balance", Perm(P::BooksView), accounting::web::trial_balance),
        entry(M::GET, "/compta/etats", Perm(P::BooksView), accounting::web::statements::page),
        entry(M::GET, "/compta/etats/:file", Perm(P::BooksView), accounting::web::statements::file),
        entry(M::GET, "/compta/periodes", Perm(P::BooksView), accounting::web::periods::periods),
        entry(M::POST, "/compta/periodes", Perm(P::BooksClose), accounting::web::periods::close),
        entry(M::POST, "/compta/periodes/exercice", Perm(P::BooksClose), accounting::web::periods::close_year),
        entry(M::POST, "/compta/periodes/rouvrir", Perm(P::BooksReopen), accounting::web::periods::reopen),
        entry(M::GET, "/compta/regles", Perm(P::BooksView), accounting::web::rules),
        entry(M::GET, "/compta/fiscalite", Perm(P::BooksView), tax::web::page),
        entry(M::POST, "/compta/fiscalite/regime", Perm(P::BooksEdit), tax::web::set_regime),
        entry(M::POST, "/compta/fiscalite/tva", Perm(P::BooksEdit), tax::web::add_rate),
        entry(M::GET, "/compta/g50", Perm(P::BooksView), tax::web::g50),
        entry(M::GET, "/compta/g50.xlsx", Perm(P::BooksView), tax::web::g50_xlsx),
        // Expenses: the shop's bills and their payment.
        entry(M::GET, "/compta/banque", Perm(P::BooksView), bank::web::page),
        entry(M::POST, "/compta/banque/import", Perm(P::BooksEdit), bank::web::upload),
        entry(M::POST, "/compta/banque/rapprocher", Perm(P::BooksEdit), bank::web::auto),
        entry(M::POST, "/compta/banque/lignes/:id/rapprocher", Perm(P::BooksEdit), bank::web::match_line),
        entry(M::POST, "/compta/banque/lignes/:id/defaire", Perm(P::BooksEdit), bank::web::unmatch),
        entry(M::POST, "/compta/banque/lignes/:id/frais", Perm(P::BooksEdit), bank::web::charge),
        entry(M::GET, "/compta/banque/formats", Perm(P::BooksView), bank::web::layouts_page),
        entry(M::POST, "/compta/banque/formats", Perm(P::BooksEdit), bank::web::save_layout),
        entry(M::GET, "/compta/depenses", Perm(P::ExpensesManage), expenses::web::list),
        entry(M::GET, "/compta/depenses/nouvelle", Perm(P::ExpensesManage), expenses::web::new_page),
        entry(M::POST, "/compta/depenses/nouvelle", Perm(P::ExpensesManage), expenses::web::create),
        entry(M::GET, "/compta/depenses/:id", Perm(P::ExpensesManage), expenses::web::page),
        entry(M::POST, "/compta/depenses/:id/payer", Perm(P::ExpensesManage), expenses::web::pay),
        entry(M::GET, "/compta/depenses/:id/piece", Perm(P::ExpensesManage), expenses::web::attachment),
        entry(M::POST, "/compta/depenses/:id/piece", Perm(P::ExpensesManage), expenses::web::attach),
        // Suppliers.
        entry(M::GET, "/fournisseurs", Perm(P::SuppliersManage), purchases::web::suppliers::list),
        entry(M::GET, "/fournisseurs/nouveau", Perm(P::SuppliersManage), purchases::web::suppliers::new_page),
        entry(M::POST, "/fournisseurs/nouveau", Perm(P::SuppliersManage), purchases::web::suppliers::create),
        entry(M::GET, "/fournisseurs/:id", Perm(P::SuppliersManage), purchases::web::suppliers::page),
        entry(M::POST, "/fournisseurs/:id", Perm(P::SuppliersManage), purchases::web::suppliers::update),
        entry(M::POST, "/fournisseurs/:id/produits", Perm(P::SuppliersManage), purchases::web::suppliers::add_product),
        entry(
            M::POST,
            "/fournisseurs/:id/produits/retirer",
            Perm(P::SuppliersManage),
            purchases::web::suppliers::remove_product,
        ),
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
        entry(M::GET, "/achats", Perm(P::PurchasesManage), purchases::web::purchases::list),
        entry(M::GET, "/achats/nouveau", Perm(P::PurchasesManage), purchases::web::purchases::new_page),
        entry(M::POST, "/achats/nouveau", Perm(P::PurchasesManage), purchases::web::purchases::create),
        entry(M::GET, "/achats/echeances", Perm(P::PurchasesManage), purchases::web::reports::ageing),
        entry(M::GET, "/achats/:id", Perm(P::PurchasesManage), purchases::web::purchases::page),
        entry(M::POST, "/achats/:id", Perm(P::PurchasesManage), purchases::web::purchases::update),
        entry(M::POST, "/achats/:id/recevoir", Perm(P::PurchasesManage), purchases::web::purchases::receive),
        entry(M::POST, "/achats/:id/payer", Perm(P::PurchasesManage), purchases::web::purchases::pay),
        entry(M::POST, "/achats/:id/annuler", Perm(P::PurchasesManage), purchases::web::purchases::cancel),
        entry(M::POST, "/achats/:id/retour", Perm(P::PurchasesManage), purchases::web::purchases::return_goods),
        entry(
            M::POST,
            "/achats/:id/paiements/:payment/annuler",
            Perm(P::PurchasesManage),
            purchases::web::purchases::reverse_payment,
        ),
        entry(M::GET, "/fournisseurs/:id/releve", Perm(P::PurchasesManage), purchases::web::reports::statement),
        entry(M::GET, "/admin/sauvegardes", Perm(P::BackupsManage), backup::web::backups_page),
        entry(M::POST, "/admin/sauvegardes/lancer", Perm(P::BackupsManage), backup::web::run_now),
        entry(M::GET, "/admin/sauvegardes/telecharger", Perm(P::BackupsManage), backup::web::download_now),
        entry(M::POST, "/admin/sauvegardes/parametres", Perm(P::BackupsManage), backup::web::save_settings),
        // ---- The till: selling, parked tickets, seller switch (pos).
        entry(M::GET, "/caisse", Perm(P::Sell), pos::web::till::page),
        entry(M::GET, "/caisse/produits", Perm(P::Sell), pos::web::till::products),
        entry(M::POST, "/caisse/panier", Perm(P::Sell), pos::web::till::cart),
        entry(M::POST, "/caisse/encaisser", Perm(P::Sell), pos::web::till::checkout),
        entry(M::GET, "/caisse/code", Perm(P::Sell), pos::web::till::scan),
        entry(M::GET, "/caisse/attente", Perm(P::Sell), pos::web::till::parked),
        entry(M::POST, "/caisse/attente", Perm(P::Sell), pos::web::till::park),
        entry(M::POST, "/caisse/attente/:id/reprendre", Perm(P::Sell), pos::web::till::recall),
        entry(M::GET, "/caisse/recu/:id", Perm(P::Sell), pos::web::till::receipt),
        // A delivery sold at the till from counter stock: it becomes a customer order.
        entry(M::POST, "/caisse/livraison/formulaire", Perm(P::OrdersTake), deliveries::web::till::form),
        entry(M::POST, "/caisse/livraison", Perm(P::OrdersTake), deliveries::web::till::sell),
        // Refunds at the till: a seller without caisse.rembourser brings the approval of someone
        // who has it (her PIN, for that refund only); the operation checks it.
        entry(M::GET, "/caisse/retours", Perm(P::Sell), pos::web::refund::find),
        entry(M::GET, "/caisse/retours/:id", Perm(P::Sell), pos::web::refund::form),
        entry(M::POST, "/caisse/retours/:id", Perm(P::Sell), pos::web::refund::refund),
        //
        // ---- Sales pages: tickets, refunds, the day's totals (pos).
        entry(M::GET, "/ventes", Perm(P::SalesView), pos::web::sales::list),
        entry(M::GET, "/ventes/:id", Perm(P::SalesView), pos::web::sales::page),
        entry(M::GET, "/ventes/:id/recu", Perm(P::SalesView), pos::web::sales::receipt_page),
        entry(M::POST, "/ventes/:id/reimprimer", Perm(P::SalesView), pos::web::sales::reprint),
        entry(M::POST, "/ventes/:id/rembourser", Perm(P::Refund), pos::web::sales::refund),
        entry(M::POST, "/ventes/avoirs/:id/reimprimer", Perm(P::SalesView), pos::web::sales::reprint_credit_note),
        entry(M::GET, "/ventes/avoirs/:id/recu", Perm(P::SalesView), pos::web::sales::credit_note_page),
        //
        // ---- Cash shifts: open, movements, blind close, X and Z (cash).
        entry(M::GET, "/caisse/session", Perm(P::CashHold), cash::web::shift::session_page),
        entry(M::POST, "/caisse/ouvrir", Perm(P::CashHold), cash::web::shift::open),
        entry(M::GET, "/caisse/mouvements", Perm(P::CashHold), cash::web::shift::movements_page),
        entry(M::POST, "/caisse/mouvements", Perm(P::CashHold), cash::web::shift::add_movement),
        entry(M::GET, "/caisse/depense", Perm(P::CashHold), expenses::web::till_page),
        entry(M::POST, "/caisse/depense", Perm(P::CashHold), expenses::web::till_create),
        entry(M::POST, "/caisse/tiroir", Perm(P::CashHold), cash::web::shift::no_sale),
        entry(M::GET, "/caisse/fermer", Perm(P::CashHold), cash::web::shift::close_page),
        entry(M::POST, "/caisse/fermer", Perm(P::CashHold), cash::web::shift::close),
        entry(M::GET, "/caisse/versement", Perm(P::CashHold), cash::web::bank::transit_page),
        entry(M::POST, "/caisse/versement", Perm(P::CashHold), cash::web::bank::transit),
        entry(M::GET, "/caisse/sessions", Perm(P::SalesView), cash::web::report::history),
        entry(M::GET, "/caisse/sessions/:id", Perm(P::SalesView), cash::web::report::report_page),
        entry(M::POST, "/caisse/sessions/:id/imprimer", Perm(P::SalesView), cash::web::report::print_report),
        //
        // ---- Printers and the print queue (printing).
        entry(M::GET, "/caisse/imprimantes", Perm(P::TillSettings), printing::web::page),
        entry(M::POST, "/caisse/imprimantes/:id", Perm(P::TillSettings), printing::web::save),
        entry(M::POST, "/caisse/imprimantes/:id/test", Perm(P::TillSettings), printing::web::test_print),
        entry(M::POST, "/caisse/imprimantes/:id/tiroir", Perm(P::TillSettings), printing::web::test_drawer),
        entry(M::POST, "/caisse/impressions/:id/relancer", Perm(P::TillSettings), printing::web::retry),
        entry(M::GET, "/caisse/impressions/:id", Perm(P::Sell), printing::web::job_page),
        // ---- Till settings: tills, packaging rules, discount limits (pos); sellers' PINs and the switch (auth).
        entry(M::GET, "/caisse/emballages", Perm(P::TillSettings), pos::rules::web::packaging_page),
        entry(M::POST, "/caisse/emballages", Perm(P::TillSettings), pos::rules::web::add_rule),
        entry(M::POST, "/caisse/emballages/:id/supprimer", Perm(P::TillSettings), pos::rules::web::delete_rule),
        entry(M::GET, "/caisse/parametres", Perm(P::TillSettings), pos::rules::web::limits_page),
        entry(M::POST, "/caisse/parametres", Perm(P::TillSettings), pos::rules::web::save_limits),
        entry(M::POST, "/compte/code-pin", SignedIn, auth::web::pin::set_own_pin),
        entry(M::POST, "/admin/utilisateurs/:id/code-pin", Perm(P::UsersManage), auth::web::pin::admin_set_pin),
        entry(M::GET, "/caisse/vendeuses", SignedIn, auth::web::pin::sellers_page),
        entry(M::POST, "/caisse/vendeuse", SignedIn, auth::web::pin::switch),
        //
        // ---- Production: made goods from their recipes (production).
        entry(M::GET, "/production", Perm(P::Produce), production::web::page),
        entry(M::POST, "/production", Perm(P::Produce), production::web::produce),
        entry(M::POST, "/production/:id/annuler", Perm(P::Produce), production::web::cancel),
        entry(M::POST, "/production/transfert", Perm(P::StockEdit), production::web::transfer),
        //
        // ---- Customers (customers); their account page is the orders' (orders).
        entry(M::GET, "/clients", Perm(P::OrdersTake), customers::web::list),
        entry(M::GET, "/clients/nouveau", Perm(P::OrdersTake), customers::web::new_page),
        entry(M::POST, "/clients/nouveau", Perm(P::OrdersTake), customers::web::create),
        entry(M::GET, "/clients/:id", Perm(P::OrdersTake), orders::web::pages::account),
        entry(M::POST, "/clients/:id", Perm(P::OrdersTake), customers::web::update),
        entry(M::GET, "/clients/:id/modifier", Perm(P::OrdersTake), customers::web::edit_page),
        entry(M::POST, "/clients/:id/desactiver", Perm(P::OrdersTake), customers::web::deactivate),
        entry(M::POST, "/clients/:id/activer", Perm(P::OrdersTake), customers::web::activate),
        //
        // ---- Customer orders: taking, paying, receiving, handing over, cancelling (orders).
        entry(M::GET, "/commandes", Perm(P::OrdersTake), orders::web::pages::list),
        entry(M::GET, "/commandes/jour", Perm(P::OrdersTake), orders::web::pages::day_page),
        entry(M::GET, "/commandes/nouvelle", Perm(P::OrdersTake), orders::web::taking::new_page),
        entry(M::POST, "/commandes/nouvelle", Perm(P::OrdersTake), orders::web::taking::create),
        entry(M::POST, "/commandes/formulaire", Perm(P::OrdersTake), orders::web::taking::redraw),
        entry(M::POST, "/commandes/client-rapide", Perm(P::OrdersTake), orders::web::taking::quick_customer),
        entry(M::GET, "/commandes/produits", Perm(P::OrdersTake), orders::web::taking::product_search),
        entry(M::GET, "/commandes/clients", Perm(P::OrdersTake), orders::web::taking::customer_search),
        entry(M::GET, "/commandes/rendu", Perm(P::OrdersTake), orders::web::taking::change),
        entry(M::GET, "/commandes/:id", Perm(P::OrdersTake), orders::web::pages::page),
        entry(M::GET, "/commandes/:id/bon", Perm(P::OrdersTake), orders::web::pages::slip),
        entry(M::GET, "/commandes/:id/modifier", Perm(P::OrdersTake), orders::web::taking::edit_page),
        entry(M::POST, "/commandes/:id/modifier", Perm(P::OrdersTake), orders::web::taking::update),
        entry(M::POST, "/commandes/:id/paiements", Perm(P::OrdersTake), orders::web::actions::pay),
        entry(M::POST, "/commandes/:id/recevoir", Perm(P::OrdersTake), orders::web::actions::receive),
        entry(M::POST, "/commandes/:id/remettre", Perm(P::OrdersTake), orders::web::actions::hand_over),
        entry(M::POST, "/commandes/:id/annuler", Perm(P::OrdersCancel), orders::web::actions::cancel),
        entry(M::POST, "/commandes/:id/reimprimer", Perm(P::OrdersTake), orders::web::actions::reprint),
        // B2B: business customers and their price lists (gérante).
        entry(M::GET, "/b2b/clients", Perm(P::B2bManage), b2b::web::customers),
        entry(M::GET, "/b2b/clients/nouveau", Perm(P::B2bManage), b2b::web::new_customer),
        entry(M::POST, "/b2b/clients/nouveau", Perm(P::B2bManage), b2b::web::create_customer),
        entry(M::GET, "/b2b/clients/:id", Perm(P::B2bManage), b2b::web::customer),
        entry(M::POST, "/b2b/clients/:id", Perm(P::B2bManage), b2b::web::update_customer),
        entry(M::POST, "/b2b/clients/:id/activer", Perm(P::B2bManage), b2b::web::customer_on),
        entry(M::POST, "/b2b/clients/:id/desactiver", Perm(P::B2bManage), b2b::web::customer_off),
        entry(M::GET, "/b2b/prix", Perm(P::B2bManage), b2b::web::price_lists),
        entry(M::POST, "/b2b/prix", Perm(P::B2bManage), b2b::web::create_price_list),
        entry(M::GET, "/b2b/prix/:id", Perm(P::B2bManage), b2b::web::price_list),
        entry(M::POST, "/b2b/prix/:id", Perm(P::B2bManage), b2b::web::set_price),
        // B2B orders (taken at the counter too) and delivery notes.
        entry(M::GET, "/b2b/commandes", Perm(P::B2bDeliver), b2b::web::orders::orders),
        entry(M::POST, "/b2b/commandes", Perm(P::B2bDeliver), b2b::web::orders::create),
        entry(M::GET, "/b2b/commandes/:id", Perm(P::B2bDeliver), b2b::web::orders::order),
        entry(M::POST, "/b2b/commandes/:id/sortir", Perm(P::B2bDeliver), b2b::web::orders::ship),
        entry(M::POST, "/b2b/commandes/:id/annuler", Perm(P::B2bDeliver), b2b::web::orders::cancel),
        entry(M::GET, "/b2b/bons/:id", Perm(P::B2bDeliver), b2b::web::orders::note),
        entry(M::POST, "/b2b/bons/:id/retour", Perm(P::B2bDeliver), b2b::web::orders::record_return),
        entry(M::GET, "/b2b/bons/:id/pdf", Perm(P::B2bDeliver), b2b::web::orders::note_pdf),
        entry(M::GET, "/b2b/factures", Perm(P::B2bManage), b2b::web::invoices::invoices),
        entry(M::GET, "/b2b/relances", Perm(P::B2bManage), b2b::web::payments::dunning),
        entry(M::GET, "/b2b/factures/:id", Perm(P::B2bManage), b2b::web::invoices::invoice),
        entry(M::POST, "/b2b/factures/:id/avoir", Perm(P::B2bManage), b2b::web::invoices::credit),
        entry(M::GET, "/b2b/factures/:id/pdf", Perm(P::B2bManage), b2b::web::invoices::pdf),
        entry(M::POST, "/b2b/factures/:id/envoyer", Perm(P::B2bManage), b2b::web::invoices::send),
        entry(M::GET, "/b2b/clients/:id/facturer", Perm(P::B2bManage), b2b::web::invoices::new_invoice),
        entry(M::POST, "/b2b/clients/:id/facturer", Perm(P::B2bManage), b2b::web::invoices::issue),
        entry(M::GET, "/b2b/clients/:id/paiement", Perm(P::B2bManage), b2b::web::payments::new_payment),
        entry(M::POST, "/b2b/clients/:id/paiement", Perm(P::B2bManage), b2b::web::payments::pay),
        entry(M::GET, "/b2b/clients/:id/releve", Perm(P::B2bManage), b2b::web::statement::page),
        entry(M::GET, "/b2b/clients/:id/releve/pdf", Perm(P::B2bManage), b2b::web::statement::pdf),
        entry(M::GET, "/b2b/abonnements", Perm(P::B2bManage), b2b::web::standing::list),
        entry(M::POST, "/b2b/abonnements/generer", Perm(P::B2bManage), b2b::web::standing::generate),
        entry(M::GET, "/b2b/abonnements/nouveau", Perm(P::B2bManage), b2b::web::standing::new),
        entry(M::POST, "/b2b/abonnements/nouveau", Perm(P::B2bManage), b2b::web::standing::create),
        entry(M::GET, "/b2b/abonnements/calendrier", Perm(P::B2bManage), b2b::web::standing::calendar),
        entry(M::POST, "/b2b/abonnements/calendrier", Perm(P::B2bManage), b2b::web::standing::add_period),
        entry(
            M::POST,
            "/b2b/abonnements/calendrier/:id/supprimer",
            Perm(P::B2bManage),
            b2b::web::standing::delete_period,
        ),
        entry(M::GET, "/b2b/abonnements/:id", Perm(P::B2bManage), b2b::web::standing::show),
        entry(M::POST, "/b2b/abonnements/:id", Perm(P::B2bManage), b2b::web::standing::update),
        entry(M::POST, "/b2b/abonnements/:id/jour", Perm(P::B2bManage), b2b::web::standing::change_day),
        // Deliveries: setup (gérante), runs, settlements and payments at the till.
        entry(M::GET, "/livraisons/zones", Perm(P::DeliveriesManage), deliveries::web::zone_list),
        entry(M::POST, "/livraisons/zones", Perm(P::DeliveriesManage), deliveries::web::create_zone),
        entry(M::GET, "/livraisons/zones/:id", Perm(P::DeliveriesManage), deliveries::web::zone_page),
        entry(M::POST, "/livraisons/zones/:id", Perm(P::DeliveriesManage), deliveries::web::update_zone),
        entry(M::POST, "/livraisons/zones/:id/activer", Perm(P::DeliveriesManage), deliveries::web::zone_on),
        entry(M::POST, "/livraisons/zones/:id/desactiver", Perm(P::DeliveriesManage), deliveries::web::zone_off),
        entry(M::POST, "/livraisons/reglage", Perm(P::DeliveriesManage), deliveries::web::fee_setting),
        entry(M::GET, "/livraisons/livreurs", Perm(P::DeliveriesManage), deliveries::web::man_list),
        entry(M::POST, "/livraisons/livreurs", Perm(P::DeliveriesManage), deliveries::web::create_man),
        entry(M::GET, "/livraisons/livreurs/:id", Perm(P::DeliveriesManage), deliveries::web::man_page),
        entry(M::POST, "/livraisons/livreurs/:id", Perm(P::DeliveriesManage), deliveries::web::update_man),
        entry(M::POST, "/livraisons/livreurs/:id/activer", Perm(P::DeliveriesManage), deliveries::web::man_on),
        entry(M::POST, "/livraisons/livreurs/:id/desactiver", Perm(P::DeliveriesManage), deliveries::web::man_off),
        entry(M::POST, "/livraisons/livreurs/:id/lien", Perm(P::DeliveriesManage), deliveries::web::new_link),
        entry(
            M::POST,
            "/livraisons/livreurs/:id/lien/retirer",
            Perm(P::DeliveriesManage),
            deliveries::web::withdraw_link,
        ),
        entry(M::GET, "/livraisons/livreurs/:id/jour", Perm(P::DeliveriesSettle), deliveries::web::runs::phone),
        entry(M::POST, "/livraisons/livreurs/:id/paiements", Perm(P::DeliveriesSettle), deliveries::web::debts::pay),
        entry(M::GET, "/livraisons/commandes/:id", Perm(P::DeliveriesSettle), deliveries::web::delivery_page),
        entry(M::POST, "/livraisons/commandes/:id", Perm(P::DeliveriesSettle), deliveries::web::set_delivery),
        entry(M::GET, "/livraisons/tournees", Perm(P::DeliveriesSettle), deliveries::web::runs::board),
        entry(M::POST, "/livraisons/tournees", Perm(P::DeliveriesManage), deliveries::web::runs::assign),
        entry(M::GET, "/livraisons/tournees/:id", Perm(P::DeliveriesSettle), deliveries::web::runs::run),
        entry(M::POST, "/livraisons/tournees/:id/regler", Perm(P::DeliveriesSettle), deliveries::web::runs::settle),
        entry(M::GET, "/livraisons/dettes", Perm(P::DeliveriesSettle), deliveries::web::debts::debts),
        entry(M::GET, "/livraisons/rapport", Perm(P::DeliveriesManage), deliveries::web::debts::report),
        //
        // ---- The lab: the production plan, the counter's targets, the board (plan).
        entry(M::GET, "/production/plan", Perm(P::Produce), plan::web::plan_page),
        entry(M::GET, "/production/plan/feuille", Perm(P::Produce), plan::web::sheet),
        entry(M::GET, "/production/objectifs", Perm(P::PlanEdit), plan::web::targets_page),
        entry(M::POST, "/production/objectifs", Perm(P::PlanEdit), plan::web::save_targets),
        entry(M::GET, "/labo", Perm(P::Produce), plan::web::board),
        entry(M::GET, "/labo/tableau", Perm(P::Produce), plan::web::board_part),
        entry(M::POST, "/labo/commandes/:id/commencer", Perm(P::Produce), plan::web::start),
        entry(M::POST, "/labo/commandes/:id/fait", Perm(P::Produce), plan::web::made),
        entry(M::POST, "/labo/comptoir", Perm(P::Produce), plan::web::made_for_counter),
        //
        // ---- Staff: employees, schedules, the day board, punches, hours, leave, calendar, clocks (people).
        entry(M::GET, "/personnel", Perm(P::PeopleView), people::web::employees::list),
        entry(M::GET, "/personnel/nouveau", Perm(P::PeopleManage), people::web::employees::new_page),
        entry(M::POST, "/personnel/nouveau", Perm(P::PeopleManage), people::web::employees::create),
        entry(M::GET, "/personnel/jour", Perm(P::PeopleView), people::web::day::board),
        entry(M::GET, "/personnel/heures", Perm(P::PeopleView), people::web::hours::month),
        entry(M::GET, "/personnel/heures/export", Perm(P::PeopleView), people::web::hours::export),
        entry(M::POST, "/personnel/heures/verrouiller", Perm(P::PeopleManage), people::web::hours::lock),
        entry(M::GET, "/personnel/conges", Perm(P::PeopleView), people::web::leave::page),
        entry(M::POST, "/personnel/conges", Perm(P::PeopleManage), people::web::leave::request),
        entry(M::POST, "/personnel/conges/:id/approuver", Perm(P::PeopleManage), people::web::leave::approve),
        entry(M::POST, "/personnel/conges/:id/refuser", Perm(P::PeopleManage), people::web::leave::refuse),
        entry(M::POST, "/personnel/conges/:id/annuler", Perm(P::PeopleManage), people::web::leave::cancel),
        entry(M::GET, "/personnel/calendrier", Perm(P::PeopleView), people::web::calendar::page),
        entry(M::POST, "/personnel/calendrier", Perm(P::PeopleManage), people::web::calendar::add),
        entry(M::POST, "/personnel/calendrier/supprimer", Perm(P::PeopleManage), people::web::calendar::delete),
        entry(M::POST, "/personnel/calendrier/preremplir", Perm(P::PeopleManage), people::web::calendar::prefill),
        entry(M::GET, "/personnel/reglages", Perm(P::PeopleManage), people::web::calendar::settings_page),
        entry(M::POST, "/personnel/reglages", Perm(P::PeopleManage), people::web::calendar::save_settings),
        entry(M::GET, "/personnel/pointeuses", Perm(P::PeopleManage), people::web::devices::list),
        entry(M::POST, "/personnel/pointeuses", Perm(P::PeopleManage), people::web::devices::register),
        entry(M::GET, "/personnel/pointeuses/:id", Perm(P::PeopleManage), people::web::devices::page),
        entry(M::POST, "/personnel/pointeuses/:id", Perm(P::PeopleManage), people::web::devices::update),
        entry(M::POST, "/personnel/pointeuses/:id/approuver", Perm(P::PeopleManage), people::web::devices::approve),
        entry(M::POST, "/personnel/pointeuses/:id/retirer", Perm(P::PeopleManage), people::web::devices::retire),
        entry(M::POST, "/personnel/pointeuses/:id/relever", Perm(P::PeopleManage), zkteco::web::pull_now),
        entry(M::GET, "/personnel/quarantaine", Perm(P::PeopleManage), people::web::devices::quarantine),
        entry(M::POST, "/personnel/quarantaine/integrer", Perm(P::PeopleManage), people::web::devices::integrate),
        entry(M::POST, "/personnel/quarantaine/:id/attribuer", Perm(P::PeopleManage), people::web::devices::reassign),
        entry(M::POST, "/personnel/quarantaine/:id/ecarter", Perm(P::PeopleManage), people::web::devices::ignore),
        entry(M::POST, "/personnel/pointages/:id/annuler", Perm(P::PeopleManage), people::web::day::void),
        entry(M::GET, "/personnel/:id", Perm(P::PeopleView), people::web::employees::page),
        entry(M::POST, "/personnel/:id", Perm(P::PeopleManage), people::web::employees::update),
        entry(M::GET, "/personnel/:id/modifier", Perm(P::PeopleManage), people::web::employees::edit_page),
        entry(M::POST, "/personnel/:id/inscriptions", Perm(P::PeopleManage), people::web::employees::enrol),
        entry(
            M::POST,
            "/personnel/:id/inscriptions/:enrolment/retirer",
            Perm(P::PeopleManage),
            people::web::employees::end_enrolment,
        ),
        entry(M::GET, "/personnel/:id/horaires", Perm(P::PeopleView), people::web::schedules::page),
        entry(M::POST, "/personnel/:id/horaires", Perm(P::PeopleManage), people::web::schedules::save_week),
        entry(M::POST, "/personnel/:id/exceptions", Perm(P::PeopleManage), people::web::schedules::save_exception),
        entry(
            M::POST,
            "/personnel/:id/exceptions/supprimer",
            Perm(P::PeopleManage),
            people::web::schedules::delete_exception,
        ),
        entry(M::GET, "/personnel/:id/pointages", Perm(P::PeopleView), people::web::day::employee_month),
        entry(M::POST, "/personnel/:id/pointages", Perm(P::PeopleManage), people::web::day::enter),
        // ---- Payroll: the month, payslips, rates, advances, the accountant's workbooks (payroll).
        entry(M::GET, "/paie", Perm(P::PayrollManage), payroll::web::month::page),
        entry(M::POST, "/paie/preparer", Perm(P::PayrollManage), payroll::web::month::prepare),
        entry(M::POST, "/paie/:id/valider", Perm(P::PayrollManage), payroll::web::month::validate),
        entry(M::GET, "/paie/:id/journal", Perm(P::PayrollManage), payroll::web::export::month),
        entry(M::GET, "/paie/annee/:year", Perm(P::PayrollManage), payroll::web::export::year),
        entry(M::GET, "/paie/:id/bulletins", Perm(P::PayrollManage), payroll::web::export::batch_pdf),
        entry(M::GET, "/paie/bulletins/:id/pdf", Perm(P::PayrollManage), payroll::web::export::payslip_pdf),
        entry(M::GET, "/paie/bulletins/:id", Perm(P::PayrollManage), payroll::web::slip::page),
        entry(M::POST, "/paie/bulletins/:id/elements", Perm(P::PayrollManage), payroll::web::slip::add_item),
        entry(M::POST, "/paie/bulletins/:id/payer", Perm(P::PayrollManage), payroll::web::slip::pay),
        entry(M::GET, "/paie/baremes", Perm(P::PayrollManage), payroll::web::rates::page),
        entry(M::POST, "/paie/baremes", Perm(P::PayrollManage), payroll::web::rates::add),
        entry(M::GET, "/paie/avances", Perm(P::PayrollAdvances), payroll::web::advances::page),
        entry(M::POST, "/paie/avances", Perm(P::PayrollAdvances), payroll::web::advances::give),
        entry(M::POST, "/paie/avances/:id/annuler", Perm(P::PayrollAdvances), payroll::web::advances::cancel),
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
    route
        .around(setup_redirect)
        .around(render_errors)
        .around(body_limit)
        .around(security_headers)
        .around(log_request)
        .data(app)
}
