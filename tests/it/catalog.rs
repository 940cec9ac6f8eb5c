//! The catalogue through the real app: products, packs, recipes, costs, allergens, permissions.

use crate::support::*;

/// Creates a product through the form; returns its id.
async fn product(b: &mut Browser<'_>, fields: &[(&str, &str)]) -> i64 {
    b.get("/catalogue/produits/nouveau").await;
    let mut form: Vec<(&str, &str)> = vec![("track_stock", "1")];
    form.extend_from_slice(fields);
    let page = b.post("/catalogue/produits/nouveau", &form).await;
    assert_eq!(page.status, 303, "product {fields:?} refused: {}", page.body);
    let to = page.location().unwrap();
    to.trim_start_matches("/catalogue/produits/").split('?').next().unwrap().parse().unwrap()
}

async fn ingredient(b: &mut Browser<'_>, name: &str, unit: &str, cost: &str, allergens: &[&str]) -> i64 {
    let mut f = vec![("name", name), ("kind", "ingredient"), ("unit", unit), ("ref_cost", cost)];
    f.extend(allergens.iter().map(|a| ("allergen", *a)));
    product(b, &f).await
}

/// Saves a recipe through the editor: `lines` are (ingredient id, quantity as typed).
async fn recipe(b: &mut Browser<'_>, id: i64, yield_text: &str, loss: &str, lines: &[(i64, &str)]) -> Page {
    b.get(&format!("/catalogue/produits/{id}/recette")).await;
    let ids: Vec<String> = lines.iter().map(|(i, _)| i.to_string()).collect();
    let mut form: Vec<(&str, &str)> =
        vec![("yield", yield_text), ("loss", loss), ("location_id", "2"), ("action", "enregistrer")];
    for (i, (_, qty)) in lines.iter().enumerate() {
        form.push(("ingredient", &ids[i]));
        form.push(("qty", qty));
        form.push(("note", ""));
    }
    b.post(&format!("/catalogue/produits/{id}/recette"), &form).await
}

/// A fraisier three levels deep:
/// crème pâtissière (semi) ← lait, sucre, œufs; crème mousseline (semi) ← pâtissière, beurre;
/// fraisier (fini) ← mousseline, farine, fraises.
struct Fraisier {
    pub lait: i64,
    pub patissiere: i64,
    pub mousseline: i64,
    pub fraisier: i64,
}

async fn fraisier(b: &mut Browser<'_>) -> Fraisier {
    let lait = ingredient(b, "Lait entier", "ml", "120", &["lait"]).await; // 120 DA/L = 0,12 DA/ml
    let sucre = ingredient(b, "Sucre cristallisé", "g", "80", &[]).await; // 80 DA/kg
    let oeufs = ingredient(b, "Œufs", "piece", "20", &["oeufs"]).await; // 20 DA/pièce
    let beurre = ingredient(b, "Beurre", "g", "1400", &["lait"]).await; // 1 400 DA/kg
    let farine = ingredient(b, "Farine", "g", "80", &["gluten"]).await;
    let fraises = ingredient(b, "Fraises", "g", "600", &[]).await;
    let patissiere = product(b, &[("name", "Crème pâtissière"), ("kind", "semi_fini"), ("unit", "g")]).await;
    let mousseline = product(b, &[("name", "Crème mousseline"), ("kind", "semi_fini"), ("unit", "g")]).await;
    let fraisier =
        product(b, &[("name", "Fraisier"), ("kind", "fini"), ("unit", "piece"), ("sale_price", "1 200")]).await;
    // Pâtissière: 1 L lait (120) + 200 g sucre (16) + 4 œufs (80) = 216 DA for 1,2 kg → 0,18 DA/g.
    recipe(b, patissiere, "1,2 kg", "", &[(lait, "1 L"), (sucre, "200 g"), (oeufs, "4 pièces")])
        .await
        .assert_redirect(&format!("/catalogue/produits/{patissiere}?ok=recette"));
    // Mousseline: 600 g pâtissière (108) + 300 g beurre (420) = 528 DA for 900 g, 10 % loss → 810 g → 0,6518… DA/g.
    recipe(b, mousseline, "900 g", "10", &[(patissiere, "600 g"), (beurre, "300 g")])
        .await
        .assert_redirect(&format!("/catalogue/produits/{mousseline}?ok=recette"));
    // Fraisier: 810 g mousseline (528) + 250 g farine (20) + 500 g fraises (300) = 848 DA for 2 → 424 DA each.
    recipe(b, fraisier, "2", "", &[(mousseline, "810 g"), (farine, "250 g"), (fraises, "0,5 kg")])
        .await
        .assert_redirect(&format!("/catalogue/produits/{fraisier}?ok=recette"));
    Fraisier { lait, patissiere, mousseline, fraisier }
}

