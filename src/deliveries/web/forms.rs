//! The forms of the deliveries' pages and their `parse`.

use serde::Deserialize;

use crate::auth::ops::approval::Approval;
use crate::deliveries::ops::OrderDeliveryDraft;
use crate::deliveries::views::debts::PayValues;
use crate::deliveries::views::runs::SettleValues;
use crate::deliveries::views::setup::{DeliveryValues, ManValues, ZoneValues};
use crate::deliveries::views::till::SaleValues;
use crate::deliveries::{
    AssignDraft, DeliverymanDraft, Goods, Outcome, PaymentDraft, SettleDraft, StopDraft, TillSaleDraft, ZoneDraft,
    money_field,
};
use crate::error::FieldErrors;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ZoneForm {
    pub name: String,
    pub fee: String,
    pub max_fee: String,
}

impl ZoneForm {
    pub fn parse(&self) -> Result<ZoneDraft, FieldErrors> {
        ZoneDraft::parse(&self.name, &self.fee, &self.max_fee)
    }
    pub fn values(&self) -> ZoneValues {
        ZoneValues { name: self.name.clone(), fee: self.fee.clone(), max_fee: self.max_fee.clone() }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeeSettingForm {
    pub fee_to_shop: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ManForm {
    pub name: String,
    pub phone: String,
    pub kind: String,
    pub commission_pct: String,
    pub employee_id: String,
    pub token: String,
}

impl ManForm {
    pub fn parse(&self) -> Result<DeliverymanDraft, FieldErrors> {
        let token = Some(self.token.clone()).filter(|t| !t.is_empty());
        DeliverymanDraft::parse(&self.name, &self.phone, &self.kind, &self.commission_pct, &self.employee_id, token)
    }
    pub fn values(&self) -> ManValues {
        ManValues {
            name: self.name.clone(),
            phone: self.phone.clone(),
            kind: self.kind.clone(),
            commission_pct: self.commission_pct.clone(),
            employee_id: self.employee_id.clone(),
            token: self.token.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeliveryForm {
    pub zone_id: String,
    pub fee: String,
}

impl DeliveryForm {
    pub fn parse(&self) -> Result<OrderDeliveryDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let zone_id = self.zone_id.trim().parse::<i64>().unwrap_or_else(|_| {
            e.add("zone_id", "Choisissez la zone de livraison.");
            0
        });
        let fee = money_field(&mut e, "fee", &self.fee, false);
        e.into_result(OrderDeliveryDraft { zone_id, fee })
    }
    pub fn values(&self) -> DeliveryValues {
        DeliveryValues { zone_id: self.zone_id.clone(), fee: self.fee.clone() }
    }
}

/// The runs board's form: the deliveryman, the orders ticked (repeated `order`), the token.
pub fn parse_assign(fields: &[(String, String)], till_id: i64) -> Result<AssignDraft, FieldErrors> {
    let mut e = FieldErrors::new();
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    let deliveryman_id = get("deliveryman_id").parse::<i64>().unwrap_or_else(|_| {
        e.add("deliveryman_id", "Choisissez le livreur.");
        0
    });
    let order_ids: Vec<i64> = fields.iter().filter(|(n, _)| n == "order").filter_map(|(_, v)| v.parse().ok()).collect();
    if order_ids.is_empty() {
        e.add("order_ids", "Cochez au moins une commande prête à livrer.");
    }
    let token = Some(get("token").to_string()).filter(|t| !t.is_empty());
    e.into_result(AssignDraft { deliveryman_id, till_id, order_ids, token })
}

/// The ticked orders and the deliveryman chosen, to draw the board again.
pub fn assign_values(fields: &[(String, String)]) -> (Vec<i64>, String, String) {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let chosen = fields.iter().filter(|(n, _)| n == "order").filter_map(|(_, v)| v.parse().ok()).collect();
    (chosen, get("deliveryman_id"), get("token"))
}

/// The settlement form: `stops.{id}` = outcome, `goods.{id}` = perte, `counted`, `write_off`,
/// `approver_id` and `pin`, `token`.
pub fn parse_settle(fields: &[(String, String)], till_id: i64) -> Result<(SettleDraft, Option<Approval>), FieldErrors> {
    let mut e = FieldErrors::new();
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    let mut stops = Vec::new();
    for (name, value) in fields {
        let Some(id) = name.strip_prefix("stops.").and_then(|i| i.parse::<i64>().ok()) else { continue };
        let Some(outcome) = Outcome::from_code(value) else {
            e.add(name, "Choisissez : livrée, pas livrée ou refusée.");
            continue;
        };
        let goods = (get(&format!("goods.{id}")) == Goods::Waste.code()).then_some(Goods::Waste);
        stops.push(StopDraft { stop_id: id, outcome, goods });
    }
    let counted = money_field(&mut e, "counted", get("counted"), true).unwrap_or_default();
    let write_off = get("write_off") == "1";
    let approval = match (get("approver_id").parse::<i64>(), get("pin")) {
        (Ok(approver_id), pin) if write_off => Some(Approval { approver_id, pin: pin.to_string() }),
        _ => None,
    };
    let token = Some(get("token").to_string()).filter(|t| !t.is_empty());
    e.into_result((SettleDraft { till_id, stops, counted, write_off, token }, approval))
}

/// The settlement form as typed, to draw it again.
pub fn settle_values(fields: &[(String, String)]) -> SettleValues {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let outcomes = fields
        .iter()
        .filter_map(|(n, v)| {
            let id = n.strip_prefix("stops.")?.parse::<i64>().ok()?;
            Some((id, v.clone(), get(&format!("goods.{id}"))))
        })
        .collect();
    SettleValues {
        outcomes,
        counted: get("counted"),
        write_off: get("write_off") == "1",
        approver: get("approver_id"),
        token: get("token"),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PayForm {
    pub amount: String,
    pub token: String,
}

impl PayForm {
    pub fn parse(&self, till_id: i64) -> Result<PaymentDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let amount = money_field(&mut e, "amount", &self.amount, true).unwrap_or_default();
        let token = Some(self.token.clone()).filter(|t| !t.is_empty());
        e.into_result(PaymentDraft { till_id, amount, token })
    }
    pub fn values(&self, man: i64) -> PayValues {
        PayValues { man, amount: self.amount.clone(), token: self.token.clone() }
    }
}

/// The till's "Livraison" form: the cart (JSON, as the tablet keeps it) and what was typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TillSaleForm {
    pub cart: String,
    pub token: String,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub zone_id: String,
    pub fee: String,
    pub pay: String,
    pub method: String,
    pub deposit: String,
    pub notes: String,
}

impl TillSaleForm {
    /// The cart the tablet sent (an unreadable one is refused: the till starts it again).
    pub fn cart(&self) -> Result<crate::pos::Cart, crate::error::AppError> {
        if self.cart.trim().is_empty() {
            return Ok(crate::pos::Cart::default());
        }
        serde_json::from_str(&self.cart)
            .map_err(|_| crate::error::AppError::rule("Ticket illisible : videz-le et recommencez."))
    }

    pub fn parse(&self, till_id: i64) -> Result<TillSaleDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let cart = self.cart().unwrap_or_default();
        if cart.discount.cents() != 0 || cart.lines.iter().any(|l| l.discount.cents() != 0) {
            e.add("lines", "Une livraison se vend au prix du catalogue : retirez les remises du ticket.");
        }
        let customer = crate::customers::CustomerDraft::parse(&self.name, &self.phone, &self.address, "", "", None)
            .map_err(|c| c.iter().for_each(|(k, m)| e.add(k, m)))
            .ok();
        let zone_id = self.zone_id.trim().parse::<i64>().ok();
        let fee = money_field(&mut e, "fee", &self.fee, false);
        let paid_now = self.pay == "maintenant";
        let deposit = if paid_now { None } else { money_field(&mut e, "deposit", &self.deposit, false) };
        let method = crate::orders::Method::from_code(&self.method).unwrap_or(crate::orders::Method::Cash);
        let lines = cart
            .lines
            .iter()
            .map(|l| crate::orders::LineDraft {
                line_id: None,
                product_id: l.product_id,
                qty: l.qty,
                options: String::new(),
                price: None,
            })
            .collect();
        let Some(customer) = customer else { return Err(e) };
        let (token, address, notes) = (self.token.clone(), self.address.trim().to_string(), self.notes.clone());
        let d =
            TillSaleDraft { token, till_id, customer, address, zone_id, fee, lines, paid_now, method, deposit, notes };
        e.into_result(d)
    }

    pub fn values(&self) -> SaleValues {
        SaleValues {
            cart: self.cart.clone(),
            token: self.token.clone(),
            name: self.name.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            zone_id: self.zone_id.clone(),
            fee: self.fee.clone(),
            pay: self.pay.clone(),
            method: self.method.clone(),
            deposit: self.deposit.clone(),
            notes: self.notes.clone(),
        }
    }
}
