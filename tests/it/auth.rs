//! Signing in and out, sessions, throttling, CSRF, one's own password.

use chrono::Duration;
use fournil::auth::login;

use crate::support::*;

#[tokio::test]
async fn wrong_name_wrong_password_and_disabled_account_read_the_same() {
    let t = spawn_ready().await;
    t.user_with_role("nadia", "vendeuse").await;
    let mut b = t.browser();
    let wrong_password = b.login("admin", "pas-le-bon-mot-de-passe").await;
    let unknown_name = b.login("personne", PASSWORD).await;
    assert_eq!(wrong_password.status, 422);
    assert_eq!(unknown_name.status, 422);
    let mut admin = t.admin().await;
    admin.get("/admin/utilisateurs/2").await;
    admin
        .post("/admin/utilisateurs/2/desactiver", &[])
        .await
        .assert_redirect("/admin/utilisateurs/2?ok=utilisateur-desactive");
    let disabled = b.login("nadia", PASSWORD).await;
    assert_eq!(disabled.status, 422);
    for page in [&wrong_password, &unknown_name, &disabled] {
        page.assert_contains("Nom d'utilisateur ou mot de passe incorrect.");
    }
    assert!(!b.cookies.contains_key("fournil_session"));
}

#[tokio::test]
async fn login_returns_to_the_page_asked_for_but_never_elsewhere() {
    let t = spawn_ready().await;
    let mut b = t.browser();
    b.get("/admin/roles").await.assert_redirect("/connexion?suivant=/admin/roles");
    b.get("/connexion?suivant=/admin/roles").await;
    b.post("/connexion", &[("username", "admin"), ("password", PASSWORD), ("suivant", "/admin/roles")])
        .await
        .assert_redirect("/admin/roles");
    let mut c = t.browser();
    c.get("/connexion").await;
    c.post("/connexion", &[("username", "admin"), ("password", PASSWORD), ("suivant", "//evil.example/")])
        .await
        .assert_redirect("/");
}

#[tokio::test]
async fn five_failures_lock_the_name_for_fifteen_minutes() {
    let t = spawn_ready().await;
    let mut b = t.browser();
    for _ in 0..login::MAX_PER_NAME {
        assert_eq!(b.login("admin", "mauvais-mot-de-passe").await.status, 422);
    }
    // Even the right password is refused while locked, with a clear message.
    let locked = b.login("admin", PASSWORD).await;
    assert_eq!(locked.status, 429);
    locked.assert_contains("Trop de tentatives. Réessayez dans 15 minute(s).");
    // A name that does not exist locks the same way: no enumeration through the lock.
    for _ in 0..login::MAX_PER_NAME {
        b.login("fantome", "mauvais-mot-de-passe").await;
    }
    b.login("fantome", "x").await.assert_contains("Trop de tentatives");
    t.advance(Duration::minutes(16));
    b.login("admin", PASSWORD).await.assert_redirect("/");
}

#[tokio::test]
async fn one_address_is_throttled_across_names() {
    let t = spawn_ready().await;
    for i in 0..login::MAX_PER_IP {
        let r = login::login(&t.app, &format!("essai{i}"), "mauvais", "192.0.2.7", "test").await;
        assert!(r.is_err());
    }
    let from_there = login::login(&t.app, "admin", PASSWORD, "192.0.2.7", "test").await;
    assert!(matches!(from_there, Err(fournil::error::AppError::Throttled { .. })), "{from_there:?}");
    // Another address is not affected.
    assert!(login::login(&t.app, "admin", PASSWORD, "192.0.2.8", "test").await.is_ok());
}

#[tokio::test]
async fn logout_revokes_the_session_on_the_server() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let stolen = b.cookies.clone();
    b.get("/").await;
    b.post("/deconnexion", &[]).await.assert_redirect("/connexion");
    assert!(!b.cookies.contains_key("fournil_session"));
    // Replaying the old cookie gets nowhere: the session no longer exists.
    let mut replay = t.browser();
    replay.cookies = stolen;
    replay.get("/admin/utilisateurs").await.assert_redirect("/connexion?suivant=/admin/utilisateurs");
    assert!(t.audit_kinds().await.contains(&"session.deconnexion".to_string()));
}

