//! Routes of the orders (to come).