#[tokio::test]
async fn a_three_level_recipe_costs_what_the_hand_computation_says() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let f = fraisier(&mut admin).await;
    let page = admin.get(&format!("/catalogue/produits/{}", f.fraisier)).await;
    page.assert_contains("848,00 DA"); // one batch
    page.assert_contains("424,00 DA"); // per piece
    page.assert_contains("776,00 DA</span> (64,7 %)"); // margin at 1 200 DA
    let mousseline = admin.get(&format!("/catalogue/produits/{}", f.mousseline)).await;
    mousseline.assert_contains("528,00 DA");
    mousseline.assert_contains("651,85 DA"); // per kg: 528 / 0,81
    // The ingredient's cost moves: every level follows, and "what changed" says by how much.
    admin.get(&format!("/catalogue/produits/{}/modifier", f.lait)).await;
    let r = admin
        .post(
            &format!("/catalogue/produits/{}", f.lait),
            &[
                ("name", "Lait entier"),
                ("kind", "ingredient"),
                ("unit", "ml"),
                ("ref_cost", "150"),
                ("allergen", "lait"),
                ("track_stock", "1"),
            ],
        )
        .await;
    r.assert_redirect(&format!("/catalogue/produits/{}?ok=produit-modifie", f.lait));
    // Lait +30 DA → pâtissière 246 DA/1,2 kg; mousseline 600 g × 0,205 = 123 + 420 = 543 DA; fraisier 863 DA / 2 = 431,50 DA.
    admin.get(&format!("/catalogue/produits/{}", f.fraisier)).await.assert_contains("431,50 DA");
    let changes = admin.get("/catalogue/couts/changements").await;
    changes.assert_contains("120,00 DA/L");
    changes.assert_contains("150,00 DA/L");
    changes.assert_contains("424,00 DA");
    changes.assert_contains("431,50 DA");
    assert!(t.audit_kinds().await.contains(&"cout.modifie".to_string()));
    t.assert_check_passes().await;
}

#[tokio::test]
async fn a_recipe_that_reaches_its_own_product_is_refused() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let f = fraisier(&mut admin).await;
    // Pâtissière using mousseline, which uses pâtissière.
    let page = recipe(&mut admin, f.patissiere, "1 kg", "", &[(f.mousseline, "100 g")]).await;
    assert_eq!(page.status, 422);
    page.assert_contains("Recette circulaire : Crème pâtissière → Crème mousseline → Crème pâtissière.");
    // A recipe may not use itself, a finished product, or a quantity of another dimension.
    let own = recipe(&mut admin, f.patissiere, "1 kg", "", &[(f.patissiere, "100 g")]).await;
    own.assert_contains("ne peut pas entrer dans sa propre recette");
    let finished = recipe(&mut admin, f.mousseline, "1 kg", "", &[(f.fraisier, "1")]).await;
    finished.assert_contains("seuls les ingrédients et semi-finis");
    let wrong_unit = recipe(&mut admin, f.patissiere, "1 kg", "", &[(f.lait, "2 kg")]).await;
    wrong_unit.assert_contains("Ce produit se compte au volume (ml, L)");
    let zero = recipe(&mut admin, f.patissiere, "0", "", &[(f.lait, "1 L")]).await;
    zero.assert_contains("Rendement : La quantité doit être supérieure à zéro.");
    // Nothing was saved: the pâtissière still costs what it did.
    admin.get(&format!("/catalogue/produits/{}", f.fraisier)).await.assert_contains("424,00 DA");
}

#[tokio::test]
async fn allergens_roll_up_to_the_finished_product_and_its_label() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let f = fraisier(&mut admin).await;
    let page = admin.get(&format!("/catalogue/produits/{}", f.fraisier)).await;
    for a in ["Gluten", "Œufs", "Lait"] {
        page.assert_contains(&format!("<span class=\"badge err\">{a}</span>"));
    }
    let label = admin.get(&format!("/catalogue/produits/{}/etiquette", f.fraisier)).await;
    label.assert_contains("Allergènes : <strong>Gluten, Œufs, Lait</strong>");
    label.assert_contains("1 200,00 DA");
}

