//! The till screen over HTTP: the page, the priced cart, the checkout and its replay, refusals
//! shown in the payment panel, parked tickets.

use poem::http::StatusCode;

use crate::support::*;

fn cart_json(product: i64, pieces: i64) -> String {
    format!(r#"{{"lines":[{{"product_id":{product},"qty":{}}}]}}"#, pieces * 1000)
}

#[tokio::test]
async fn the_till_sells_through_its_screen_and_a_replay_records_one_ticket() {
    let (t, _v, croissant) = shop().await;
    let mut b = t.browser();
    b.login("amina", PASSWORD).await;
    let page = b.get("/caisse").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Croissant");
    page.assert_contains("20 pièces");
    page.assert_contains("Encaisser");
    b.hx = true;

    let priced = b.post("/caisse/panier", &[("cart", &cart_json(croissant, 3))]).await;
    priced.assert_contains("120,00 DA");
    let too_many = b.post("/caisse/panier", &[("cart", &cart_json(croissant, 25))]).await;
    too_many.assert_contains("Stock insuffisant");
    // A product the tablet kept but the shop archived: said in place of the lines.
    let gone = b.post("/caisse/panier", &[("cart", &cart_json(999, 1))]).await;
    assert_eq!(gone.status, StatusCode::OK);
    gone.assert_contains("inconnu ou pas à vendre");
    gone.assert_contains("Vider le ticket");
    // A price sent by the tablet is ignored: the catalogue's is used.
    let forged = format!(r#"{{"lines":[{{"product_id":{croissant},"qty":1000,"price":1}}]}}"#);
    b.post("/caisse/panier", &[("cart", &forged)]).await.assert_contains("40,00 DA");

    let form = |token: &'static str, cart: String, pay: &'static str| {
        vec![("cart", cart), ("payments", pay.to_string()), ("token", token.to_string()), ("till_id", "1".to_string())]
    };
    let pay = r#"[{"method":"especes","amount":20000}]"#;
    let f = form("till-web-token-1", cart_json(croissant, 3), pay);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = b.post("/caisse/encaisser", &f).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    done.assert_contains("T-2026-000001");
    done.assert_contains("80,00 DA");
    assert!(done.header("HX-Trigger").is_some_and(|h| h.contains("sale-done")));
    let again = b.post("/caisse/encaisser", &f).await;
    again.assert_contains("T-2026-000001");
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 1);

    let f = form("till-web-token-2", cart_json(croissant, 30), pay);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = b.post("/caisse/encaisser", &f).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    refused.assert_contains("il ne reste que 17 pièces");
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_parked_ticket_is_recalled_once() {
    let (t, _v, croissant) = shop().await;
    let mut b = t.browser();
    b.login("amina", PASSWORD).await;
    b.get("/caisse").await;
    b.hx = true;
    let parked = b.post("/caisse/attente", &[("cart", &cart_json(croissant, 2)), ("label", "Mme Benali")]).await;
    assert_eq!(parked.status, StatusCode::OK, "{}", parked.body);
    // The answer is the new count; the list is not opened by itself.
    assert_eq!(parked.body.trim(), r#"<span id="till-parked-count">1</span>"#);
    let trigger = parked.header("HX-Trigger").unwrap();
    assert!(trigger.contains("till-parked") && trigger.contains("Mme Benali"), "{trigger}");
    // Asked for, the list says what each ticket comes to, since when, and who parked it.
    let list = b.get("/caisse/attente").await;
    list.assert_contains("Mme Benali");
    list.assert_contains("80,00 DA");
    list.assert_contains("24/11/2026 09:00");
    list.assert_contains("amina");
    let id = t.count("SELECT id FROM parked_tickets").await;
    let recalled = b.post(&format!("/caisse/attente/{id}/reprendre"), &[]).await;
    assert_eq!(recalled.body.trim(), r#"<span id="till-parked-count">0</span>"#);
    let trigger = recalled.header("HX-Trigger").unwrap();
    assert!(trigger.contains("till-recalled") && trigger.contains(&format!("\"product_id\":{croissant}")), "{trigger}");
    let twice = b.post(&format!("/caisse/attente/{id}/reprendre"), &[]).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    twice.assert_contains("déjà été repris");
}

#[tokio::test]
async fn the_open_till_is_a_screen_of_its_own_with_a_thin_bar() {
    let (t, _v, _croissant) = shop().await;
    let mut b = t.browser();
    b.login("amina", PASSWORD).await;
    let page = b.get("/caisse").await;
    assert_eq!(page.status, StatusCode::OK);
    // No site menu: the till's own bar says where and who, and leads back to the menu.
    assert!(!page.body.contains("class=\"topbar\"") && !page.body.contains("Menu principal"), "{}", page.body);
    page.assert_contains("<main class=\"screen\" id=\"main\">");
    page.assert_contains("class=\"till-top\"");
    page.assert_contains(r#"<a class="button till-back" href="/" title="Retour au menu">← Menu</a>"#);
    page.assert_contains("Caisse 1</strong> · <span id=\"till-seller\">amina</span>");
    page.assert_contains("Changer de vendeuse");
    page.assert_contains("hx-get=\"/caisse/retours\"");
    // The CSRF token still travels with every htmx request.
    page.assert_contains("hx-headers=");
}

#[tokio::test]
async fn the_till_leads_to_a_customer_order_for_whoever_may_take_one() {
    let (t, _v, _croissant) = shop().await;
    let mut b = t.browser();
    b.login("amina", PASSWORD).await;
    // A vendeuse takes orders (commandes.prendre): the bar leads to the order form.
    let link = r#"<a class="button till-orders" href="/commandes/nouvelle""#;
    b.get("/caisse").await.assert_contains(link);
    assert_eq!(b.get("/commandes/nouvelle").await.status, StatusCode::OK);
    // Without that right, no such button.
    let sql = "DELETE FROM role_permissions WHERE permission = 'commandes.prendre' \
               AND role_id = (SELECT id FROM roles WHERE code = 'vendeuse')";
    t.app.db.write(move |tx| Ok(tx.execute(sql, [])?)).await.unwrap();
    let page = b.get("/caisse").await;
    assert!(!page.body.contains("till-orders"), "{}", page.body);
}

#[tokio::test]
async fn after_payment_the_ticket_itself_is_shown_not_the_sales_page() {
    let (t, _v, croissant) = shop().await;
    let mut b = t.browser();
    b.login("amina", PASSWORD).await;
    b.get("/caisse").await;
    b.hx = true;
    let form = [
        ("cart", cart_json(croissant, 2)),
        ("payments", r#"[{"method":"especes","amount":10000}]"#.to_string()),
        ("token", "receipt-token-1".to_string()),
        ("till_id", "1".to_string()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = b.post("/caisse/encaisser", &form).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let id = t.count("SELECT id FROM sales").await;
    // "Voir le ticket" asks for the receipt into the payment window, not for /ventes/{id}.
    done.assert_contains(&format!(r##"hx-get="/caisse/recu/{id}" hx-target="#till-pay-result""##));
    assert!(!done.body.contains(&format!("href=\"/ventes/{id}\"")), "{}", done.body);
    let receipt = b.get(&format!("/caisse/recu/{id}")).await;
    assert_eq!(receipt.status, StatusCode::OK);
    receipt.assert_contains("class=\"receipt\"");
    receipt.assert_contains("T-2026-000001");
    receipt.assert_contains("80,00 DA");
    receipt.assert_contains("Nouveau ticket");
    assert!(!receipt.body.contains("<html") && !receipt.body.contains("topbar"), "{}", receipt.body);
    // Opened as a page (a new tab), it is the receipt's page.
    b.hx = false;
    b.get(&format!("/caisse/recu/{id}")).await.assert_redirect(&format!("/ventes/{id}/recu"));
}

#[tokio::test]
async fn a_closed_till_says_so_and_production_cannot_sell() {
    let t = spawn_ready().await;
    let mut v = t.signed_in("amina", "vendeuse").await;
    let page = v.get("/caisse").await;
    page.assert_contains("est fermée");
    let mut p = t.signed_in("karim", "production").await;
    assert_eq!(p.get("/caisse").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_sales_pages_list_the_day_reprint_and_refund_never_beyond_the_ticket() {
    let (t, v, croissant) = shop().await;
    let sale = t.given().sale(&v).line(croissant, 3).cash("200").token("pages-token-1").await;
    let mut g = t.signed_in("nadia", "gerante").await;
    let list = g.get("/ventes?jour=2026-11-24").await;
    list.assert_contains("T-2026-000001");
    list.assert_contains("120,00 DA");
    let page = g.get(&format!("/ventes/{sale}")).await;
    page.assert_contains("Rembourser");
    page.assert_contains("Croissant");
    let token = page.body.split("name=\"token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let line = t.count("SELECT id FROM sale_lines").await.to_string();
    let qty = format!("qty-{line}");
    let dest = format!("dest-{line}");

    g.post(&format!("/ventes/{sale}/reimprimer"), &[]).await.assert_redirect(&format!("/ventes/{sale}?ok=duplicata"));
    assert_eq!(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'duplicata' AND open_drawer = 0").await, 1);

    let too_much = g
        .post(
            &format!("/ventes/{sale}/rembourser"),
            &[("token", &token), (&qty, "4"), (&dest, "comptoir"), ("reason", "Erreur"), ("method", "especes")],
        )
        .await;
    assert_eq!(too_much.status, StatusCode::UNPROCESSABLE_ENTITY);
    too_much.assert_contains("On ne peut rembourser que 3 pièces");
    let no_reason = g
        .post(
            &format!("/ventes/{sale}/rembourser"),
            &[("token", &token), (&qty, "1"), (&dest, "comptoir"), ("reason", ""), ("method", "especes")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    no_reason.assert_contains("Indiquez le motif du retour.");
    let ok = g
        .post(
            &format!("/ventes/{sale}/rembourser"),
            &[("token", &token), (&qty, "1"), (&dest, "perte"), ("reason", "Tombé"), ("method", "especes")],
        )
        .await;
    ok.assert_redirect(&format!("/ventes/{sale}?ok=avoir"));
    let after = g.get(&format!("/ventes/{sale}")).await;
    after.assert_contains("AV-2026-00001");
    // Two croissants are left to refund: the gérante still has the form.
    after.assert_contains("Enregistrer le retour");
    assert_eq!(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'avoir'").await, 1);

    // A vendeuse sees the ticket but may not refund it.
    let mut vb = t.browser();
    vb.login("amina", PASSWORD).await.assert_redirect("/");
    let seen = vb.get(&format!("/ventes/{sale}")).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    seen.assert_contains("Ticket T-2026-000001");
    seen.assert_contains("AV-2026-00001");
    assert!(!seen.body.contains("Enregistrer le retour"), "{}", seen.body);
    let refused = vb
        .post(
            &format!("/ventes/{sale}/rembourser"),
            &[("token", "x-token-12345"), (&qty, "1"), ("reason", "x"), ("method", "especes")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn the_menu_marks_the_most_precise_page_only() {
    let t = spawn_ready().await;
    let mut b = t.admin().await;
    let page = b.get("/caisse/session").await;
    page.assert_contains(r#"<a href="/caisse/session" aria-current="page">"#);
    assert!(!page.body.contains(r#"<a href="/caisse" aria-current="page">"#), "Vendre is not the current page");
    b.get("/caisse").await.assert_contains(r#"<a href="/caisse" aria-current="page">"#);
}

#[tokio::test]
async fn a_missing_reason_stays_beside_its_field_and_a_reused_token_shows_the_first_ticket() {
    let (t, _v, croissant) = shop().await;
    let mut b = t.signed_in("nadia", "gerante").await;
    b.get("/caisse").await;
    b.hx = true;
    // 10 croissants less 60 DA (15 %): above 10 % the gérante must say why.
    let discounted = format!(r#"{{"lines":[{{"product_id":{croissant},"qty":10000}}],"discount":6000}}"#);
    let pay = r#"[{"method":"especes","amount":34000}]"#;
    let mut form =
        vec![("cart", discounted.as_str()), ("payments", pay), ("token", "reason-token-1"), ("till_id", "1")];
    let no_reason = b.post("/caisse/encaisser", &form).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", no_reason.body);
    no_reason.assert_contains("demande un motif");
    assert!(no_reason.header("HX-Trigger").is_some_and(|h| h.contains("till-need-reason")));
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 0);
    form.push(("discount_reason", "Client fidèle"));
    let done = b.post("/caisse/encaisser", &form).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    done.assert_contains("Ticket T-2026-000001 enregistré");

    // The same token with another cart: the first ticket again, with a warning; nothing more sold.
    let other = cart_json(croissant, 2);
    let form = [("cart", other.as_str()), ("payments", pay), ("token", "reason-token-1"), ("till_id", "1")];
    let reused = b.post("/caisse/encaisser", &form).await;
    assert_eq!(reused.status, StatusCode::OK, "{}", reused.body);
    reused.assert_contains("enregistré (T-2026-000001) avec un autre contenu");
    reused.assert_contains("Ticket T-2026-000001 enregistré");
    assert_eq!(t.count("SELECT count(*) FROM sales").await, 1);
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_refund_says_the_credit_note_is_printed_only_when_a_printer_prints_it() {
    let (t, v, croissant) = shop().await;
    // This till has no receipt printer: its credit note is printed from the browser.
    t.app.db.write(|tx| Ok(tx.execute("UPDATE tills SET printer_driver = 'aucun'", [])?)).await.unwrap();
    let sale = t.given().sale(&v).line(croissant, 3).cash("200").await;
    let mut g = t.signed_in("nadia", "gerante").await;
    let page = g.get(&format!("/ventes/{sale}")).await;
    let token = page.body.split("name=\"token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let line = t.count("SELECT id FROM sale_lines").await;
    let (qty, dest) = (format!("qty-{line}"), format!("dest-{line}"));
    let form =
        [("token", token.as_str()), (&qty, "1"), (&dest, "comptoir"), ("reason", "Erreur"), ("method", "especes")];
    let done = g.post(&format!("/ventes/{sale}/rembourser"), &form).await;
    done.assert_redirect(&format!("/ventes/{sale}?ok=avoir-a-imprimer"));
    let after = g.get(&format!("/ventes/{sale}?ok=avoir-a-imprimer")).await;
    let said = after.body.replace("&#39;", "'");
    assert!(said.contains("Cette caisse n'a pas d'imprimante"), "{}", after.body);
    assert!(!said.contains("l'avoir est imprimé"), "{}", after.body);
    assert_eq!(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'avoir'").await, 0);
    // The credit note, to print from the browser.
    let refund = t.count("SELECT id FROM refunds").await;
    after.assert_contains(&format!("/ventes/avoirs/{refund}/recu"));
    let note = g.get(&format!("/ventes/avoirs/{refund}/recu")).await;
    assert_eq!(note.status, StatusCode::OK);
    note.assert_contains("AV-2026-00001");
    note.assert_contains("class=\"receipt\"");
    t.assert_check_passes().await;
}

#[test]
fn the_readme_tells_what_is_built_not_what_comes_next() {
    let readme = include_str!("../../README.md");
    assert!(!readme.contains("come next"), "the README still says the till comes next");
    for built in ["/caisse/retours", "one-shot approval", "fournil demo"] {
        assert!(readme.contains(built), "the README does not mention {built}");
    }
}
