//! Routes of the bank deposit of the cash handed over at closes (581 → 512).

use poem::web::{Data, Form};
use poem::{Response, handler};

use crate::accounting::{self, account};
use crate::auth::{CurrentUser, random_hex};
use crate::cash::ops;
use crate::cash::views::bank as views;
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::money::Money;
use crate::state::App;
use crate::ui::Shell;

type Pairs = Vec<(String, String)>;

fn get(pairs: &Pairs, k: &str) -> String {
    pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default()
}

async fn transit_response(
    app: &App,
    hx: Hx,
    shell: &Shell,
    (amount, reference, token): (&str, &str, &str),
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let in_transit = app.db.read(|c| Ok(accounting::store::net_of(c, account::TRANSIT)?)).await?;
    let main = views::transit(&shell.csrf, in_transit, amount, reference, token, errors);
    Ok(if errors.is_empty() {
        hx::page(hx, shell, "Versement en banque", main)
    } else {
        hx::invalid(hx, shell, "Versement en banque", main)
    })
}

#[handler]
pub async fn transit_page(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    transit_response(app, hx, &shell, ("", "", &random_hex(16)), &FieldErrors::new()).await
}

#[handler]
pub async fn transit(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let (amount_text, reference, token) =
        (get(&pairs, "amount"), get(&pairs, "reference"), Some(get(&pairs, "token")).filter(|t| !t.is_empty()));
    let result = match Money::parse_signed(&amount_text) {
        Ok(amount) => {
            let (actor, now, day, r, t) =
                (me.actor(), app.clock.now_text(), app.clock.business_day(), reference.clone(), token.clone());
            app.db.write(move |tx| ops::bank_transit(tx, &actor, amount, &r, t.as_deref(), &now, day)).await
        }
        Err(_) => {
            let mut e = FieldErrors::new();
            e.add("amount", "Un montant comme 1 500 ou 1 234,50.");
            Err(AppError::Invalid(e))
        }
    };
    match result {
        Ok(_) => Ok(hx::redirect(hx, "/caisse/versement")),
        Err(AppError::Invalid(e)) => {
            let t = token.unwrap_or_default();
            transit_response(app, hx, &shell, (&amount_text, &reference, &t), &e).await
        }
        Err(e) => Err(e),
    }
}