#[tokio::test]
async fn production_sees_recipes_and_sheets_but_no_price_or_cost_anywhere() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let f = fraisier(&mut admin).await;
    let mut prod = t.signed_in("labo", "production").await;
    let pages = [
        "/catalogue/produits".to_string(),
        format!("/catalogue/produits/{}", f.fraisier),
        format!("/catalogue/produits/{}", f.mousseline),
        format!("/catalogue/produits/{}", f.lait),
        format!("/catalogue/produits/{}/fiche?quantite=6", f.fraisier),
        format!("/catalogue/produits/{}/etiquette", f.fraisier),
    ];
    for path in &pages {
        let page = prod.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(!page.body.contains(" DA"), "production sees an amount on {path}:\n{}", page.body);
        assert!(!page.body.contains("Coût") && !page.body.contains("Marge") && !page.body.contains("Prix"), "{path}");
    }
    // The sheet for 6 fraisiers: 3 batches → 2,43 kg mousseline, whose own sheet follows.
    let sheet = prod.get(&format!("/catalogue/produits/{}/fiche?quantite=6", f.fraisier)).await;
    sheet.assert_contains("2,43 kg");
    sheet.assert_contains("À préparer d'abord : Crème mousseline");
    sheet.assert_contains("À préparer d'abord : Crème pâtissière");
    assert_eq!(prod.get("/catalogue/marges").await.status, 403);
    assert_eq!(prod.get(&format!("/catalogue/produits/{}/modifier", f.fraisier)).await.status, 403);
    // A vendeuse sees the price, not the cost.
    let mut vendeuse = t.signed_in("nadia", "vendeuse").await;
    let page = vendeuse.get(&format!("/catalogue/produits/{}", f.fraisier)).await;
    page.assert_contains("1 200,00 DA");
    assert!(!page.body.contains("424,00") && !page.body.contains("Coût de revient"), "{}", page.body);
    let list = vendeuse.get("/catalogue/produits").await;
    assert!(!list.body.contains("424,00 DA") && !list.body.contains(">Marge<"), "{}", list.body);
}

#[tokio::test]
async fn packs_convert_exactly_and_refuse_another_dimension() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let farine = ingredient(&mut admin, "Farine T55", "g", "60", &["gluten"]).await;
    let oeufs = ingredient(&mut admin, "Œufs extra", "piece", "20", &["oeufs"]).await;
    admin.get(&format!("/catalogue/produits/{farine}")).await;
    admin
        .post(
            &format!("/catalogue/produits/{farine}/conditionnements"),
            &[("pack_name", "Sac 25 kg"), ("pack_content", "25 kg")],
        )
        .await
        .assert_redirect(&format!("/catalogue/produits/{farine}?ok=conditionnement"));
    admin.get(&format!("/catalogue/produits/{farine}")).await.assert_contains("<strong>Sac 25 kg</strong> = 25 kg");
    let wrong = admin
        .post(
            &format!("/catalogue/produits/{oeufs}/conditionnements"),
            &[("pack_name", "Sac 25 kg"), ("pack_content", "25 kg")],
        )
        .await;
    assert_eq!(wrong.status, 422);
    wrong.assert_contains("Ce produit se compte à la pièce : « 25 kg » ne convient pas.");
    let dup = admin
        .post(
            &format!("/catalogue/produits/{farine}/conditionnements"),
            &[("pack_name", "Sac 25 kg"), ("pack_content", "10 kg")],
        )
        .await;
    dup.assert_contains("déjà un conditionnement de ce nom");
    assert_eq!(t.count("SELECT count(*) FROM product_packs").await, 1);
    let stored = t.count("SELECT content FROM product_packs").await;
    assert_eq!(stored, 25_000_000, "thousandths of a gram");
}

#[tokio::test]
async fn bad_product_input_comes_back_beside_its_field() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/catalogue/produits/nouveau").await;
    let bad = admin
        .post(
            "/catalogue/produits/nouveau",
            &[("name", "Baghrir"), ("kind", "fini"), ("unit", "piece"), ("sale_price", "-40"), ("ref_cost", "abc")],
        )
        .await;
    assert_eq!(bad.status, 422);
    bad.assert_contains("Le nombre ne peut pas être négatif.");
    bad.assert_contains("« abc » n&#39;est pas un montant.".replace("&#39;", "'").as_str());
    bad.assert_contains("value=\"-40\"");
    let no_price =
        admin.post("/catalogue/produits/nouveau", &[("name", "Baghrir"), ("kind", "fini"), ("unit", "piece")]).await;
    no_price.assert_contains("Un produit vendu doit avoir un prix de vente.");
    let no_kind =
        admin.post("/catalogue/produits/nouveau", &[("name", "X"), ("kind", "gateau"), ("unit", "kg2")]).await;
    no_kind.assert_contains("Choisissez un type.");
    assert_eq!(t.count("SELECT count(*) FROM products").await, 0);
    // Barcodes are unique across the catalogue.
    let a = product(&mut admin, &[("name", "Eau 1,5 L"), ("kind", "revente"), ("unit", "piece"), ("sale_price", "50")])
        .await;
    let b = product(&mut admin, &[("name", "Jus 1 L"), ("kind", "revente"), ("unit", "piece"), ("sale_price", "120")])
        .await;
    admin.get(&format!("/catalogue/produits/{a}")).await;
    admin
        .post(&format!("/catalogue/produits/{a}/codes-barres"), &[("barcode", "6130000000011")])
        .await
        .assert_redirect(&format!("/catalogue/produits/{a}?ok=code-barres"));
    let dup = admin.post(&format!("/catalogue/produits/{b}/codes-barres"), &[("barcode", "6130000000011")]).await;
    assert_eq!(dup.status, 422);
    dup.assert_contains("Ce code-barres est déjà celui de « Eau 1,5 L ».");
    // The list finds a product by its barcode.
    admin.get("/catalogue/produits?q=6130000000011").await.assert_contains("Eau 1,5 L");
}

