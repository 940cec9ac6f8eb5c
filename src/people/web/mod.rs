//! The staff routes.
