//! THE route table (`table.rs`): every page route with the access it requires. Nothing else
//! registers a route; the guard enforces the access, the menu (src/shell.rs) and the route × role
//! test read it. `endpoint` assembles the table, the API and the middleware (src/middleware.rs)
//! into one app.

mod table;

use std::sync::OnceLock;

use poem::http::Method;
use poem::{Endpoint, EndpointExt, Response, Route, RouteMethod};

use crate::api;
use crate::auth::Access;
use crate::auth::session::Guard;
use crate::middleware::{body_limit, log_request, render_errors, security_headers, setup_redirect};
use crate::state::App;
use table::entries;

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
    // The handler is boxed before the guard wraps it: one copy of the guard's code for every
    // route, instead of one per handler (~10 KB each, 3-4 MB of the binary for 358 routes).
    let guarded = Guard { access, inner: ep.map_to_response().boxed() };
    Entry { info: RouteInfo { method, path, access }, endpoint: guarded.boxed() }
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
