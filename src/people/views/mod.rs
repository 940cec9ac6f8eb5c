//! The staff pages.
