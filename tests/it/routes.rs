//! Walks every registered route × every role: each answers as its declared access says.

use std::collections::BTreeSet;

use fournil::api::OPERATIONS;
use fournil::auth::{Access, Role, store};
use fournil::routes::route_table;
use poem::http::{Method, StatusCode};

use crate::support::*;

/// Only these pages may be opened without signing in.
const PUBLIC: &[(&str, &str)] = &[
    ("GET", "/setup"),
    ("POST", "/setup"),
    ("GET", "/connexion"),
    ("POST", "/connexion"),
    ("GET", "/healthz"),
    ("GET", "/static/:file"),
    // A deliveryman's runs of the day through the secret link the gérante made (404 otherwise).
    ("GET", "/l/:key"),
];

fn concrete(path: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with(':') || seg.starts_with('{') { "1" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

async fn roles(t: &TestApp) -> Vec<Role> {
    t.app.db.read(|c| Ok(store::roles(c)?)).await.unwrap()
}

#[tokio::test]
async fn every_route_declares_its_access_and_public_ones_are_few() {
    let declared: BTreeSet<(String, &str)> = route_table().iter().map(|r| (r.method.to_string(), r.path)).collect();
    assert_eq!(declared.len(), route_table().len(), "a route is declared twice");
    let public: BTreeSet<(String, &str)> =
        route_table().iter().filter(|r| r.access == Access::Public).map(|r| (r.method.to_string(), r.path)).collect();
    let expected: BTreeSet<(String, &str)> = PUBLIC.iter().map(|(m, p)| (m.to_string(), *p)).collect();
    assert_eq!(public, expected, "a route became public: declare the permission it needs");
}

#[tokio::test]
async fn every_page_route_answers_each_role_as_declared() {
    let t = spawn_ready().await;
    let mut browsers = Vec::new();
    for role in roles(&t).await {
        let name = format!("u-{}", role.code);
        if role.code != "admin" {
            t.user_with_role(&name, &role.code).await;
        }
        let mut b = t.browser();
        let login = if role.code == "admin" { "admin".to_string() } else { name };
        b.login(&login, PASSWORD).await.assert_redirect("/");
        b.get("/").await;
        browsers.push((role, b));
    }
    let mut anonymous = t.browser();
    anonymous.get("/connexion").await;

    // Logging out last, so the walk keeps its sessions.
    let mut routes: Vec<_> = route_table().to_vec();
    routes.sort_by_key(|r| r.path == "/deconnexion" && r.method == Method::POST);
    let mut checked = 0;
    for route in &routes {
        let path = concrete(route.path);
        let anon = anonymous.request(route.method.clone(), &path, &[]).await;
        if route.access == Access::Public {
            assert_ne!(anon.status, StatusCode::FORBIDDEN, "{} {path} anonymous: {}", route.method, anon.body);
        } else {
            assert_eq!(anon.status, StatusCode::SEE_OTHER, "{} {path} must need a session", route.method);
            assert!(anon.location().unwrap().starts_with("/connexion"), "{} {path}", route.method);
        }
        for (role, b) in &mut browsers {
            let page = b.request(route.method.clone(), &path, &[]).await;
            let allowed = match route.access {
                Access::Public | Access::SignedIn => true,
                Access::Perm(p) => role.grants(p),
            };
            let what = format!(
                "{} {path} as {}: {} {}",
                route.method,
                role.code,
                page.status,
                page.body.chars().take(300).collect::<String>()
            );
            if allowed {
                assert!(
                    !matches!(
                        page.status,
                        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::METHOD_NOT_ALLOWED
                    ) && !page.status.is_server_error(),
                    "{what}"
                );
                if route.access != Access::Public {
                    let to_login = page.location().is_some_and(|l| l.starts_with("/connexion"));
                    assert!(!to_login || route.path == "/deconnexion", "{what}");
                }
            } else {
                assert_eq!(page.status, StatusCode::FORBIDDEN, "{what}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, route_table().len() * 4);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn every_api_operation_answers_each_role_as_declared() {
    let t = spawn_ready().await;
    let mut tokens = Vec::new();
    for role in roles(&t).await {
        let id =
            if role.code == "admin" { 1 } else { t.user_with_role(&format!("api-{}", role.code), &role.code).await };
        let (actor, now) = (fournil::audit::Actor::cli(), t.app.clock.now_text());
        let secret =
            t.app.db.write(move |tx| fournil::auth::ops::create_token(tx, &actor, id, "test", &now)).await.unwrap();
        tokens.push((role, secret));
    }
    for op in OPERATIONS {
        let path = format!("/api/v1{}", concrete(op.path));
        let send = |token: Option<&str>| {
            let mut req = match op.method {
                Method::GET => t.http.get(&path),
                Method::POST => t.http.post(&path),
                Method::PUT => t.http.put(&path),
                ref m => panic!("{m}"),
            };
            if let Some(token) = token {
                req = req.header("Authorization", format!("Bearer {token}"));
            }
            if op.method != Method::GET {
                req = req.header("content-type", "application/json").body("{}");
            }
            req.send()
        };
        let anon = send(None).await;
        anon.assert_status(StatusCode::UNAUTHORIZED);
        anon.assert_json(
            serde_json::json!({"success": false, "error": "Veuillez vous connecter.", "code": "unauthorized"}),
        )
        .await;
        for (role, token) in &tokens {
            let resp = send(Some(token)).await;
            let status = resp.0.status();
            let allowed = match op.access {
                Access::Public | Access::SignedIn => true,
                Access::Perm(p) => role.grants(p),
            };
            if allowed {
                assert!(
                    !matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) && !status.is_server_error(),
                    "{} {path} as {}: {status}",
                    op.method,
                    role.code
                );
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{} {path} as {}", op.method, role.code);
            }
        }
    }
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_declared_operations() {
    let spec: serde_json::Value = serde_json::from_str(&fournil::api::spec_json()).unwrap();
    let mut in_spec = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            in_spec.insert((method.to_uppercase(), path.clone()));
        }
    }
    let declared: BTreeSet<(String, String)> =
        OPERATIONS.iter().map(|o| (o.method.to_string(), o.path.to_string())).collect();
    assert_eq!(in_spec, declared);
}
