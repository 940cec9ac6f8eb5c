//! The purchases' operations: suppliers, purchases (draft → received → cancelled), and what is
//! paid or returned to a supplier. Each one runs in the caller's transaction.

pub mod payments;
pub mod purchases;
pub mod reports;
pub mod suppliers;

pub use payments::{pay, return_goods, reverse_payment};
pub use purchases::{cancel, create, edit, receive};
pub use reports::{ageing, statement};
pub use suppliers::{link_products, save_supplier, unlink_product};
