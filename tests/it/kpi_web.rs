//! The owner's pages: the home's board for who reads the figures (and not for the vendeuse),
//! the definitions page, the reports with their periods, charts, tables and exports.

use crate::kpi::hand_made_day;
use crate::orders::line;
use crate::support::*;

#[tokio::test]
async fn the_gerante_home_shows_today_the_month_the_drawers_orders_stock_and_backup() {
    let (b, _) = hand_made_day(true).await;
    let mut g = b.t.signed_in("nadia", "gerante").await;
    let home = g.get("/").await;
    assert_eq!(home.status, 200);
    home.assert_contains("Aujourd'hui jusqu'à 9 h");
    // Today so far: 160 at the counter + 1 800 handed over; 2 tickets.
    home.assert_contains("1 960,00 DA");
    home.assert_contains("2 tickets au comptoir");
    // The month: + 200 on the 10th.
    home.assert_contains("2 160,00 DA");
    home.assert_contains("Espèces dans les tiroirs");
    // Both orders are due tomorrow.
    home.assert_contains("<strong>0</strong> à remettre aujourd'hui");
    home.assert_contains("Aucune sauvegarde réussie.");
    home.assert_contains("Tous les écrans");
    // Two orders due today: one still to hand over counts, one cancelled does not.
    for token in ["kw-today-1", "kw-today-2"] {
        let mut d = b.draft(token, vec![line(b.cake, 1, "")], None);
        d.due_day = day();
        b.create(&b.seller, d).await.unwrap();
    }
    let cancelled = b.t.count("SELECT max(id) FROM orders").await;
    let st = b.stamp(&b.manager);
    let why = fournil::orders::CancelDraft {
        reason: "Client absent".into(),
        refund: None,
        goods: None,
        till_id: TILL,
        token: None,
    };
    b.t.app.db.write(move |tx| fournil::orders::ops::cancel(tx, &st, cancelled, &why)).await.unwrap();
    g.get("/").await.assert_contains("<strong>1</strong> à remettre aujourd'hui");
    // Tomorrow's orders: the first 20 listed, how many in all said (the two of the day + 20).
    for n in 0..20 {
        b.create(&b.seller, b.draft(&format!("kw-demain-{n}"), vec![line(b.cake, 1, "")], None)).await.unwrap();
    }
    let home = g.get("/").await;
    home.assert_contains("Commandes pour demain (22)");
    home.assert_contains("… et 2 autres.");
    // Counted up to a cap: a day of thousands of orders is never walked whole for the home.
    let tomorrow = (day() + chrono::Duration::days(1)).to_string();
    let counts = b.t.app.db.read(move |c| {
        Ok((fournil::orders::store::count_due(c, &tomorrow, 5)?, fournil::orders::store::count_due(c, &tomorrow, 50)?))
    });
    assert_eq!(counts.await.unwrap(), (6, 22));
    assert_eq!(
        home.body.matches("href=\"/commandes/").count()
            - home.body.matches("href=\"/commandes/jour").count()
            - home.body.matches("href=\"/commandes/nouvelle").count(),
        20
    );
    let mut v = b.t.signed_in("lina", "vendeuse").await;
    let home = v.get("/").await;
    assert!(!home.body.contains("Espèces dans les tiroirs"), "a vendeuse has no owner's board");
    assert!(!home.body.contains("Tous les écrans"), "her tiles stay open");
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn the_month_report_draws_its_charts_with_their_tables_and_compares() {
    let (b, _) = hand_made_day(true).await;
    let mut g = b.t.signed_in("nadia", "gerante").await;
    let page = g.get("/rapports?du=2026-11-01&au=2026-11-24&comparer=precedente").await;
    assert_eq!(page.status, 200, "{}", page.body);
    page.assert_contains("Rapports — du 01/11/2026 au 24/11/2026");
    // The KPIs with their comparison: October 8th to 31st sold one croissant.
    page.assert_contains("du 08/10/2026 au 31/10/2026");
    page.assert_contains("2 160,00 DA");
    // The four channels, each with its figure (nothing delivered nor invoiced here).
    for label in ["CA comptoir", "CA commandes", "CA livraisons", "CA professionnels"] {
        page.assert_contains(label);
    }
    // Each chart is an SVG drawn by the server, its numbers in a table.
    for id in ["trend", "heatmap", "products", "categories", "sellers"] {
        let at = page.body.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no section {id}"));
        let section = &page.body[at..];
        let end = section.find("</section>").unwrap();
        assert!(section[..end].contains("<svg class=\"chart\""), "{id} has its chart");
        assert!(section[..end].contains("<table"), "{id} has its table");
    }
    page.assert_contains("Croissant");
    page.assert_contains("Fraisier");
    // The 10th at 11 h (Tuesday): 200 DA in the heatmap's table.
    page.assert_contains("<th scope=\"row\">11 h</th>");
    let year = g.get("/rapports?du=2026-11-01&au=2026-11-24&comparer=annee").await;
    year.assert_contains("du 01/11/2025 au 24/11/2025");
    b.t.assert_check_passes().await;
}

#[tokio::test]
async fn a_bad_period_gets_a_french_message_beside_its_date() {
    let t = spawn_ready().await;
    let mut g = t.signed_in("nadia", "gerante").await;
    let cases = [
        ("du=2026-11-20&au=2026-11-10", "La fin de la période est avant son début"),
        ("du=2026-11-20&au=2026-12-10", "est dans le futur"),
        ("du=2026-12-01&au=2026-12-02", "aucune vente n&#39;y est encore enregistrée"),
        ("du=1900-01-01&au=2026-11-10", "Fournil ne connaît rien avant l&#39;an 2000"),
        ("du=hier&au=2026-11-10", "n&#39;est pas une date"),
        ("du=2010-01-01&au=2026-11-10", "Période trop longue"),
    ];
    for (q, message) in cases {
        let page = g.get(&format!("/rapports?{q}")).await;
        assert_eq!(page.status, 422, "{q}");
        let msg = message.replace("&#39;", "'");
        assert!(page.body.contains(&msg), "{q}: expected {msg:?} in {}", page.body);
        assert!(page.body.contains("class=\"field invalid\""), "{q}: the message sits by its field");
    }
    let export = g.get("/rapports/export.csv?du=2026-11-20&au=2026-11-10").await;
    assert_eq!(export.status, 422);
}

#[tokio::test]
async fn the_report_exports_as_csv_and_xlsx_and_the_definitions_are_one_text() {
    let (b, _) = hand_made_day(true).await;
    let mut g = b.t.signed_in("nadia", "gerante").await;
    let csv = g.get("/rapports/export.csv?du=2026-11-01&au=2026-11-24").await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(csv.body.contains("ca_total;Chiffre d'affaires;2160,00;40,00"), "{}", csv.body);
    assert!(csv.body.contains("Croissant;Viennoiseries;9;360,00;135,00;40,00"), "{}", csv.body);
    let xlsx = g.get("/rapports/export.xlsx?du=2026-11-01&au=2026-11-24").await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.starts_with("PK"), "an xlsx is a zip");
    let defs = g.get("/rapports/definitions").await;
    for k in fournil::kpi::Kpi::ALL {
        let text = maud::html! { (k.definition()) }.into_string();
        defs.assert_contains(&text);
    }
    let mut v = b.t.signed_in("lina", "vendeuse").await;
    assert_eq!(v.get("/rapports").await.status, 403);
    assert_eq!(v.get("/rapports/export.csv").await.status, 403);
}