#[tokio::test]
async fn a_product_in_a_recipe_is_archived_not_deleted() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let f = fraisier(&mut admin).await;
    admin.get(&format!("/catalogue/produits/{}", f.lait)).await;
    let del = admin.post(&format!("/catalogue/produits/{}/supprimer", f.lait), &[]).await;
    assert_eq!(del.status, 409);
    del.assert_contains("archivez-le plutôt");
    let arch = admin.post(&format!("/catalogue/produits/{}/archiver", f.lait), &[]).await;
    assert_eq!(arch.status, 409);
    arch.assert_contains("entre dans la recette de : Crème pâtissière");
    // The finished product (used by nothing) archives, leaves the list, and comes back.
    admin
        .post(&format!("/catalogue/produits/{}/archiver", f.fraisier), &[])
        .await
        .assert_redirect(&format!("/catalogue/produits/{}?ok=produit-archive", f.fraisier));
    assert!(!admin.get("/catalogue/produits").await.body.contains("Fraisier"));
    admin.get("/catalogue/produits?archives=seuls").await.assert_contains("Fraisier");
    admin.post(&format!("/catalogue/produits/{}/reactiver", f.fraisier), &[]).await;
    admin.get("/catalogue/produits").await.assert_contains("Fraisier");
}

#[tokio::test]
async fn photos_are_checked_for_size_and_type() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let id = ingredient(&mut admin, "Farine", "g", "60", &[]).await;
    admin.get(&format!("/catalogue/produits/{id}")).await;
    let csrf = admin.csrf.clone().unwrap();
    let upload = |bytes: Vec<u8>, name: &'static str| {
        let part = poem::test::TestFormField::bytes(bytes).name("photo").filename(name);
        t.http
            .post(format!("/catalogue/produits/{id}/photo?_csrf={csrf}"))
            .header("cookie", format!("fournil_session={}", admin.cookies["fournil_session"]))
            .multipart(poem::test::TestForm::new().field(part))
            .send()
    };
    let svg = upload(b"<svg onload=alert(1)></svg>".to_vec(), "x.png").await;
    assert_eq!(svg.0.status(), poem::http::StatusCode::UNPROCESSABLE_ENTITY);
    let body = svg.0.into_body().into_string().await.unwrap();
    assert!(body.contains("n'est pas une image JPEG, PNG ou WebP"), "{body}");
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(3 * 1024 * 1024, 0);
    upload(big, "big.png").await.assert_status(poem::http::StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(t.count("SELECT count(*) FROM product_photos").await, 0);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    upload(png, "farine.png").await.assert_status(poem::http::StatusCode::SEE_OTHER);
    let page = admin.get(&format!("/catalogue/produits/{id}")).await;
    page.assert_contains(&format!("/catalogue/produits/{id}/photo?v="));
    let img = admin.get(&format!("/catalogue/produits/{id}/photo")).await;
    assert_eq!(img.header("content-type"), Some("image/png"));
}

#[tokio::test]
async fn check_catches_a_catalogue_broken_behind_the_applications_back() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    let f = fraisier(&mut admin).await;
    t.assert_check_passes().await;
    // Raw SQL can do what the operations refuse: a loop and a recipe drawing from the counter.
    let (patissiere, mousseline) = (f.patissiere, f.mousseline);
    t.app
        .db
        .write(move |tx| {
            tx.execute(
                "INSERT INTO recipe_lines (product_id, ingredient_id, qty) VALUES (?1, ?2, 1000)",
                [patissiere, mousseline],
            )?;
            tx.execute("UPDATE recipes SET location_id = 3 WHERE product_id = ?1", [mousseline])?;
            Ok(())
        })
        .await
        .unwrap();
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    let failed: Vec<&str> = report.failures().map(|f| f.rule.as_ref()).collect();
    assert!(failed.contains(&"Recettes sans boucle"), "{failed:?}");
    assert!(failed.contains(&"Recettes : au labo ou à la réserve, jamais au comptoir"), "{failed:?}");
    let page = admin.get("/admin/controle").await;
    page.assert_contains("Des incohérences ont été trouvées.");
    page.assert_contains("Crème mousseline → Crème pâtissière → Crème mousseline");
}
