//! API of production: record a production run, with the same operation as the page.
//! Quantities are text in natural units ("24 pièces", "5 kg"), parsed like the page.

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use super::envelope::envelope;
use super::{ApiResult, Bearer};
use crate::audit::Stamp;
use crate::production::{TypedProduction, ops};
use crate::state::App;

#[derive(Tags)]
enum Tag {
    /// Production : les ingrédients sortent au PMP, le produit entre à la même valeur.
    Production,
}

#[derive(Debug, Clone, Object)]
pub struct ProductionIn {
    pub product_id: i64,
    /// "24 pièces", "5 kg"
    pub qty: String,
    /// Le comptoir pour un produit fini, le labo pour un semi-fini.
    pub location_id: i64,
    #[oai(default)]
    pub note: String,
    /// Jeton à usage unique : un envoi répété n'enregistre qu'une production.
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct ProductionOut {
    pub id: i64,
}

envelope!(ProductionEnvelope, ProductionOut);

pub struct ProductionApi;

#[OpenApi]
impl ProductionApi {
    /// Produire une quantité d'un produit selon sa recette. Refusé (rien n'est enregistré) si un
    /// ingrédient manque : le message nomme chaque ingrédient et ce qu'il en reste.
    #[oai(path = "/production", method = "post", tag = "Tag::Production")]
    async fn produce(&self, app: Data<&App>, auth: Bearer, body: Json<ProductionIn>) -> ApiResult<ProductionEnvelope> {
        let b = body.0;
        let typed = TypedProduction {
            product: b.product_id.to_string(),
            qty: b.qty,
            location: b.location_id.to_string(),
            note: b.note,
            token: b.token,
        };
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::produce_typed(tx, &st, &typed)).await?;
        Ok(ProductionEnvelope::ok(ProductionOut { id }))
    }

    /// Annuler une production : le produit ressort à la valeur où il est entré, les ingrédients
    /// reviennent aux valeurs où ils sont sortis, l'écriture est contre-passée. Refusé
    /// (`production_output_gone`) dès qu'une partie du produit est sortie depuis (vendue,
    /// transférée, consommée). Annuler deux fois ne change rien.
    #[oai(path = "/production/:id/annuler", method = "post", tag = "Tag::Production")]
    async fn cancel(&self, app: Data<&App>, auth: Bearer, id: Path<i64>) -> ApiResult<ProductionEnvelope> {
        let st = Stamp::new(auth.0.actor(), &app.clock);
        let id = app.db.write(move |tx| ops::cancel(tx, &st, id.0)).await?;
        Ok(ProductionEnvelope::ok(ProductionOut { id }))
    }
}
