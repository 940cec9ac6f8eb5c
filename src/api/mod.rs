//! The JSON API under `/api/v1`, described by OpenAPI at `/api/v1/openapi.json`.
//! Bearer tokens (created by an admin, or `fournil token create`) act with their user's rights.
//! Every operation declares its access in `OPERATIONS`, enforced before the operation runs, and
//! calls the same domain operations as the pages: never a second copy of a rule.
//! Envelope: `{"success":true,"data":…}` or `{"success":false,"error":"…","code":"…"}`.

mod admin;
mod b2b;
mod b2b_standing;
mod bank;
mod books;
mod cash;
mod catalog;
mod deliveries;
mod envelope;
mod expenses;
mod orders;
mod payroll;
mod people;
mod production;
mod purchases;
mod reports;
mod sales;
mod statements;
mod stock;
mod tax;

use std::sync::Arc;

use chrono::Duration;
use poem::http::{Method, StatusCode, header};
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response, Route};
use poem_openapi::OpenApiService;

pub use envelope::{ApiError, ApiResult, Bearer};

use crate::auth::{Access, Permission, ops, store, token_hash};
use crate::clock::{parse_stamp, stamp};
use crate::error::AppError;
use crate::state::App;
use crate::system::VERSION;

/// One API operation and the access it needs. Paths are relative to `/api/v1`, as in the spec.
#[derive(Debug, Clone)]
pub struct ApiOp {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

const fn op(method: Method, path: &'static str, access: Access) -> ApiOp {
    ApiOp { method, path, access }
}

/// THE table of API operations and their access (the pages' equivalent is in app.rs).
pub const OPERATIONS: &[ApiOp] = &[
    op(Method::GET, "/me", Access::SignedIn),
    op(Method::GET, "/utilisateurs", Access::Perm(Permission::UsersManage)),
    op(Method::POST, "/utilisateurs", Access::Perm(Permission::UsersManage)),
    op(Method::GET, "/utilisateurs/{id}", Access::Perm(Permission::UsersManage)),
    op(Method::POST, "/utilisateurs/{id}/desactiver", Access::Perm(Permission::UsersManage)),
    op(Method::POST, "/utilisateurs/{id}/activer", Access::Perm(Permission::UsersManage)),
    op(Method::GET, "/roles", Access::Perm(Permission::RolesManage)),
    op(Method::GET, "/journal-audit", Access::Perm(Permission::AuditView)),
    op(Method::GET, "/parametres", Access::SignedIn),
    op(Method::PUT, "/parametres", Access::Perm(Permission::SettingsManage)),
    op(Method::GET, "/controle", Access::Perm(Permission::SystemCheck)),
    op(Method::GET, "/produits", Access::Perm(Permission::CatalogView)),
    op(Method::POST, "/produits", Access::Perm(Permission::CatalogEdit)),
    op(Method::GET, "/produits/{id}", Access::Perm(Permission::CatalogView)),
    op(Method::PUT, "/produits/{id}", Access::Perm(Permission::CatalogEdit)),
    op(Method::GET, "/produits/{id}/recette", Access::Perm(Permission::CatalogView)),
    op(Method::PUT, "/produits/{id}/recette", Access::Perm(Permission::CatalogEdit)),
    op(Method::GET, "/produits/{id}/cout", Access::Perm(Permission::CostsView)),
    op(Method::GET, "/categories", Access::Perm(Permission::CatalogView)),
    op(Method::POST, "/categories", Access::Perm(Permission::CatalogEdit)),
    op(Method::PUT, "/categories/{id}", Access::Perm(Permission::CatalogEdit)),
    op(Method::GET, "/fournisseurs", Access::Perm(Permission::SuppliersManage)),
    op(Method::POST, "/fournisseurs", Access::Perm(Permission::SuppliersManage)),
    op(Method::PUT, "/fournisseurs/{id}", Access::Perm(Permission::SuppliersManage)),
    op(Method::GET, "/compta/ecritures", Access::Perm(Permission::BooksView)),
    op(Method::GET, "/compta/balance", Access::Perm(Permission::BooksView)),
    op(Method::GET, "/compta/g50", Access::Perm(Permission::BooksView)),
    op(Method::GET, "/compta/etats", Access::Perm(Permission::BooksView)),
    op(Method::GET, "/compta/comptes", Access::Perm(Permission::BooksView)),
    op(Method::GET, "/compta/fiscalite/regime", Access::Perm(Permission::BooksView)),
    op(Method::POST, "/compta/fiscalite/regime", Access::Perm(Permission::BooksEdit)),
    op(Method::GET, "/compta/banque/lignes", Access::Perm(Permission::BooksView)),
    op(Method::GET, "/compta/banque/formats", Access::Perm(Permission::BooksView)),
    op(Method::POST, "/compta/banque/releves", Access::Perm(Permission::BooksEdit)),
    op(Method::POST, "/compta/banque/rapprocher", Access::Perm(Permission::BooksEdit)),
    op(Method::POST, "/compta/banque/lignes/{id}/rapprocher", Access::Perm(Permission::BooksEdit)),
    op(Method::POST, "/compta/banque/lignes/{id}/defaire", Access::Perm(Permission::BooksEdit)),
    op(Method::POST, "/compta/banque/lignes/{id}/frais", Access::Perm(Permission::BooksEdit)),
    op(Method::GET, "/compta/depenses", Access::Perm(Permission::ExpensesManage)),
    op(Method::POST, "/compta/depenses", Access::Perm(Permission::ExpensesManage)),
    op(Method::POST, "/compta/depenses/{id}/payer", Access::Perm(Permission::ExpensesManage)),
    op(Method::GET, "/stock", Access::Perm(Permission::StockView)),
    op(Method::GET, "/stock/produits/{id}/mouvements", Access::Perm(Permission::StockView)),
    op(Method::POST, "/stock/transferts", Access::Perm(Permission::StockEdit)),
    op(Method::POST, "/stock/ajustements", Access::Perm(Permission::StockEdit)),
    op(Method::POST, "/stock/inventaires", Access::Perm(Permission::StockEdit)),
    op(Method::GET, "/stock/inventaires/{id}", Access::Perm(Permission::StockView)),
    op(Method::PUT, "/stock/inventaires/{id}/lignes", Access::Perm(Permission::StockEdit)),
    op(Method::POST, "/stock/inventaires/{id}/valider", Access::Perm(Permission::StockEdit)),
    op(Method::POST, "/stock/inventaires/{id}/abandonner", Access::Perm(Permission::StockEdit)),
    op(Method::GET, "/achats", Access::Perm(Permission::PurchasesManage)),
    op(Method::POST, "/achats", Access::Perm(Permission::PurchasesManage)),
    op(Method::GET, "/achats/{id}", Access::Perm(Permission::PurchasesManage)),
    op(Method::POST, "/achats/{id}/recevoir", Access::Perm(Permission::PurchasesManage)),
    op(Method::POST, "/achats/{id}/paiements", Access::Perm(Permission::PurchasesManage)),
    op(Method::POST, "/achats/{id}/annuler", Access::Perm(Permission::PurchasesManage)),
    // ---- Sales: products for sale, tickets, refunds (pos).
    op(Method::GET, "/sales/products", Access::Perm(Permission::Sell)),
    op(Method::POST, "/sales", Access::Perm(Permission::Sell)),
    op(Method::GET, "/sales/{id}", Access::Perm(Permission::SalesView)),
    // Refund, or the approval of someone who may (the operation checks it).
    op(Method::POST, "/sales/{id}/refunds", Access::Perm(Permission::Sell)),
    //
    // ---- Cash shifts: open, movements, close, X and Z (cash).
    op(Method::POST, "/caisse/sessions", Access::Perm(Permission::CashHold)),
    op(Method::GET, "/caisse/sessions/{id}", Access::Perm(Permission::SalesView)),
    op(Method::POST, "/caisse/sessions/{id}/mouvements", Access::Perm(Permission::CashHold)),
    op(Method::POST, "/caisse/sessions/{id}/fermer", Access::Perm(Permission::CashHold)),
    op(Method::GET, "/caisse/sessions/{id}/x", Access::Perm(Permission::SalesView)),
    op(Method::GET, "/caisse/sessions/{id}/z", Access::Perm(Permission::SalesView)),
    //
    // ---- Production (production).
    op(Method::POST, "/production", Access::Perm(Permission::Produce)),
    op(Method::POST, "/production/{id}/annuler", Access::Perm(Permission::Produce)),
    //
    // ---- Customers and customer orders (customers, orders).
    op(Method::GET, "/clients", Access::Perm(Permission::OrdersTake)),
    op(Method::POST, "/clients", Access::Perm(Permission::OrdersTake)),
    op(Method::GET, "/clients/{id}", Access::Perm(Permission::OrdersTake)),
    op(Method::PUT, "/clients/{id}", Access::Perm(Permission::OrdersTake)),
    op(Method::GET, "/commandes", Access::Perm(Permission::OrdersTake)),
    op(Method::POST, "/commandes", Access::Perm(Permission::OrdersTake)),
    op(Method::GET, "/commandes/{id}", Access::Perm(Permission::OrdersTake)),
    op(Method::PUT, "/commandes/{id}", Access::Perm(Permission::OrdersTake)),
    op(Method::POST, "/commandes/{id}/paiements", Access::Perm(Permission::OrdersTake)),
    op(Method::POST, "/commandes/{id}/lancer", Access::Perm(Permission::Produce)),
    op(Method::POST, "/commandes/{id}/fabriquer", Access::Perm(Permission::Produce)),
    op(Method::POST, "/commandes/{id}/recevoir", Access::Perm(Permission::OrdersTake)),
    op(Method::POST, "/commandes/{id}/remettre", Access::Perm(Permission::OrdersTake)),
    op(Method::POST, "/commandes/{id}/annuler", Access::Perm(Permission::OrdersCancel)),
    op(Method::PUT, "/commandes/{id}/livraison", Access::Perm(Permission::DeliveriesSettle)),
    op(Method::GET, "/livraisons/zones", Access::Perm(Permission::DeliveriesSettle)),
    op(Method::POST, "/livraisons/zones", Access::Perm(Permission::DeliveriesManage)),
    op(Method::GET, "/livraisons/livreurs", Access::Perm(Permission::DeliveriesSettle)),
    op(Method::POST, "/livraisons/livreurs", Access::Perm(Permission::DeliveriesManage)),
    op(Method::POST, "/livraisons/livreurs/{id}/paiements", Access::Perm(Permission::DeliveriesSettle)),
    op(Method::POST, "/livraisons/tournees", Access::Perm(Permission::DeliveriesManage)),
    op(Method::GET, "/livraisons/tournees/{id}", Access::Perm(Permission::DeliveriesSettle)),
    op(Method::POST, "/livraisons/tournees/{id}/regler", Access::Perm(Permission::DeliveriesSettle)),
    op(Method::GET, "/livraisons/dettes", Access::Perm(Permission::DeliveriesSettle)),
    op(Method::POST, "/livraisons/ventes", Access::Perm(Permission::OrdersTake)),
    // ---- Staff: employees, punches, corrections, hours (people). `/personnel/heures` before
    // `/personnel/{id}`: the first pattern that matches decides.
    op(Method::GET, "/personnel", Access::Perm(Permission::PeopleView)),
    op(Method::GET, "/personnel/heures", Access::Perm(Permission::PeopleView)),
    op(Method::POST, "/personnel/pointages/{id}/annuler", Access::Perm(Permission::PeopleManage)),
    op(Method::GET, "/personnel/{id}", Access::Perm(Permission::PeopleView)),
    op(Method::GET, "/personnel/{id}/pointages", Access::Perm(Permission::PeopleView)),
    op(Method::POST, "/personnel/{id}/pointages", Access::Perm(Permission::PeopleManage)),
    op(Method::GET, "/paie/baremes", Access::Perm(Permission::PayrollManage)),
    op(Method::GET, "/paie/mois/{mois}", Access::Perm(Permission::PayrollManage)),
    op(Method::POST, "/paie/mois/{mois}/preparer", Access::Perm(Permission::PayrollManage)),
    op(Method::POST, "/paie/mois/{mois}/valider", Access::Perm(Permission::PayrollManage)),
    op(Method::GET, "/paie/bulletins/{id}", Access::Perm(Permission::PayrollManage)),
    op(Method::POST, "/paie/bulletins/{id}/payer", Access::Perm(Permission::PayrollManage)),
    op(Method::GET, "/paie/avances", Access::Perm(Permission::PayrollAdvances)),
    op(Method::POST, "/paie/avances", Access::Perm(Permission::PayrollAdvances)),
    op(Method::POST, "/paie/avances/{id}/annuler", Access::Perm(Permission::PayrollAdvances)),
    // ---- B2B: business customers, price lists, orders, notes, invoices, payments (b2b).
    op(Method::GET, "/b2b/clients", Access::Perm(Permission::B2bManage)),
    op(Method::POST, "/b2b/clients", Access::Perm(Permission::B2bManage)),
    op(Method::GET, "/b2b/clients/{id}", Access::Perm(Permission::B2bManage)),
    op(Method::GET, "/b2b/clients/{id}/releve", Access::Perm(Permission::B2bManage)),
    op(Method::GET, "/b2b/prix", Access::Perm(Permission::B2bManage)),
    op(Method::GET, "/b2b/commandes", Access::Perm(Permission::B2bDeliver)),
    op(Method::POST, "/b2b/commandes", Access::Perm(Permission::B2bDeliver)),
    op(Method::GET, "/b2b/bons", Access::Perm(Permission::B2bDeliver)),
    op(Method::GET, "/b2b/bons/{id}", Access::Perm(Permission::B2bDeliver)),
    op(Method::POST, "/b2b/bons/{id}/retour", Access::Perm(Permission::B2bDeliver)),
    op(Method::GET, "/b2b/factures", Access::Perm(Permission::B2bManage)),
    op(Method::POST, "/b2b/factures", Access::Perm(Permission::B2bManage)),
    op(Method::GET, "/b2b/factures/{id}", Access::Perm(Permission::B2bManage)),
    op(Method::POST, "/b2b/factures/{id}/avoir", Access::Perm(Permission::B2bManage)),
    op(Method::POST, "/b2b/factures/{id}/envoyer", Access::Perm(Permission::B2bManage)),
    op(Method::POST, "/b2b/paiements", Access::Perm(Permission::B2bManage)),
    // ---- The owner's figures (kpi, reports).
    op(Method::GET, "/rapports/indicateurs", Access::Perm(Permission::ReportsView)),
    op(Method::GET, "/rapports/definitions", Access::Perm(Permission::ReportsView)),
    op(Method::GET, "/rapports", Access::Perm(Permission::ReportsView)),
    op(Method::GET, "/b2b/abonnements", Access::Perm(Permission::B2bManage)),
    op(Method::POST, "/b2b/abonnements", Access::Perm(Permission::B2bManage)),
    op(Method::POST, "/b2b/abonnements/generer", Access::Perm(Permission::B2bManage)),
    op(Method::GET, "/b2b/abonnements/calendrier", Access::Perm(Permission::B2bManage)),
    op(Method::POST, "/b2b/abonnements/calendrier", Access::Perm(Permission::B2bManage)),
    op(Method::POST, "/b2b/abonnements/calendrier/{id}/supprimer", Access::Perm(Permission::B2bManage)),
    op(Method::GET, "/b2b/abonnements/{id}", Access::Perm(Permission::B2bManage)),
    op(Method::PUT, "/b2b/abonnements/{id}/jours/{day}", Access::Perm(Permission::B2bManage)),
];

/// Matches `/utilisateurs/12` against `/utilisateurs/{id}`.
fn matches(pattern: &str, path: &str) -> bool {
    let (p, a): (Vec<&str>, Vec<&str>) =
        (pattern.split('/').collect(), path.trim_end_matches('/').split('/').collect());
    p.len() == a.len() && p.iter().zip(&a).all(|(p, a)| (p.starts_with('{') && !a.is_empty()) || p == a)
}

pub fn find_op(method: &Method, path: &str) -> Option<&'static ApiOp> {
    OPERATIONS.iter().find(|o| o.method == *method && matches(o.path, path))
}

