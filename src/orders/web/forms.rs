//! The orders' forms as typed, and their `parse` into drafts. The order form has repeated line
//! fields (`line_id`, `product_id`, `qty`, `options`, `price`, in that order per line), read in
//! one place here; its buttons (add a product, remove a line, change the customer) travel as
//! fields too, so the same form can be redrawn by the server after each tap.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;

use crate::catalog::Unit;
use crate::error::FieldErrors;
use crate::money::Money;
use crate::orders::ops::take::EditDraft;
use crate::orders::{
    CancelDraft, Goods, HandOverDraft, LineDraft, Method, OrderDraft, OrderFull, PaymentDraft, Refund, Service,
};

/// One line as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineForm {
    pub line_id: String,
    pub product_id: String,
    pub qty: String,
    pub options: String,
    pub price: String,
}

/// A payment as typed (the deposit of a new order, a payment, the balance at handover).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PaymentForm {
    pub method: String,
    pub amount: String,
    pub tendered: String,
    pub reference: String,
    pub pay_token: String,
}

fn money(text: &str, field: &str, e: &mut FieldErrors) -> Option<Money> {
    match text.trim() {
        "" => None,
        t => Money::parse(t).map_err(|m| e.add(field, m.to_string())).ok(),
    }
}

impl PaymentForm {
    /// A payment, or None when no amount was typed. `field` names the amount for its message.
    pub fn parse(&self, field: &str) -> Result<Option<PaymentDraft>, FieldErrors> {
        let mut e = FieldErrors::new();
        let amount = money(&self.amount, field, &mut e);
        let tendered = money(&self.tendered, "tendered", &mut e);
        let method = Method::from_code(self.method.trim());
        let wanted = amount.is_some_and(|a| a.cents() > 0);
        if wanted && method.is_none() {
            e.add("method", "Choisissez le mode de paiement.");
        }
        let draft = match (amount, method) {
            (Some(amount), Some(method)) if wanted => Some(PaymentDraft {
                method,
                amount,
                tendered: tendered.filter(|_| method == Method::Cash),
                reference: self.reference.clone(),
                token: Some(self.pay_token.clone()).filter(|t| !t.trim().is_empty()),
            }),
            _ => None,
        };
        e.into_result(draft)
    }

    /// A payment that must be there (the "Encaisser" form).
    pub fn required(&self) -> Result<PaymentDraft, FieldErrors> {
        self.parse("amount")?.ok_or_else(|| {
            let mut e = FieldErrors::new();
            e.add("amount", "Indiquez le montant encaissé.");
            e
        })
    }
}

/// The order form as typed, with the tap that sent it.
#[derive(Debug, Clone, Default)]
pub struct OrderForm {
    /// The order being edited (empty for a new one).
    pub order_id: String,
    pub token: String,
    pub customer_id: String,
    pub new_name: String,
    pub new_phone: String,
    pub service: String,
    pub address: String,
    pub due_day: String,
    pub due_time: String,
    pub notes: String,
    pub lines: Vec<LineForm>,
    pub pay: PaymentForm,
    /// A product to add (its id).
    pub add: Option<i64>,
    /// A line to remove (its index).
    pub remove: Option<usize>,
    /// "Change the customer".
    pub unpick: bool,
    /// A customer chosen from the search (their id).
    pub pick: String,
}

impl OrderForm {
    /// An order as its edit form starts: its lines at their agreed prices.
    pub fn of(full: &OrderFull) -> OrderForm {
        let o = &full.order;
        OrderForm {
            order_id: o.id.to_string(),
            customer_id: o.customer_id.to_string(),
            service: o.service.code().into(),
            address: o.address.clone(),
            due_day: o.due_day.clone(),
            due_time: o.due_time.clone(),
            notes: o.notes.clone(),
            lines: full
                .lines
                .iter()
                .map(|l| LineForm {
                    line_id: l.id.to_string(),
                    product_id: l.product_id.to_string(),
                    qty: l.unit.input_value(l.qty),
                    options: l.options.clone(),
                    price: l.unit_price.input_value(),
                })
                .collect(),
            ..OrderForm::default()
        }
    }