#[tokio::test]
async fn the_api_gives_the_same_figures_the_report_and_the_definitions() {
    let (b, _) = hand_made_day(true).await;
    let g = b.t.user_with_role("nadia", "gerante").await;
    let v = b.t.user_with_role("lina", "vendeuse").await;
    let (gt, vt) = (token_for(&b.t, g).await, token_for(&b.t, v).await);
    assert_eq!(call(&b.t, &vt, "GET", "/rapports/indicateurs", None).await.0, 403);
    let (s, body) = call(&b.t, &gt, "GET", "/rapports/indicateurs?du=2026-11-24&au=2026-11-24", None).await;
    assert_eq!(s, 200, "{body}");
    let fig = |code: &str| body["data"].as_array().unwrap().iter().find(|f| f["code"] == code).unwrap().clone();
    assert_eq!(fig("ca_total")["value"], 196_000);
    assert_eq!(fig("panier_moyen")["value"], 8_000);
    assert_eq!(fig("taux_marge_brute")["value"], 8_082);
    assert_eq!(fig("ca_b2b")["no_data"], false);
    assert_eq!(fig("ca_b2b")["text"], "0,00 DA");
    // A day holds no whole month: no labour cost, said as such, not as missing data.
    assert_eq!(fig("masse_salariale")["no_data"], false);
    assert_eq!(fig("masse_salariale")["text"], "—");
    assert_eq!(fig("dettes_livreurs")["value"], 0);
    let (s, r) = call(&b.t, &gt, "GET", "/rapports?du=2026-11-01&au=2026-11-24&comparer=annee", None).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["data"]["compared_from"], "2025-11-01");
    assert_eq!(r["data"]["heat_revenue"][1][11], 20_000, "Tuesday the 10th at 11 h");
    let (s, e) = call(&b.t, &gt, "GET", "/rapports?du=2026-11-24&au=2026-11-01", None).await;
    assert_eq!(s, 422, "{e}");
    assert!(e.to_string().contains("avant son début"), "{e}");
    let (s, d) = call(&b.t, &gt, "GET", "/rapports/definitions", None).await;
    assert_eq!(s, 200);
    assert_eq!(d["data"].as_array().unwrap().len(), fournil::kpi::Kpi::ALL.len());
}

