//! The API's bodies for deliveries: what comes in (read by the pages' forms) and what goes out,
//! with their mapping from the domain.

use poem_openapi::Object;

use crate::api::envelope::envelope;
use crate::deliveries::{self, RunFull};

#[derive(Debug, Clone, Object)]
pub struct DeliveryZoneIn {
    pub name: String,
    /// Frais par défaut : "300"
    pub fee: String,
    /// Plafond sans le droit livraisons.frais (vide : les frais).
    #[oai(default)]
    pub max_fee: String,
}

#[derive(Debug, Clone, Object)]
pub struct DeliveryZoneOut {
    pub id: i64,
    pub name: String,
    pub fee: String,
    pub max_fee: String,
    pub active: bool,
}

#[derive(Debug, Clone, Object)]
pub struct DeliverymanIn {
    pub name: String,
    #[oai(default)]
    pub phone: String,
    /// `personnel` ou `plateforme`
    pub kind: String,
    /// Commission d'une plateforme, en % entier.
    #[oai(default)]
    pub commission_pct: String,
    #[oai(default)]
    pub employee_id: Option<i64>,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct DeliverymanOut {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub kind: String,
    pub commission_pct: i64,
    #[oai(nullable)]
    pub employee_id: Option<i64>,
    /// Son compte 467.
    pub account: String,
    pub active: bool,
}

#[derive(Debug, Clone, Object)]
pub struct OrderDeliveryIn {
    pub zone_id: i64,
    /// Vide : les frais de la zone.
    #[oai(default)]
    pub fee: String,
}

#[derive(Debug, Clone, Object)]
pub struct OrderDeliveryOut {
    pub order_id: i64,
    pub zone_id: i64,
    pub zone: String,
    pub fee: String,
}

#[derive(Debug, Clone, Object)]
pub struct DeliveryRunIn {
    pub deliveryman_id: i64,
    /// Les commandes dans l'ordre des arrêts.
    pub order_ids: Vec<i64>,
    /// La caisse dont l'imprimante imprime la feuille (par défaut : la première active).
    #[oai(default)]
    pub till_id: Option<i64>,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct DeliveryStopIn {
    pub stop_id: i64,
    /// `livree`, `non_livree` ou `refusee`
    pub outcome: String,
    /// Une commande refusée : ses produits `comptoir` (par défaut) ou `perte`.
    #[oai(default)]
    pub goods: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct DeliverySettleIn {
    pub stops: Vec<DeliveryStopIn>,
    /// Espèces remises : "1 800"
    pub counted: String,
    /// Un manquant passé en perte (accord de la gérante).
    #[oai(default)]
    pub write_off: bool,
    #[oai(default)]
    pub approver_id: Option<i64>,
    #[oai(default)]
    pub pin: Option<String>,
    #[oai(default)]
    pub till_id: Option<i64>,
    #[oai(default)]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct DeliveryStopOut {
    pub id: i64,
    pub position: i64,
    pub order_id: i64,
    pub number: String,
    pub customer: String,
    pub phone: String,
    pub address: String,
    pub zone: String,
    pub balance: String,
    pub fee: String,
    pub to_collect: String,
    #[oai(nullable)]
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct DeliveryRunOut {
    pub id: i64,
    pub deliveryman_id: i64,
    pub deliveryman: String,
    /// `en_cours` ou `reglee`
    pub status: String,
    pub day: String,
    pub fee_to_shop: bool,
    #[oai(nullable)]
    pub expected: Option<String>,
    #[oai(nullable)]
    pub counted: Option<String>,
    #[oai(nullable)]
    pub difference: Option<String>,
    pub written_off: bool,
    pub stops: Vec<DeliveryStopOut>,
}

#[derive(Debug, Clone, Object)]
pub struct DeliveryDebtOut {
    pub deliveryman_id: i64,
    pub name: String,
    pub owed: String,
    /// 0–7 jours, 8–30 jours, plus de 30 jours.
    pub ages: Vec<String>,
    #[oai(nullable)]
    pub oldest: Option<String>,
}

#[derive(Debug, Clone, Object)]
pub struct DeliveryPaymentIn {
    pub amount: String,
    #[oai(default)]
    pub till_id: Option<i64>,
    #[oai(default)]
    pub token: Option<String>,
}

/// Une livraison vendue à la caisse depuis le stock du comptoir : elle devient une commande prête
/// à partir (les produits quittent le comptoir à ce moment), à mettre sur une tournée.
#[derive(Debug, Clone, Object)]
pub struct DeliverySaleIn {
    /// Jeton à usage unique : un envoi répété renvoie la même commande, sans rien refaire.
    pub token: String,
    /// La caisse (son comptoir, son tiroir) ; absent : la première caisse active.
    #[oai(default)]
    pub till_id: Option<i64>,
    /// Les produits, comme sur un ticket de caisse (sans remise : prix du catalogue).
    pub lines: Vec<crate::api::sales::SaleLineIn>,
    /// Le client : retrouvé par son téléphone, sinon créé.
    pub name: String,
    pub phone: String,
    pub address: String,
    #[oai(default)]
    pub zone_id: Option<i64>,
    /// Vide : les frais de la zone (au-delà de son plafond : droit livraisons.frais).
    #[oai(default)]
    pub fee: String,
    /// Payée maintenant, en totalité ; sinon l'acompte éventuel, le reste encaissé à la porte.
    #[oai(default)]
    pub paid_now: bool,
    /// `especes` (par défaut), `carte` ou `cheque`.
    #[oai(default)]
    pub method: String,
    /// Acompte versé maintenant, si elle n'est pas payée maintenant : "500".
    #[oai(default)]
    pub deposit: String,
    #[oai(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Object)]
pub struct DeliverySaleOut {
    pub order_id: i64,
    pub number: String,
    /// Payé maintenant.
    pub paid: String,
    /// Ce que le livreur encaisse à la porte, frais compris.
    pub to_collect: String,
}

envelope!(DeliverySaleEnvelope, DeliverySaleOut);
envelope!(DeliveryZoneEnvelope, DeliveryZoneOut);
envelope!(DeliveryZonesEnvelope, Vec<DeliveryZoneOut>);
envelope!(DeliverymanEnvelope, DeliverymanOut);
envelope!(DeliverymenEnvelope, Vec<DeliverymanOut>);
envelope!(OrderDeliveryEnvelope, OrderDeliveryOut);
envelope!(DeliveryRunEnvelope, DeliveryRunOut);
envelope!(DeliveryDebtEnvelope, DeliveryDebtOut);
envelope!(DeliveryDebtsEnvelope, Vec<DeliveryDebtOut>);

pub(super) fn zone_out(z: deliveries::Zone) -> DeliveryZoneOut {
    DeliveryZoneOut { id: z.id, name: z.name, fee: z.fee.to_string(), max_fee: z.max_fee.to_string(), active: z.active }
}

pub(super) fn man_out(m: deliveries::Deliveryman) -> DeliverymanOut {
    DeliverymanOut {
        id: m.id,
        name: m.name,
        phone: m.phone,
        kind: m.kind.code().into(),
        commission_pct: m.commission_pct,
        employee_id: m.employee_id,
        account: m.account,
        active: m.active,
    }
}

pub(super) fn run_out(r: RunFull) -> DeliveryRunOut {
    let stops = r
        .stops
        .iter()
        .map(|s| DeliveryStopOut {
            id: s.id,
            position: s.position,
            order_id: s.order_id,
            number: s.number.clone(),
            customer: s.customer.clone(),
            phone: s.phone.clone(),
            address: s.address.clone(),
            zone: s.zone.clone(),
            balance: s.balance.to_string(),
            fee: s.fee.to_string(),
            to_collect: s.to_collect().to_string(),
            outcome: s.outcome.map(|o| o.code().to_string()),
        })
        .collect();
    let run = &r.run;
    DeliveryRunOut {
        id: run.id,
        deliveryman_id: run.deliveryman_id,
        deliveryman: run.deliveryman.clone(),
        status: run.status.code().into(),
        day: run.day.clone(),
        fee_to_shop: run.fee_to_shop,
        expected: run.expected.map(|m| m.to_string()),
        counted: run.counted.map(|m| m.to_string()),
        difference: run.difference().map(|m| m.to_string()),
        written_off: run.written_off,
        stops,
    }
}

pub(super) fn debt_out(d: deliveries::Debt) -> DeliveryDebtOut {
    DeliveryDebtOut {
        deliveryman_id: d.deliveryman_id,
        name: d.name,
        owed: d.owed.to_string(),
        ages: d.ages.iter().map(|a| a.to_string()).collect(),
        oldest: d.oldest,
    }
}
