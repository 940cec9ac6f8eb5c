//! The deliveries' pages as the shop uses them: the gérante sets up a zone and a deliveryman,
//! gives two orders their zone, sends them out; at the till the vendeuse settles the run with
//! one refused stop, the deliveryman short; his debt goes to zero with a payment. Refusals stay
//! beside their field, nothing saved.

use fournil::people::AttendanceMode;
use poem::http::StatusCode;

use crate::deliveries::{Rounds, rounds};
use crate::support::*;

async fn ready_without_zone(r: &Rounds, token: &str) -> i64 {
    let b = &r.b;
    let mut d = b.draft(&format!("commande-{token}"), vec![crate::orders::line(b.cake, 1, "")], None);
    d.service = fournil::orders::Service::Delivery;
    d.address = "8 chemin Poirson, El Biar".into();
    let id = b.create(&b.seller, d).await.unwrap();
    b.make(id).await.unwrap();
    b.receive(id).await.unwrap();
    id
}

async fn stop_of(r: &Rounds, order: i64) -> String {
    let sql = "SELECT id FROM delivery_stops WHERE order_id = ?1";
    let id: i64 = r.b.t.app.db.read(move |c| Ok(c.query_row(sql, [order], |x| x.get(0))?)).await.unwrap();
    id.to_string()
}