#[tokio::test]
async fn the_home_shows_the_last_check_and_says_when_none_ran_or_it_failed() {
    let (b, _) = hand_made_day(true).await;
    let mut g = b.t.signed_in("nadia", "gerante").await;
    let home = g.get("/").await;
    home.assert_contains("Aucun contrôle n'a encore été fait.");
    assert!(!home.body.contains("Contrôler maintenant"), "the gérante may not run it: no link");
    // The admin runs it on its page: the run is recorded, the home shows it.
    let mut admin = b.t.admin().await;
    assert_eq!(admin.get("/admin/controle").await.status, 200);
    let home = admin.get("/").await;
    home.assert_contains("Dernier contrôle : <strong>24/11/2026 09:");
    home.assert_contains("tout est cohérent");
    home.assert_contains("ms, contrôle complet).");
    home.assert_contains("Contrôler maintenant");
    // The first run left its marks: the next one proves what came after them, and says so.
    b.t.advance(chrono::Duration::minutes(1));
    admin.get("/admin/controle").await.assert_contains("Contrôle incrémental : registres prouvés depuis le 2026-11-24");
    admin.get("/").await.assert_contains("ms, contrôle incrémental).");
    // A broken aggregate: the server's nightly run records which rule failed.
    b.t.app.db.write(|tx| Ok(tx.execute("UPDATE kpi_sales SET revenue = revenue + 1", [])?)).await.unwrap();
    b.t.advance(chrono::Duration::minutes(5));
    let app = b.t.app.clone();
    tokio::task::spawn_blocking(move || fournil::system::nightly::check(&app)).await.unwrap();
    let home = g.get("/").await;
    home.assert_contains("a trouvé des incohérences");
    home.assert_contains("<li>Indicateurs : ventes par jour, canal et produit = les documents</li>");
    let runs = b.t.count("SELECT count(*) FROM check_runs WHERE origin = 'serveur' AND ok = 0").await;
    assert_eq!(runs, 1);
}