#[tokio::test]
async fn sessions_slide_with_use_and_expire_when_idle() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    // A till used all day: every few hours of activity pushes the expiry forward.
    for _ in 0..4 {
        t.advance(Duration::hours(8));
        assert_eq!(b.get("/").await.status, 200);
    }
    // Left idle past the limit (12 h), it expires.
    t.advance(Duration::hours(13));
    b.get("/compte").await.assert_redirect("/connexion?suivant=/compte");
    b.get("/connexion").await.assert_contains("Votre session a expiré");
}

#[tokio::test]
async fn a_page_left_open_all_day_still_submits() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    b.get("/compte").await;
    let token = b.csrf.clone().unwrap();
    for _ in 0..3 {
        t.advance(Duration::hours(5));
        b.get("/").await;
    }
    let r = b
        .post(
            "/compte/mot-de-passe",
            &[
                ("_csrf", &token),
                ("current", PASSWORD),
                ("password", "pain-au-chocolat-9"),
                ("password_confirm", "pain-au-chocolat-9"),
            ],
        )
        .await;
    r.assert_redirect("/compte?ok=mot-de-passe");
}

#[tokio::test]
async fn state_changes_need_the_session_csrf_token() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    b.get("/admin/parametres").await;
    let good = b.csrf.clone().unwrap();
    let form = [("name", "Fée Maison"), ("timezone", "Africa/Algiers"), ("day_start_hour", "4")];
    // No token at all.
    b.csrf = None;
    let none = b.post("/admin/parametres", &form).await;
    assert_eq!(none.status, 403);
    none.assert_contains("Le formulaire a expiré");
    // Another session's token.
    let other = t.admin().await;
    b.csrf = other.csrf.clone();
    assert_eq!(b.post("/admin/parametres", &form).await.status, 403);
    assert_eq!(t.app.settings().name, "Ma boulangerie");
    // htmx sends it as a header instead of a field.
    b.csrf = None;
    b.hx = true;
    let resp = t
        .http
        .post("/admin/parametres")
        .header("cookie", format!("fournil_session={}", b.cookies["fournil_session"]))
        .header("X-CSRF-Token", &good)
        .header("HX-Request", "true")
        .form(&form)
        .send()
        .await;
    resp.assert_status_is_ok();
    resp.assert_header("HX-Redirect", "/admin/parametres?ok=parametres");
    assert_eq!(t.app.settings().name, "Fée Maison");
}

#[tokio::test]
async fn changing_my_password_needs_the_current_one_and_closes_my_other_sessions() {
    let t = spawn_ready().await;
    let mut tablet = t.admin().await;
    let mut office = t.admin().await;
    office.get("/compte").await;
    let new = "pain-au-chocolat-9";
    let wrong = office
        .post("/compte/mot-de-passe", &[("current", "pas-le-bon"), ("password", new), ("password_confirm", new)])
        .await;
    assert_eq!(wrong.status, 422);
    wrong.assert_contains("Mot de passe actuel incorrect");
    let weak = office
        .post("/compte/mot-de-passe", &[("current", PASSWORD), ("password", "court"), ("password_confirm", "court")])
        .await;
    assert_eq!(weak.status, 422);
    weak.assert_contains("Au moins 10 caractères");
    office
        .post("/compte/mot-de-passe", &[("current", PASSWORD), ("password", new), ("password_confirm", new)])
        .await
        .assert_redirect("/compte?ok=mot-de-passe");
    // This session stays; the tablet's ends; the old password no longer works.
    assert_eq!(office.get("/compte").await.status, 200);
    tablet.get("/compte").await.assert_redirect("/connexion?suivant=/compte");
    assert_eq!(t.browser().login("admin", PASSWORD).await.status, 422);
    t.browser().login("admin", new).await.assert_redirect("/");
}

#[tokio::test]
async fn htmx_requests_without_a_session_are_sent_to_login() {
    let t = spawn_ready().await;
    let mut b = t.browser();
    b.hx = true;
    let page = b.get("/admin/utilisateurs").await;
    assert_eq!(page.status, 401);
    assert_eq!(page.header("HX-Redirect"), Some("/connexion?suivant=/admin/utilisateurs"));
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let t = spawn_ready().await;
    let page = t.browser().get("/connexion").await;
    assert!(page.header("content-security-policy").unwrap().contains("default-src 'self'"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    let cookie = page.header("set-cookie").unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
}
