//! Pages of the orders (to come).
