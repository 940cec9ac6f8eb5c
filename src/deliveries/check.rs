//! What `fournil check` verifies about deliveries: each settled run's expected cash is Σ its
//! delivered stops' balances and fees less what the deliveryman keeps; what each deliveryman owes
//! (from his runs and payments) is the balance of his 467 account; no order is handed over twice
//! by stops, and no settled run leaves a stop without an outcome.

use rusqlite::Connection;

use super::{ageing, store};
use crate::error::AppError;

pub fn findings(conn: &Connection) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    let expected: Vec<String> = store::runs_off_expected(conn)?
        .into_iter()
        .map(|(id, exp, sum)| format!("tournée n° {id} : attendu {exp}, ses arrêts livrés font {sum}"))
        .collect();
    let today = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    let mut owed = Vec::new();
    for m in store::deliverymen(conn)? {
        let (debt, _, _) = ageing(&store::debt_moves(conn, m.id)?, today);
        let account = crate::accounting::store::net_of(conn, &m.account)?;
        if debt != account {
            owed.push(format!("livreur « {} » : doit {debt}, son compte {} est à {account}", m.name, m.account));
        }
    }
    let mut steps: Vec<String> = store::stops_out_of_step(conn)?
        .into_iter()
        .map(|(run, order)| format!("tournée n° {run}, commande n° {order} : issue incohérente avec la tournée"))
        .collect();
    steps.extend(store::orders_delivered_twice(conn)?.into_iter().map(|o| format!("commande n° {o} livrée deux fois")));
    Ok(vec![
        ("Livraisons : l'attendu de chaque tournée = Σ de ses arrêts livrés", expected),
        ("Livraisons : ce que doit chaque livreur = son compte 467", owed),
        ("Livraisons : chaque arrêt réglé une fois, aucune commande livrée deux fois", steps),
    ])
}