type Apis = (
    admin::AccountApi,
    admin::AdminApi,
    catalog::CatalogApi,
    // The books' operations in one tuple (a tuple of APIs holds 16 at most).
    (books::BooksApi, statements::StatementsApi, tax::TaxApi, bank::BankApi),
    expenses::ExpensesApi,
    stock::StockApi,
    purchases::PurchasesApi,
    sales::SalesApi,
    cash::CashApi,
    production::ProductionApi,
    orders::OrdersApi,
    people::PeopleApi,
    payroll::PayrollApi,
    deliveries::DeliveriesApi,
    (reports::ReportsApi, b2b_standing::StandingApi),
    b2b::B2bApi,
);

fn service() -> OpenApiService<Apis, ()> {
    OpenApiService::new(
        (
            admin::AccountApi,
            admin::AdminApi,
            catalog::CatalogApi,
            (books::BooksApi, statements::StatementsApi, tax::TaxApi, bank::BankApi),
            expenses::ExpensesApi,
            stock::StockApi,
            purchases::PurchasesApi,
            sales::SalesApi,
            cash::CashApi,
            production::ProductionApi,
            orders::OrdersApi,
            people::PeopleApi,
            payroll::PayrollApi,
            deliveries::DeliveriesApi,
            (reports::ReportsApi, b2b_standing::StandingApi),
            b2b::B2bApi,
        ),
        "Fournil",
        VERSION,
    )
    .server("/api/v1")
    .description("API JSON de Fournil. Authentification : `Authorization: Bearer <jeton>`.")
}

