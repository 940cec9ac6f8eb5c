//! The JSON API: tokens, envelope, the same rules as the pages.

use poem::http::StatusCode;
use serde_json::json;

use crate::support::*;

async fn admin_token(t: &TestApp) -> String {
    let (actor, now) = (fournil::audit::Actor::cli(), t.app.clock.now_text());
    t.app.db.write(move |tx| fournil::auth::ops::create_token(tx, &actor, 1, "tests", &now)).await.unwrap()
}

#[tokio::test]
async fn the_openapi_document_is_served() {
    let t = spawn_ready().await;
    let resp = t.http.get("/api/v1/openapi.json").send().await;
    resp.assert_status_is_ok();
    let spec: serde_json::Value = resp.json().await.value().deserialize();
    assert_eq!(spec["info"]["title"], "Fournil");
    assert!(spec["paths"]["/me"]["get"].is_object());
    assert!(spec["components"]["securitySchemes"]["Bearer"].is_object());
}

#[tokio::test]
async fn me_answers_in_the_envelope_with_the_users_rights() {
    let t = spawn_ready().await;
    let token = admin_token(&t).await;
    let resp = t.http.get("/api/v1/me").header("Authorization", format!("Bearer {token}")).send().await;
    resp.assert_status_is_ok();
    let body: serde_json::Value = resp.json().await.value().deserialize();
    assert_eq!(body["success"], true);
    assert_eq!(body["data"]["username"], "admin");
    assert_eq!(body["data"]["is_superuser"], true);
    assert!(body["data"]["permissions"].as_array().unwrap().contains(&json!("utilisateurs.gerer")));
    // Last use is recorded (for the admin's token list).
    assert_eq!(t.count("SELECT count(*) FROM api_tokens WHERE last_used_at IS NOT NULL").await, 1);
}

#[tokio::test]
async fn a_session_cookie_is_not_an_api_credential() {
    let t = spawn_ready().await;
    let b = t.admin().await;
    let resp = t
        .http
        .get("/api/v1/me")
        .header("cookie", format!("fournil_session={}", b.cookies["fournil_session"]))
        .send()
        .await;
    resp.assert_status(StatusCode::UNAUTHORIZED);
    let wrong = t.http.get("/api/v1/me").header("Authorization", "Bearer fnl_nimportequoi").send().await;
    wrong.assert_status(StatusCode::UNAUTHORIZED);
    let unknown = t.http.get("/api/v1/nulle-part").header("Authorization", "Bearer x").send().await;
    unknown.assert_status(StatusCode::NOT_FOUND);
    unknown.assert_json(json!({"success": false, "error": "Page introuvable.", "code": "not_found"})).await;
}

#[tokio::test]
async fn users_created_through_the_api_follow_the_page_rules() {
    let t = spawn_ready().await;
    let token = admin_token(&t).await;
    let post = |body: serde_json::Value| {
        t.http.post("/api/v1/utilisateurs").header("Authorization", format!("Bearer {token}")).body_json(&body).send()
    };
    let ok = post(json!({"username": "nadia", "role": "vendeuse", "password": PASSWORD})).await;
    ok.assert_status_is_ok();
    let body: serde_json::Value = ok.json().await.value().deserialize();
    assert_eq!(body["data"]["role"], "Vendeuse");

    let dup = post(json!({"username": "Nadia", "role": "vendeuse", "password": PASSWORD})).await;
    dup.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = dup.json().await.value().deserialize();
    assert_eq!(body["success"], false);
    assert_eq!(body["code"], "invalid");
    assert_eq!(body["fields"]["username"], "Ce nom d'utilisateur est déjà pris.");

    let bad = post(json!({"username": "x y", "role": "chef", "password": "court"})).await;
    let body: serde_json::Value = bad.json().await.value().deserialize();
    assert_eq!(body["fields"]["role"], "Rôle inconnu.");
    assert_eq!(body["fields"]["password"], "Au moins 10 caractères.");

    let garbage = t
        .http
        .post("/api/v1/utilisateurs")
        .header("Authorization", format!("Bearer {token}"))
        .content_type("application/json")
        .body("{pas du json")
        .send()
        .await;
    garbage.assert_status(StatusCode::BAD_REQUEST);
    let body: serde_json::Value = garbage.json().await.value().deserialize();
    assert_eq!(body["success"], false);
    assert_eq!(t.count("SELECT count(*) FROM users").await, 2);
    // The API's change is in the same audit trail as the pages'.
    assert_eq!(t.count("SELECT count(*) FROM audit_log WHERE kind = 'utilisateur.cree' AND actor = 'admin'").await, 1);
}

#[tokio::test]
async fn settings_and_check_through_the_api() {
    let t = spawn_ready().await;
    let token = admin_token(&t).await;
    let auth = format!("Bearer {token}");
    let get = t.http.get("/api/v1/parametres").header("Authorization", &auth).send().await;
    let mut settings: serde_json::Value = get.json().await.value().deserialize();
    let mut data = settings["data"].take();
    data["name"] = json!("Fée Maison");
    let put = t.http.put("/api/v1/parametres").header("Authorization", &auth).body_json(&data).send().await;
    put.assert_status_is_ok();
    assert_eq!(t.app.settings().name, "Fée Maison");
    data["timezone"] = json!("Nulle/Part");
    let bad = t.http.put("/api/v1/parametres").header("Authorization", &auth).body_json(&data).send().await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let check = t.http.get("/api/v1/controle").header("Authorization", &auth).send().await;
    let body: serde_json::Value = check.json().await.value().deserialize();
    assert_eq!(body["data"]["ok"], true);
    // Recorded as the admin's page records it; `complet=true` is `fournil check --full`.
    let full = t.http.get("/api/v1/controle").query("complet", &true).header("Authorization", &auth).send().await;
    let body: serde_json::Value = full.json().await.value().deserialize();
    assert_eq!(body["data"]["ok"], true);
    assert_eq!(t.count("SELECT count(*) FROM check_runs WHERE origin = 'page' AND full = 0").await, 1);
    assert_eq!(t.count("SELECT count(*) FROM check_runs WHERE origin = 'page' AND full = 1").await, 1);
}
