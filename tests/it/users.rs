//! Administration: users, roles and permissions, tokens, audit trail, settings.

use crate::support::*;

fn new_user<'a>(name: &'a str, role: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("username", name),
        ("display_name", "Nadia"),
        ("role_id", role),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ]
}

#[tokio::test]
async fn an_admin_creates_a_vendeuse_who_sees_only_her_part() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/admin/utilisateurs/nouveau").await.assert_contains("Vendeuse");
    admin
        .post("/admin/utilisateurs/nouveau", &new_user("nadia", "3"))
        .await
        .assert_redirect("/admin/utilisateurs/2?ok=utilisateur-cree");
    admin.get("/admin/utilisateurs").await.assert_contains("nadia");

    let mut nadia = t.browser();
    nadia.login("nadia", PASSWORD).await.assert_redirect("/");
    let home = nadia.get("/").await;
    home.assert_contains("Bonjour Nadia");
    assert!(!home.body.contains("/admin/utilisateurs"), "the menu shows only what she may open");
    let forbidden = nadia.get("/admin/utilisateurs").await;
    assert_eq!(forbidden.status, 403);
    forbidden.assert_contains("Accès refusé");
    assert_eq!(nadia.post("/admin/utilisateurs/nouveau", &new_user("pirate", "1")).await.status, 403);
    assert_eq!(t.count("SELECT count(*) FROM users").await, 2);
    assert!(t.audit_kinds().await.contains(&"utilisateur.cree".to_string()));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn bad_user_forms_come_back_with_messages_and_save_nothing() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/admin/utilisateurs/nouveau").await;
    let duplicate = admin.post("/admin/utilisateurs/nouveau", &new_user("ADMIN", "3")).await;
    assert_eq!(duplicate.status, 422);
    duplicate.assert_contains("Ce nom d'utilisateur est déjà pris.");
    let forged_role = admin.post("/admin/utilisateurs/nouveau", &new_user("nadia", "99")).await;
    assert_eq!(forged_role.status, 422);
    forged_role.assert_contains("Rôle inconnu.");
    let not_a_role = admin.post("/admin/utilisateurs/nouveau", &new_user("nadia", "1 OR 1=1")).await;
    assert_eq!(not_a_role.status, 422);
    let missing = admin
        .post(
            "/admin/utilisateurs/nouveau",
            &[("role_id", "3"), ("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert_eq!(missing.status, 422);
    missing.assert_contains("Le nom d'utilisateur est obligatoire.");
    let mut weak = new_user("nadia", "3");
    weak[3] = ("password", "123456789");
    weak[4] = ("password_confirm", "123456789");
    admin.post("/admin/utilisateurs/nouveau", &weak).await.assert_contains("Au moins 10 caractères.");
    assert_eq!(t.count("SELECT count(*) FROM users").await, 1);
}

#[tokio::test]
async fn disabling_a_user_ends_her_sessions_and_tokens_at_once() {
    let t = spawn_ready().await;
    let mut nadia = t.signed_in("nadia", "vendeuse").await;
    let mut admin = t.admin().await;
    admin.get("/admin/utilisateurs/2").await;
    let created = admin.post("/admin/utilisateurs/2/jetons", &[("token_name", "balance")]).await;
    created.assert_contains("il ne sera plus affiché");
    let secret = created.body.split("id=\"new-token\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    assert!(secret.starts_with("fnl_"));
    let me = t.http.get("/api/v1/me").header("Authorization", format!("Bearer {secret}")).send().await;
    me.assert_status_is_ok();

    admin
        .post("/admin/utilisateurs/2/desactiver", &[])
        .await
        .assert_redirect("/admin/utilisateurs/2?ok=utilisateur-desactive");
    nadia.get("/").await.assert_redirect("/connexion");
    let me = t.http.get("/api/v1/me").header("Authorization", format!("Bearer {secret}")).send().await;
    me.assert_status(poem::http::StatusCode::UNAUTHORIZED);
    // Re-enabled, she signs in again; the token stays revoked.
    admin
        .post("/admin/utilisateurs/2/activer", &[])
        .await
        .assert_redirect("/admin/utilisateurs/2?ok=utilisateur-active");
    t.browser().login("nadia", PASSWORD).await.assert_redirect("/");
    assert_eq!(t.count("SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL").await, 0);
}

#[tokio::test]
async fn the_last_active_admin_can_be_neither_disabled_nor_demoted() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/admin/utilisateurs/1").await;
    let own = admin.post("/admin/utilisateurs/1/desactiver", &[]).await;
    assert_eq!(own.status, 409);
    own.assert_contains("votre propre compte");
    let demote = admin.post("/admin/utilisateurs/1", &[("username", "admin"), ("role_id", "2")]).await;
    assert_eq!(demote.status, 409);
    demote.assert_contains("dernier administrateur actif");
    // With a second admin, the first may step down.
    t.user_with_role("karim", "admin").await;
    admin
        .post("/admin/utilisateurs/1", &[("username", "admin"), ("display_name", "Ancienne admin"), ("role_id", "2")])
        .await
        .assert_redirect("/admin/utilisateurs/1?ok=utilisateur-modifie");
    // A change of role ends her sessions: she signs in again with the new rights.
    admin.get("/").await.assert_redirect("/connexion");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn what_a_role_may_do_is_edited_and_enforced_at_once() {
    let t = spawn_ready().await;
    let mut nadia = t.signed_in("nadia", "vendeuse").await;
    assert_eq!(nadia.get("/admin/journal-audit").await.status, 403);
    let mut admin = t.admin().await;
    admin.get("/admin/roles/3").await.assert_contains("Consulter le journal d'audit");
    admin
        .post("/admin/roles/3", &[("name", "Vendeuse"), ("description", "Comptoir"), ("permission", "audit.voir")])
        .await
        .assert_redirect("/admin/roles/3?ok=role-modifie");
    let home = nadia.get("/").await;
    home.assert_contains("href=\"/admin/journal-audit\"");
    assert_eq!(nadia.get("/admin/journal-audit").await.status, 200);
    // A forged permission code is refused and changes nothing.
    let forged = admin.post("/admin/roles/3", &[("name", "Vendeuse"), ("permission", "tout.faire")]).await;
    assert_eq!(forged.status, 422);
    forged.assert_contains("Droit inconnu");
    assert_eq!(nadia.get("/admin/journal-audit").await.status, 200);
    // Renaming gives no rights: the superuser flag is explicit, never inferred from a name.
    admin.post("/admin/roles/3", &[("name", "admin")]).await;
    assert_eq!(nadia.get("/admin/journal-audit").await.status, 403);
    assert_eq!(nadia.get("/admin/utilisateurs").await.status, 403);
    let duplicate = admin.post("/admin/roles/3", &[("name", "Gérante")]).await;
    assert_eq!(duplicate.status, 422);
    duplicate.assert_contains("Un autre rôle porte déjà ce nom.");
}

#[tokio::test]
async fn the_audit_trail_records_before_and_after_and_filters() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/admin/parametres").await;
    admin
        .post(
            "/admin/parametres",
            &[
                ("name", "Fée Maison"),
                ("nif", "000116012345678"),
                ("timezone", "Africa/Algiers"),
                ("day_start_hour", "4"),
            ],
        )
        .await
        .assert_redirect("/admin/parametres?ok=parametres");
    let page = admin.get("/admin/journal-audit?kind=parametres.modifies").await;
    page.assert_contains("Paramètres de la boutique modifiés.");
    page.assert_contains("Ma boulangerie");
    page.assert_contains("Fée Maison");
    assert!(!page.body.contains("s'est connecté"), "filtered by kind");
    let by_user = admin.get("/admin/journal-audit?user=1").await;
    by_user.assert_contains("s'est connecté");
    let today = admin.get("/admin/journal-audit?du=2026-11-24&au=2026-11-24").await;
    today.assert_contains("Fée Maison");
    let tomorrow = admin.get("/admin/journal-audit?du=2026-11-25").await;
    tomorrow.assert_contains("Aucun événement");
    let bad = admin.get("/admin/journal-audit?du=31/02/2026&kind=pirate").await;
    assert_eq!(bad.status, 422);
    bad.assert_contains("Date invalide");
    bad.assert_contains("Événement inconnu.");
    // The trail cannot be rewritten, not even with SQL.
    let tampered = t.app.db.write(|tx| Ok(tx.execute("DELETE FROM audit_log", [])?)).await;
    assert!(tampered.is_err());
    let edited = t.app.db.write(|tx| Ok(tx.execute("UPDATE audit_log SET actor = 'x'", [])?)).await;
    assert!(edited.is_err());
}

#[tokio::test]
async fn bad_settings_come_back_beside_their_fields() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/admin/parametres").await;
    let bad = admin
        .post(
            "/admin/parametres",
            &[("name", ""), ("timezone", "Mars/Olympus"), ("day_start_hour", "30"), ("nif", "abc")],
        )
        .await;
    assert_eq!(bad.status, 422);
    bad.assert_contains("Le nom de la boutique est obligatoire.");
    bad.assert_contains("Fuseau horaire inconnu");
    bad.assert_contains("Une heure entre 0 et 12.");
    bad.assert_contains("Chiffres seulement.");
    assert_eq!(t.app.settings().name, "Ma boulangerie");
    assert!(!t.audit_kinds().await.contains(&"parametres.modifies".to_string()));
}

#[tokio::test]
async fn an_admin_reset_ends_the_users_sessions() {
    let t = spawn_ready().await;
    let mut nadia = t.signed_in("nadia", "vendeuse").await;
    let mut admin = t.admin().await;
    admin.get("/admin/utilisateurs/2").await;
    let weak = admin.post("/admin/utilisateurs/2/mot-de-passe", &[("password", "x"), ("password_confirm", "x")]).await;
    assert_eq!(weak.status, 422);
    let fresh = "galette-des-rois-7";
    admin
        .post("/admin/utilisateurs/2/mot-de-passe", &[("password", fresh), ("password_confirm", fresh)])
        .await
        .assert_redirect("/admin/utilisateurs/2?ok=mot-de-passe-reinitialise");
    nadia.get("/").await.assert_redirect("/connexion");
    t.browser().login("nadia", fresh).await.assert_redirect("/");
}

#[tokio::test]
async fn unknown_ids_answer_a_french_404() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let page = admin.get("/admin/utilisateurs/999").await;
    assert_eq!(page.status, 404);
    page.assert_contains("Page introuvable");
    assert_eq!(admin.get("/nulle-part").await.status, 404);
    assert_eq!(admin.get("/admin/utilisateurs/abc").await.status, 400);
}
