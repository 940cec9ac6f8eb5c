//! Routes of the bank deposit of the cash handed over at closes (581 → 512).

use poem::web::{Data, Form};
use poem::{Response, handler};
use serde::Deserialize;

use crate::accounting::{self, account};
use crate::audit::Stamp;
use crate::auth::random_hex;
use crate::cash::ops;
use crate::cash::views::bank as views;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Money;
use crate::state::App;
use crate::ui::Shell;

/// The deposit as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TransitForm {
    amount: String,
    reference: String,
    token: String,
}

impl TransitForm {
    /// The amount carried to the bank (the operation checks it is above zero and in transit).
    pub fn parse(&self) -> Result<Money, FieldErrors> {
        Money::parse_signed(&self.amount).map_err(|_| {
            let mut e = FieldErrors::new();
            e.add("amount", "Un montant comme 1 500 ou 1 234,50.");
            e
        })
    }
}

async fn transit_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    f: &TransitForm,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let in_transit = app.db.read(|c| Ok(accounting::store::net_of(c, account::TRANSIT)?)).await?;
    let main = views::transit(&shell.csrf, in_transit, &f.amount, &f.reference, &f.token, errors);
    Ok(super::page(hx, shell, "Versement en banque", main, errors))
}

#[handler]
pub async fn transit_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let blank = TransitForm { token: random_hex(16), ..Default::default() };
    transit_response(app, hx, &shell, &blank, &FieldErrors::new()).await
}

#[handler]
pub async fn transit(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<TransitForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(amount) => {
            let (reference, token) = (f.reference.clone(), Some(f.token.clone()).filter(|t| !t.is_empty()));
            let (actor, now, day) = (st.actor, st.now, st.day);
            app.db.write(move |tx| ops::bank_transit(tx, &actor, amount, &reference, token.as_deref(), &now, day)).await
        }
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/caisse/versement"),
        async |e| transit_response(app, hx, &shell, &f, &e).await,
    )
    .await
}
