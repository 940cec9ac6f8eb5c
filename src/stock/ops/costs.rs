//! What a surplus (a count or a correction) enters stock at. A product's cost is *known* when it
//! holds stock (the PMP of what it holds) or, holding nothing, has a reference cost. Otherwise
//! the surplus needs a unit value typed on purpose: nothing enters stock free and silently. The
//! pages propose one: the recipe's cost (when every cost below it is known), else the last PMP
//! the product had. A typed 0 is accepted (goods that really cost nothing, typed as such).

use rusqlite::Connection;

use crate::catalog::cost::{Basis, Graph};
use crate::catalog::{self, Product, UnitCost, format_unit_cost};
use crate::error::AppError;
use crate::stock::{pmp_of, store};

/// The cost a surplus of `p` enters at without a typed value: the PMP of what it holds, else its
/// reference cost. None: unknown.
pub fn known_cost(conn: &Connection, p: &Product) -> Result<Option<UnitCost>, AppError> {
    let all = store::totals(conn, p.id)?;
    Ok(if all.qty.milli() > 0 { Some(pmp_of(all)) } else { p.ref_cost })
}

/// The cost a surplus enters at: the known cost, else the value typed for it. None: neither.
pub fn entry_cost(conn: &Connection, p: &Product, typed: Option<UnitCost>) -> Result<Option<UnitCost>, AppError> {
    Ok(known_cost(conn, p)?.or(typed))
}

/// Where a proposed value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proposal {
    Recipe(UnitCost),
    LastPmp(UnitCost),
}

impl Proposal {
    pub fn cost(self) -> UnitCost {
        match self {
            Proposal::Recipe(c) | Proposal::LastPmp(c) => c,
        }
    }
}

/// The value proposed for a product whose cost is unknown: its recipe's cost when every cost
/// below it is known, else the last PMP it had. None: nothing to propose.
pub fn proposed_cost(conn: &Connection, product_id: i64) -> Result<Option<Proposal>, AppError> {
    proposal_in(conn, &catalog::ops::graph(conn)?, product_id)
}

/// The proposals for several products (one costing graph for all): (product id, proposal).
pub fn proposals(conn: &Connection, ids: &[i64]) -> Result<Vec<(i64, Option<UnitCost>)>, AppError> {
    let graph = catalog::ops::graph(conn)?;
    ids.iter().map(|id| Ok((*id, proposal_in(conn, &graph, *id)?.map(Proposal::cost)))).collect()
}

fn proposal_in(conn: &Connection, graph: &Graph, product_id: i64) -> Result<Option<Proposal>, AppError> {
    if let Some(c) = graph.costing(product_id, &Default::default())
        && c.basis == Basis::Recipe
        && c.missing.is_empty()
    {
        return Ok(Some(Proposal::Recipe(UnitCost::from_dinars(c.unit_cost))));
    }
    Ok(store::last_held(conn, product_id)?.map(|b| Proposal::LastPmp(pmp_of(b))))
}

/// The message beside a surplus whose value is missing: which product, and what is proposed.
pub fn missing_cost_message(conn: &Connection, p: &Product) -> Result<String, AppError> {
    let hint = match proposed_cost(conn, p.id)? {
        Some(Proposal::Recipe(c)) => format!("proposée : {}, le coût de sa recette", format_unit_cost(c, p.unit)),
        Some(Proposal::LastPmp(c)) => format!("proposée : {}, son dernier PMP", format_unit_cost(c, p.unit)),
        None => "ni stock, ni coût de référence, ni recette pour en proposer une".into(),
    };
    Ok(format!(
        "Aucun coût connu pour « {} » : indiquez la valeur unitaire de ce qui entre ({hint}). Une valeur 0 se saisit exprès.",
        p.name
    ))
}
