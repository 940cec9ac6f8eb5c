//! First run: no default credentials; a one-time code from the log creates the admin.

use crate::support::*;
use fournil::auth::ops;

async fn setup_code(t: &TestApp) -> String {
    t.app.db.write(ops::pending_setup_code).await.unwrap().expect("a code while nobody exists")
}

#[tokio::test]
async fn every_page_leads_to_setup_until_an_admin_exists() {
    let t = spawn().await;
    let mut b = t.browser();
    for path in ["/", "/connexion", "/admin/utilisateurs", "/compte"] {
        b.get(path).await.assert_redirect("/setup");
    }
    // Health and embedded files stay reachable for monitoring.
    assert_eq!(b.get("/healthz").await.status, 200);
    assert_eq!(t.count("SELECT count(*) FROM users").await, 0);
}

#[tokio::test]
async fn the_setup_code_creates_the_admin_and_signs_in() {
    let t = spawn().await;
    let code = setup_code(&t).await;
    let mut b = t.browser();
    b.get("/setup").await.assert_contains("Code d'installation");
    let page = b
        .post(
            "/setup",
            &[
                ("code", &code),
                ("username", "samia"),
                ("display_name", "Samia Benali"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    page.assert_redirect("/?ok=bienvenue");
    let home = b.get("/?ok=bienvenue").await;
    home.assert_contains("Bonjour Samia Benali");
    home.assert_contains("Votre compte administrateur est créé");
    // The code is spent: setup now sends people to the login page.
    b.get("/setup").await.assert_redirect("/connexion");
    assert_eq!(t.count("SELECT count(*) FROM system_state WHERE key = 'setup_code'").await, 0);
    assert!(t.audit_kinds().await.contains(&"installation.terminee".to_string()));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_wrong_code_or_a_weak_password_creates_nothing() {
    let t = spawn().await;
    let code = setup_code(&t).await;
    let mut b = t.browser();
    b.get("/setup").await;
    let wrong = b
        .post(
            "/setup",
            &[
                ("code", "0000-0000-0000"),
                ("username", "samia"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    wrong.assert_contains("Code d'installation incorrect");
    let weak = b
        .post("/setup", &[("code", &code), ("username", "samia"), ("password", "court"), ("password_confirm", "court")])
        .await;
    assert_eq!(weak.status, 422);
    weak.assert_contains("Au moins 10 caractères");
    // What was typed comes back, except passwords.
    weak.assert_contains("value=\"samia\"");
    let mismatch = b
        .post(
            "/setup",
            &[("code", &code), ("username", "samia"), ("password", PASSWORD), ("password_confirm", "autre-chose-1234")],
        )
        .await;
    assert_eq!(mismatch.status, 422);
    mismatch.assert_contains("ne sont pas identiques");
    let missing = b.post("/setup", &[("code", &code), ("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(missing.status, 422);
    missing.assert_contains("Le nom d'utilisateur est obligatoire");
    assert_eq!(t.count("SELECT count(*) FROM users").await, 0);
}

#[tokio::test]
async fn setup_refuses_a_form_without_its_csrf_token() {
    let t = spawn().await;
    let code = setup_code(&t).await;
    let mut b = t.browser();
    b.get("/setup").await;
    let forged = b
        .post(
            "/setup",
            &[
                ("_csrf", "forged"),
                ("code", &code),
                ("username", "x1"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(forged.status, 403);
    forged.assert_contains("Le formulaire a expiré");
    assert_eq!(t.count("SELECT count(*) FROM users").await, 0);
}