    /// Reads the posted fields, the repeated line fields by position.
    pub fn from_pairs(pairs: &[(String, String)]) -> OrderForm {
        let mut f = OrderForm::default();
        let mut cols: [Vec<String>; 5] = Default::default();
        for (k, v) in pairs {
            let v = v.clone();
            match k.as_str() {
                "order_id" => f.order_id = v,
                "token" => f.token = v,
                "customer_id" => f.customer_id = v,
                "new_name" => f.new_name = v,
                "new_phone" => f.new_phone = v,
                "service" => f.service = v,
                "address" => f.address = v,
                "due_day" => f.due_day = v,
                "due_time" => f.due_time = v,
                "notes" => f.notes = v,
                "method" => f.pay.method = v,
                "amount" => f.pay.amount = v,
                "tendered" => f.pay.tendered = v,
                "reference" => f.pay.reference = v,
                "pay_token" => f.pay.pay_token = v,
                "add" => f.add = v.trim().parse().ok(),
                "remove" => f.remove = v.trim().parse().ok(),
                "unpick" => f.unpick = true,
                "pick" => f.pick = v,
                "line_id" => cols[0].push(v),
                "product_id" => cols[1].push(v),
                "qty" => cols[2].push(v),
                "options" => cols[3].push(v),
                "price" => cols[4].push(v),
                _ => {}
            }
        }
        let [ids, products, qtys, options, prices] = cols;
        let get = |c: &Vec<String>, i: usize| c.get(i).cloned().unwrap_or_default();
        f.lines = (0..products.len())
            .map(|i| LineForm {
                line_id: get(&ids, i),
                product_id: get(&products, i),
                qty: get(&qtys, i),
                options: get(&options, i),
                price: get(&prices, i),
            })
            .collect();
        f
    }

    /// Applies the tap: a product added (one more of it if already there), a line removed, the
    /// customer set aside.
    pub fn apply(&mut self) {
        if let Some(i) = self.remove.take()
            && i < self.lines.len()
        {
            self.lines.remove(i);
        }
        if let Some(id) = self.add.take() {
            let id = id.to_string();
            match self.lines.iter_mut().find(|l| l.product_id == id && l.line_id.is_empty() && l.options.is_empty()) {
                Some(l) => l.qty = (l.qty.trim().parse::<i64>().unwrap_or(0) + 1).to_string(),
                None => self.lines.push(LineForm { product_id: id, qty: "1".into(), ..LineForm::default() }),
            }
        }
        if self.unpick {
            self.customer_id.clear();
            self.unpick = false;
        }
        if !self.pick.trim().is_empty() {
            self.customer_id = std::mem::take(&mut self.pick);
        }
    }

    /// The product ids of the lines (to look their units and prices up).
    pub fn product_ids(&self) -> Vec<i64> {
        self.lines.iter().filter_map(|l| l.product_id.trim().parse().ok()).collect()
    }

    fn when(&self, e: &mut FieldErrors) -> (Service, NaiveDate, NaiveTime) {
        let service = Service::from_code(self.service.trim()).unwrap_or(Service::Pickup);
        let day = NaiveDate::parse_from_str(self.due_day.trim(), "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(self.due_day.trim(), "%d/%m/%Y"))
            .map_err(|_| e.add("due_day", "Choisissez le jour du retrait."))
            .unwrap_or_default();
        let time = NaiveTime::parse_from_str(self.due_time.trim(), "%H:%M")
            .map_err(|_| e.add("due_time", "Choisissez l'heure."))
            .unwrap_or_default();
        (service, day, time)
    }

    fn line_drafts(&self, units: &HashMap<i64, Unit>, e: &mut FieldErrors) -> Vec<LineDraft> {
        let mut out = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            let Some(product_id) = l.product_id.trim().parse::<i64>().ok() else { continue };
            let unit = units.get(&product_id).copied().unwrap_or(Unit::Piece);
            let qty = unit.parse_qty(&l.qty).map_err(|m| e.add(&format!("lines.{i}.qty"), m)).unwrap_or_default();
            let price = money(&l.price, &format!("lines.{i}.price"), e);
            let line_id = l.line_id.trim().parse().ok();
            out.push(LineDraft { line_id, product_id, qty, options: l.options.clone(), price });
        }
        out
    }