/// The hand-made day, then 1 000 DA carried to the bank from the drawer, the drawer closed 20 DA
/// short (2 360 counted for 2 380 expected, 500 left), and the 1 860 handed over deposited.
async fn cash_day() -> crate::orders::Bakery {
    use fournil::cash::{Counts, Purpose, ops};
    let (b, _) = hand_made_day(false).await;
    let st = stamp(&b.manager);
    let shift = b.t.count("SELECT id FROM cash_shifts WHERE status = 'ouverte'").await;
    b.t.app
        .db
        .write(move |tx| {
            let m = ops::MovementInput {
                at: ops::At::Till(1),
                purpose: Purpose::BankDeposit,
                amount: fournil::money::Money::from_da(1_000),
                reason: "banque".into(),
                token: None,
            };
            ops::move_cash(tx, &st.actor, &m, &st.now, st.day)?;
            let counts = Counts(
                [("2000", 1), ("200", 1), ("100", 1), ("50", 1), ("10", 1)]
                    .iter()
                    .map(|(k, n)| (k.to_string(), *n))
                    .collect(),
            );
            let d = ops::CloseDraft {
                counts,
                next_float: Some(fournil::money::Money::from_da(500)),
                comment: "il manque 20 DA".into(),
                token: None,
            };
            ops::close(tx, &st.actor, shift, &d, &st.now, st.day)?;
            ops::bank_transit(tx, &st.actor, fournil::money::Money::from_da(1_860), "BDL 7", None, &st.now, st.day)
        })
        .await
        .unwrap();
    b
}

#[tokio::test]
async fn the_report_shows_the_cash_received_deposited_and_short_and_the_waste() {
    let b = cash_day().await;
    let p = fournil::kpi::Period::day(day());
    let f = b.t.app.db.read(move |c| fournil::reports::ops::figures(c, p, day())).await.unwrap();
    let v = |k| fournil::kpi::ops::value_of(&f, k);
    let da = |n| fournil::kpi::Value::Money(fournil::money::Money::from_da(n));
    assert_eq!(v(fournil::kpi::Kpi::Deposits), da(2_860));
    assert_eq!(v(fournil::kpi::Kpi::CashVariance), da(-20));
    let mut g = b.t.signed_in("nadia", "gerante").await;
    let page = g.get("/rapports?du=2026-11-24&au=2026-11-24").await;
    assert_eq!(page.status, 200);
    for id in ["cash", "waste"] {
        let at = page.body.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no section {id}"));
        let section = &page.body[at..];
        let end = section.find("</section>").unwrap();
        assert!(section[..end].contains("<svg class=\"chart\""), "{id} has its chart");
        assert!(section[..end].contains("<table"), "{id} has its table");
    }
    // Received: cash 3 380, card 80; deposited 1 000 + 1 860; the shift 20 DA short.
    page.assert_contains("<td>Espèces</td><td class=\"num\"><span class=\"money\">3 380,00 DA</span>");
    page.assert_contains("<span class=\"money\">1 860,00 DA</span>");
    page.assert_contains("<td class=\"num late\"><span class=\"money negative\">-20,00 DA</span>");
    // Waste: 3 croissants (45 DA) for 60 DA of croissants sold at cost.
    page.assert_contains(
        "<td>Croissant</td><td class=\"num\">3</td><td class=\"num\"><span class=\"money\">45,00 DA</span>",
    );
    page.assert_contains("75,0 %");
    let csv = g.get("/rapports/export.csv?du=2026-11-24&au=2026-11-24").await;
    assert!(csv.body.contains("Ecarts de caisse") && csv.body.contains("-20,00"), "{}", csv.body);
    assert!(csv.body.contains("Croissant;3;45,00;60,00"), "{}", csv.body);
    let gt = token_for(&b.t, b.manager.id).await;
    let (s, r) = call(&b.t, &gt, "GET", "/rapports?du=2026-11-24&au=2026-11-24", None).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["data"]["variances"][0]["variance"], -2_000);
    assert_eq!(r["data"]["deposits"][0]["from_transit"], 186_000);
    assert_eq!(r["data"]["waste"][0]["value"], 4_500);
    b.t.assert_check_passes().await;
}