#[tokio::test]
async fn a_run_goes_out_is_settled_at_the_till_and_the_debt_is_paid() {
    let r = rounds().await;
    let mut boss = r.b.t.browser();
    boss.login("samia", PASSWORD).await.assert_redirect("/");
    boss.get("/livraisons/zones").await.assert_contains("À qui vont les frais");
    // A zone, typed badly then right.
    let bad = boss.post("/livraisons/zones", &[("name", "El Biar"), ("fee", "deux cents"), ("max_fee", "")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Montant invalide");
    boss.post("/livraisons/zones", &[("name", "El Biar"), ("fee", "250"), ("max_fee", "")])
        .await
        .assert_redirect("/livraisons/zones?ok=zone");
    boss.get("/livraisons/zones").await.assert_contains("El Biar");
    let men = boss.get("/livraisons/livreurs").await;
    men.assert_contains("Karim");
    let token = "livreur-web-0001";
    let made = boss
        .post(
            "/livraisons/livreurs",
            &[
                ("name", "Sofiane"),
                ("phone", "0661 00 11 22"),
                ("kind", "personnel"),
                ("commission_pct", ""),
                ("employee_id", ""),
                ("token", token),
            ],
        )
        .await;
    made.assert_redirect("/livraisons/livreurs?ok=livreur");
    let sofiane = r.b.t.count("SELECT id FROM deliverymen WHERE name = 'Sofiane'").await.to_string();
    // Two orders get their zone (the fee from the zone), then leave together.
    let (one, two) = (ready_without_zone(&r, "web-1").await, ready_without_zone(&r, "web-2").await);
    let zone = r.b.t.count("SELECT id FROM delivery_zones WHERE name = 'El Biar'").await.to_string();
    boss.get(&format!("/commandes/{one}")).await.assert_contains(&format!("/livraisons/commandes/{one}"));
    for id in [one, two] {
        boss.post(&format!("/livraisons/commandes/{id}"), &[("zone_id", &zone), ("fee", "")])
            .await
            .assert_redirect("/livraisons/tournees?ok=livraison-commande");
    }
    let board = boss.get("/livraisons/tournees").await;
    board.assert_contains("Commandes prêtes à livrer");
    let (o1, o2) = (one.to_string(), two.to_string());
    let none = boss.post("/livraisons/tournees", &[("deliveryman_id", &sofiane), ("token", "tournee-web-1")]).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    none.assert_contains("Cochez au moins une commande");
    let sent = boss
        .post(
            "/livraisons/tournees",
            &[("deliveryman_id", &sofiane), ("order", &o1), ("order", &o2), ("token", "tournee-web-2")],
        )
        .await;
    let run = r.b.t.count("SELECT max(id) FROM delivery_runs").await;
    sent.assert_redirect(&format!("/livraisons/tournees/{run}?ok=tournee"));
    assert_eq!(r.b.t.count("SELECT count(*) FROM print_jobs WHERE source_type = 'delivery_run'").await, 1);

    // At the till: the first delivered, the second refused; 1 200 DA handed in for 1 500.
    let mut till = r.b.t.browser();
    till.login("amina", PASSWORD).await.assert_redirect("/");
    let page = till.get(&format!("/livraisons/tournees/{run}")).await;
    page.assert_contains("Régler la tournée");
    let stops = [stop_of(&r, one).await, stop_of(&r, two).await];
    let (k1, k2) = (format!("stops.{}", stops[0]), format!("stops.{}", stops[1]));
    let url = format!("/livraisons/tournees/{run}/regler");
    let typo = till
        .post(&url, &[(&k1, "livree"), (&k2, "refusee"), ("counted", "mille deux cents"), ("token", "reglement-web-1")])
        .await;
    assert_eq!(typo.status, StatusCode::UNPROCESSABLE_ENTITY);
    typo.assert_contains("Montant invalide");
    assert_eq!(r.b.t.count("SELECT count(*) FROM delivery_runs WHERE status = 'reglee'").await, 0);
    till.post(&url, &[(&k1, "livree"), (&k2, "refusee"), ("counted", "1200"), ("token", "reglement-web-2")])
        .await
        .assert_redirect(&format!("/livraisons/tournees/{run}?ok=tournee-reglee"));
    let twice =
        till.post(&url, &[(&k1, "livree"), (&k2, "refusee"), ("counted", "1500"), ("token", "reglement-web-3")]).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    twice.assert_contains("déjà réglée");
    let debts = till.get("/livraisons/dettes").await;
    debts.assert_contains("Sofiane");
    debts.assert_contains("300,00 DA");
    let pay = format!("/livraisons/livreurs/{sofiane}/paiements");
    let over = till.post(&pay, &[("amount", "400"), ("token", "paiement-web-1")]).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    over.assert_contains("ne doit que 300,00 DA");
    till.post(&pay, &[("amount", "300"), ("token", "paiement-web-2")])
        .await
        .assert_redirect("/livraisons/dettes?ok=paiement-livreur");
    assert_eq!(r.owed(sofiane.parse().unwrap()).await.cents(), 0);
    // His phone page and the report.
    boss.get(&format!("/livraisons/livreurs/{sofiane}/jour")).await.assert_contains("Aucune tournée en cours");
    boss.get("/livraisons/rapport").await.assert_contains("Sofiane");
    r.b.t.assert_check_passes().await;
}

#[tokio::test]
async fn a_seller_may_not_raise_a_fee_above_the_cap_nor_send_a_run() {
    let r = rounds().await;
    let id = ready_without_zone(&r, "web-cap").await;
    let mut till = r.b.t.browser();
    till.login("amina", PASSWORD).await.assert_redirect("/");
    let zone = r.zone.to_string();
    till.get(&format!("/livraisons/commandes/{id}")).await.assert_contains("Hydra");
    let page = till.post(&format!("/livraisons/commandes/{id}"), &[("zone_id", &zone), ("fee", "900")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("au-delà du plafond");
    assert_eq!(r.b.t.count("SELECT count(*) FROM order_deliveries").await, 0);
    let sent = till.post("/livraisons/tournees", &[("deliveryman_id", "1"), ("order", &id.to_string())]).await;
    assert_eq!(sent.status, StatusCode::FORBIDDEN);
    r.b.t.assert_check_passes().await;
}

/// The link a page shows once, and its path.
fn shown_link(body: &str) -> (String, String) {
    let url = body
        .split("id=\"phone-url\"")
        .nth(1)
        .and_then(|v| v.split("value=\"").nth(1))
        .and_then(|v| v.split('"').next());
    let url = url.expect("the page shows the link").to_string();
    let path = url.split_once("/l/").map(|(_, k)| format!("/l/{k}")).expect("a /l/ link");
    (url, path)
}

/// The gérante makes Karim a phone link: it opens his run of the day without an account, shows
/// the amounts to collect and no menu; a new link replaces it, withdrawing it closes it; a
/// cashier may not make one.
#[tokio::test]
async fn a_deliveryman_opens_his_run_on_his_phone_through_a_link() {
    let r = rounds().await;
    let order = r.ready("tel-1", 2, Some(1000)).await;
    r.assign(r.karim, vec![order], "tournee-tel-1").await.unwrap();
    let mut boss = r.b.t.browser();
    boss.login("samia", PASSWORD).await.assert_redirect("/");
    let page = boss.get(&format!("/livraisons/livreurs/{}", r.karim)).await;
    page.assert_contains("Aucun lien actif.");
    let made = boss.post(&format!("/livraisons/livreurs/{}/lien", r.karim), &[]).await;
    made.assert_contains("il ne sera plus affiché");
    let (url, path) = shown_link(&made.body);
    assert!(url.starts_with("http://") && path.len() == "/l/".len() + 32, "{url}");
    assert_eq!(r.b.t.count("SELECT count(*) FROM deliverymen WHERE phone_key_hash IS NOT NULL").await, 1);

    // On his phone, signed in as nobody.
    let mut phone = r.b.t.browser();
    let his = phone.get(&path).await;
    assert_eq!(his.status, StatusCode::OK);
    his.assert_contains("Tournée de Karim");
    his.assert_contains("5 rue des Pins, Hydra");
    his.assert_contains("À encaisser");
    assert!(!his.body.contains("Menu principal"), "no menu for a link");
    assert_eq!(phone.get("/l/0123456789abcdef0123456789abcdef").await.status, StatusCode::NOT_FOUND);

    // A new link replaces the old; withdrawing closes it.
    let again = boss.post(&format!("/livraisons/livreurs/{}/lien", r.karim), &[]).await;
    assert_eq!(phone.get(&path).await.status, StatusCode::NOT_FOUND, "the old link stopped working");
    let (_, path2) = shown_link(&again.body);
    assert_eq!(phone.get(&path2).await.status, StatusCode::OK);
    boss.post(&format!("/livraisons/livreurs/{}/lien/retirer", r.karim), &[])
        .await
        .assert_redirect(&format!("/livraisons/livreurs/{}", r.karim));
    assert_eq!(phone.get(&path2).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        r.b.t.count("SELECT count(*) FROM audit_log WHERE summary LIKE '%lien de téléphone%'").await,
        3,
        "two links made, one withdrawn"
    );

    let mut till = r.b.t.browser();
    till.login("amina", PASSWORD).await.assert_redirect("/");
    assert_eq!(till.post(&format!("/livraisons/livreurs/{}/lien", r.karim), &[]).await.status, StatusCode::FORBIDDEN);
    r.b.t.assert_check_passes().await;
}

fn man_form<'a>(name: &'a str, employee: &'a str, token: &'a str) -> [(&'static str, &'a str); 6] {
    [
        ("name", name),
        ("phone", "0550 44 55 66"),
        ("kind", "personnel"),
        ("commission_pct", ""),
        ("employee_id", employee),
        ("token", token),
    ]
}

/// Issue #14 item 1: a deliveryman of the shop's staff linked to his employee record. The link is
/// saved and shown on his page; an employee that does not exist, or one already another
/// deliveryman, is refused beside the field and nothing is saved.
#[tokio::test]
async fn a_deliveryman_is_linked_to_his_employee_record_and_an_unknown_one_is_refused() {
    let r = rounds().await;
    let nabil = crate::payroll::employee(&r.b.t, "Nabil Ferhat", 40_000, AttendanceMode::Clock).await;
    let mut boss = r.b.t.browser();
    boss.login("samia", PASSWORD).await.assert_redirect("/");
    boss.get("/livraisons/livreurs").await.assert_contains("Nabil Ferhat");
    let before = r.b.t.count("SELECT count(*) FROM deliverymen").await;
    let unknown = boss.post("/livraisons/livreurs", &man_form("Nabil", "999999", "livreur-lien-01")).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    unknown.assert_contains("aria-invalid=\"true\"");
    unknown.assert_contains("<small class=\"error\">Employé inconnu.</small>");
    assert_eq!(r.b.t.count("SELECT count(*) FROM deliverymen").await, before);

    let id = nabil.to_string();
    boss.post("/livraisons/livreurs", &man_form("Nabil", &id, "livreur-lien-02"))
        .await
        .assert_redirect("/livraisons/livreurs?ok=livreur");
    let man = r.b.t.count("SELECT id FROM deliverymen WHERE name = 'Nabil'").await;
    assert_eq!(r.b.t.count("SELECT employee_id FROM deliverymen WHERE name = 'Nabil'").await, nabil);
    let page = boss.get(&format!("/livraisons/livreurs/{man}")).await;
    page.assert_contains(&format!("<option value=\"{nabil}\" selected>Nabil Ferhat</option>"));

    // The same employee cannot be a second deliveryman.
    let again = boss.post("/livraisons/livreurs", &man_form("Nabil bis", &id, "livreur-lien-03")).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    again.assert_contains("Cet employé est déjà le livreur « Nabil »");
    assert_eq!(r.b.t.count("SELECT count(*) FROM deliverymen").await, before + 1);
    r.b.t.assert_check_passes().await;
}
