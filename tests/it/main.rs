//! One integration-test binary: each domain is a module, so cargo links once.

mod api;
mod auth;
mod backup;
mod books;
mod browser;
mod browser_catalog;
mod browser_purchases;
mod browser_stock;
mod catalog;
mod catalog_api;
mod catalog_import;
mod cli;
mod counts;
mod ledger_props;
mod litestream;
mod migrations;
mod purchases;
mod purchases_props;
mod purchases_web;
mod restore;
mod routes;
mod setup;
mod stock;
mod stock_pages;
mod support;
mod users;