    /// The new order, with its deposit, taken at `till_id`.
    pub fn parse(&self, units: &HashMap<i64, Unit>, till_id: i64) -> Result<OrderDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let customer_id = self.customer_id.trim().parse::<i64>().ok();
        if customer_id.is_none() {
            e.add("customer_id", "Choisissez le client, ou créez-le.");
        }
        let (service, due_day, due_time) = self.when(&mut e);
        let lines = self.line_drafts(units, &mut e);
        let deposit = self.pay.parse("deposit").map_err(|p| p.iter().for_each(|(k, v)| e.add(k, v))).unwrap_or(None);
        e.into_result(OrderDraft {
            token: self.token.clone(),
            customer_id: customer_id.unwrap_or(0),
            service,
            address: self.address.clone(),
            due_day,
            due_time,
            notes: self.notes.clone(),
            lines,
            deposit,
            till_id,
        })
    }

    /// The edit of an existing order.
    pub fn parse_edit(&self, units: &HashMap<i64, Unit>) -> Result<EditDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let (service, due_day, due_time) = self.when(&mut e);
        let lines = self.line_drafts(units, &mut e);
        e.into_result(EditDraft {
            service,
            address: self.address.clone(),
            due_day,
            due_time,
            notes: self.notes.clone(),
            lines,
        })
    }
}

/// "Encaisser et remettre": the balance if any, at this tablet's till.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HandOverForm {
    #[serde(flatten)]
    pub pay: PaymentForm,
    pub token: String,
}

impl HandOverForm {
    pub fn parse(&self, till_id: i64) -> Result<HandOverDraft, FieldErrors> {
        let payment = self.pay.parse("amount")?;
        Ok(HandOverDraft { till_id, payment, token: Some(self.token.clone()).filter(|t| !t.is_empty()) })
    }
}

/// The cancellation: why, and what happens to the money and the goods.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CancelForm {
    pub reason: String,
    pub refund: String,
    pub goods: String,
    pub token: String,
}

impl CancelForm {
    pub fn parse(&self, till_id: i64) -> Result<CancelDraft, FieldErrors> {
        let refund = match self.refund.as_str() {
            "especes" => Some(Refund::Cash),
            "avoir" => Some(Refund::Credit),
            _ => None,
        };
        let goods = match self.goods.as_str() {
            "comptoir" => Some(Goods::Counter),
            "perte" => Some(Goods::Waste),
            _ => None,
        };
        Ok(CancelDraft {
            reason: self.reason.clone(),
            refund,
            goods,
            till_id,
            token: Some(self.token.clone()).filter(|t| !t.is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn repeated_line_fields_are_read_by_position_and_taps_apply() {
        let mut f = OrderForm::from_pairs(&pairs(&[
            ("customer_id", "3"),
            ("line_id", ""),
            ("product_id", "7"),
            ("qty", "2"),
            ("options", "Joyeux anniversaire"),
            ("price", ""),
            ("line_id", "12"),
            ("product_id", "9"),
            ("qty", "1"),
            ("options", ""),
            ("price", "1 200"),
            ("remove", "0"),
            ("add", "9"),
        ]));
        assert_eq!(f.lines.len(), 2);
        assert_eq!(f.lines[1].price, "1 200");
        f.apply();
        // Line 0 removed; product 9 exists only as an edited line, so a new line is added.
        assert_eq!(f.lines.iter().map(|l| l.product_id.as_str()).collect::<Vec<_>>(), ["9", "9"]);
        f.add = Some(9);
        f.apply();
        assert_eq!(f.lines[1].qty, "2", "one more of a product already added");
    }

    #[test]
    fn a_deposit_without_amount_is_no_deposit_and_a_method_is_needed() {
        let none = PaymentForm::default();
        assert_eq!(none.parse("deposit"), Ok(None));
        let no_method = PaymentForm { amount: "500".into(), ..PaymentForm::default() };
        assert!(no_method.parse("deposit").unwrap_err().get("method").is_some());
        let card =
            PaymentForm { method: "carte".into(), amount: "500".into(), tendered: "600".into(), ..Default::default() };
        assert_eq!(card.parse("deposit").unwrap().unwrap().tendered, None, "no change on a card");
    }
}
