//! Import and export of the catalogue: preview row by row, all or nothing, CSV and XLSX.

use poem::test::{TestForm, TestFormField};

use crate::support::*;

async fn upload(t: &TestApp, b: &Browser<'_>, kind: &str, name: &'static str, bytes: Vec<u8>) -> Page {
    let csrf = b.csrf.clone().unwrap();
    let form = TestForm::new().text("kind", kind).field(TestFormField::bytes(bytes).name("file").filename(name));
    let resp = t
        .http
        .post(format!("/catalogue/import?_csrf={csrf}"))
        .header("cookie", format!("fournil_session={}", b.cookies["fournil_session"]))
        .multipart(form)
        .send()
        .await;
    let status = resp.0.status();
    let headers = resp.0.headers().clone();
    let body = resp.0.into_body().into_string().await.unwrap();
    Page { status, headers, body }
}

fn token_of(page: &Page) -> String {
    let marker = "name=\"token\" value=\"";
    let start = page.body.find(marker).expect("a confirm button") + marker.len();
    page.body[start..].split('"').next().unwrap().to_string()
}

const PRODUCTS: &str = "reference;nom;type;categorie;unite;prix_vente;cout_reference;allergenes;stock_suivi;code_barres\n\
    FAR55;Farine T55;ingredient;Ingrédients;g;;60;gluten;oui;\n\
    BEU;Beurre doux;ingredient;Ingrédients;g;;1400;lait;oui;\n\
    CRO;Croissant;fini;Viennoiseries;pièce;40;;;oui;6130000000028\n";

#[tokio::test]
async fn a_file_with_one_bad_row_imports_nothing_and_says_which_row() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/catalogue/import").await;
    let bad = format!("{PRODUCTS}MAUV;Mauvais;gateau;;kg2;-5;;chocolat;peut-être;\n");
    let page = upload(&t, &admin, "produits", "produits.csv", bad.into_bytes()).await;
    assert_eq!(page.status, 200);
    page.assert_contains("1 ligne(s) refusée(s)");
    page.assert_contains("type « gateau » inconnu");
    page.assert_contains("unité « kg2 » inconnue");
    assert!(!page.body.contains("name=\"token\""), "no confirmation is offered");
    // The preview ran the real operations and rolled them back.
    assert_eq!(t.count("SELECT count(*) FROM products").await, 0);
    assert_eq!(t.count("SELECT count(*) FROM categories").await, 0);
}

#[tokio::test]
async fn a_good_csv_is_previewed_then_imported_whole() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/catalogue/import").await;
    let preview = upload(&t, &admin, "produits", "produits.csv", PRODUCTS.as_bytes().to_vec()).await;
    preview.assert_contains("3 à créer, 0 à modifier.");
    assert_eq!(t.count("SELECT count(*) FROM products").await, 0);
    let token = token_of(&preview);
    let done = admin.post("/catalogue/import/confirmer", &[("token", &token)]).await;
    done.assert_contains("3 créé(s), 0 modifié(s)");
    assert_eq!(t.count("SELECT count(*) FROM products").await, 3);
    assert_eq!(t.count("SELECT count(*) FROM categories").await, 2);
    assert_eq!(t.count("SELECT ref_cost FROM products WHERE reference = 'FAR55'").await, 60_000);
    assert_eq!(t.count("SELECT sale_price FROM products WHERE reference = 'CRO'").await, 4_000);
    // A token works once.
    assert_eq!(admin.post("/catalogue/import/confirmer", &[("token", &token)]).await.status, 409);

    // Packs and recipes follow, referring to products by reference or name.
    let packs = "produit;nom;contenu\nFAR55;Sac 25 kg;25 kg\nBeurre doux;Plaque 2 kg;2 kg\n";
    let p = upload(&t, &admin, "conditionnements", "packs.csv", packs.as_bytes().to_vec()).await;
    admin.post("/catalogue/import/confirmer", &[("token", &token_of(&p))]).await.assert_contains("2 créé(s)");
    let recipes =
        "produit;rendement;perte;lieu;ingredient;quantite\nCRO;20 pièces;;Labo;FAR55;1 kg\nCRO;;;;BEU;500 g\n";
    let r = upload(&t, &admin, "recettes", "recettes.csv", recipes.as_bytes().to_vec()).await;
    r.assert_contains("1 à créer");
    admin.post("/catalogue/import/confirmer", &[("token", &token_of(&r))]).await;
    // 1 kg × 60 + 0,5 kg × 1 400 = 760 DA for 20 → 38 DA per croissant.
    let id = t.count("SELECT id FROM products WHERE reference = 'CRO'").await;
    admin.get(&format!("/catalogue/produits/{id}")).await.assert_contains("38,00 DA");
    t.assert_check_passes().await;
}

#[tokio::test]
async fn an_export_goes_back_in_as_xlsx_and_updates_in_place() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/catalogue/import").await;
    let p = upload(&t, &admin, "produits", "produits.csv", PRODUCTS.as_bytes().to_vec()).await;
    admin.post("/catalogue/import/confirmer", &[("token", &token_of(&p))]).await;

    let resp = t
        .http
        .get("/catalogue/export?kind=produits&format=xlsx")
        .header("cookie", format!("fournil_session={}", admin.cookies["fournil_session"]))
        .send()
        .await;
    resp.assert_status_is_ok();
    assert!(resp.0.headers()["content-disposition"].to_str().unwrap().contains(".xlsx"));
    let xlsx = resp.0.into_body().into_vec().await.unwrap();
    assert!(xlsx.starts_with(b"PK"));
    let again = upload(&t, &admin, "produits", "export.xlsx", xlsx).await;
    again.assert_contains("0 à créer, 3 à modifier.");
    admin.post("/catalogue/import/confirmer", &[("token", &token_of(&again))]).await.assert_contains("3 modifié(s)");
    assert_eq!(t.count("SELECT count(*) FROM products").await, 3);
    assert_eq!(t.count("SELECT ref_cost FROM products WHERE reference = 'BEU'").await, 1_400_000);

    let csv = t
        .http
        .get("/catalogue/export?kind=produits&format=csv")
        .header("cookie", format!("fournil_session={}", admin.cookies["fournil_session"]))
        .send()
        .await;
    let text = csv.0.into_body().into_string().await.unwrap();
    assert!(
        text.starts_with('\u{feff}') && text.contains("FAR55;Farine T55;ingredient;Ingrédients;g;;60;gluten;oui"),
        "{text}"
    );
}

#[tokio::test]
async fn a_foreign_or_empty_file_is_explained() {
    let t = spawn_ready().await;
    let mut admin = t.admin().await;
    admin.get("/catalogue/import").await;
    let missing = upload(&t, &admin, "produits", "x.csv", b"nom;prix\nFarine;3\n".to_vec()).await;
    missing.assert_contains("Colonne « type » absente");
    let broken = upload(&t, &admin, "produits", "x.xlsx", b"PK\x03\x04 pas un classeur".to_vec()).await;
    assert_eq!(broken.status, 422);
    broken.assert_contains("Fichier Excel illisible");
    let empty = upload(&t, &admin, "produits", "x.csv", Vec::new()).await;
    empty.assert_contains("Choisissez un fichier CSV ou XLSX.");
    // Windows-1252 from Excel in French is read correctly.
    let latin = b"nom;type;unite;cout_reference\nFarine Sim\xE9;ingredient;g;80\n".to_vec();
    upload(&t, &admin, "produits", "latin.csv", latin).await.assert_contains("Farine Simé");
}