/// The answer to a body over the size limit, in the envelope the document lists (413).
pub fn too_large_response(message: String) -> Response {
    envelope::too_large_response(message)
}

/// The OpenAPI document, as served.
pub fn spec_json() -> String {
    service().spec()
}

pub fn endpoint() -> impl Endpoint<Output = Response> {
    let service = service();
    let spec = service.spec_endpoint();
    // Operation errors carry their JSON envelope as their response: answer with it here, so the
    // pages' error renderer (app.rs) never turns an API error into HTML.
    Route::new()
        .at("/openapi.json", spec)
        .nest("/", service.around(authenticate))
        .catch_all_error(|err: poem::Error| async move { err.into_response() })
}

/// A token is touched at most once a minute.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// Resolves the bearer token and enforces the operation's declared access.
async fn authenticate<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    let Some(op) = find_op(req.method(), req.uri().path()) else {
        return Ok(envelope::error_response(&AppError::NotFound));
    };
    let app = req.data::<App>().cloned().ok_or_else(|| AppError::Internal(anyhow::anyhow!("App manquante")))?;
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(|t| t.trim().to_string());
    let Some(secret) = bearer else {
        return Ok(envelope::error_response(&AppError::Unauthenticated));
    };
    let now = app.clock.now();
    let found = app
        .db
        .read(move |c| {
            let Some((token_id, user_id, last_used)) = store::live_token(c, &token_hash(&secret))? else {
                return Ok(None);
            };
            Ok(ops::current_user(c, user_id, String::new())?.map(|u| (token_id, last_used, u)))
        })
        .await;
    let (token_id, last_used, user) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return Ok(envelope::error_response(&AppError::Unauthenticated)),
        Err(e) => return Ok(envelope::error_response(&e)),
    };
    if !user.may(op.access) {
        return Ok(envelope::error_response(&AppError::Forbidden));
    }
    let stale =
        last_used.as_deref().and_then(parse_stamp).is_none_or(|t| now - t >= Duration::seconds(TOUCH_EVERY_SECONDS));
    if stale {
        let at = stamp(now);
        if let Err(e) = app.db.write(move |tx| Ok(store::touch_token(tx, token_id, &at)?)).await {
            tracing::warn!(error = %e, "jeton : date d'usage non enregistrée");
        }
    }
    req.extensions_mut().insert(user);
    let resp = match ep.call(req).await {
        Ok(resp) => resp.into_response(),
        Err(err) => err.into_response(),
    };
    // Requests the spec layer refused (a malformed body) still answer in the envelope.
    if resp.status() == StatusCode::BAD_REQUEST && !is_json(&resp) {
        return Ok(envelope::bad_request_response());
    }
    if resp.status() == StatusCode::UNSUPPORTED_MEDIA_TYPE && !is_json(&resp) {
        return Ok(envelope::not_json_response());
    }
    Ok(resp)
}

fn is_json(resp: &Response) -> bool {
    resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_segments() {
        assert!(matches("/utilisateurs/{id}", "/utilisateurs/12"));
        assert!(!matches("/utilisateurs/{id}", "/utilisateurs"));
        assert!(!matches("/utilisateurs/{id}", "/utilisateurs/12/activer"));
        assert!(matches("/me", "/me/"));
        assert!(find_op(&Method::DELETE, "/me").is_none());
    }
}
