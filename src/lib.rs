//! Fournil: the management system of an artisan bakery-pastry shop. One binary over SQLite,
//! serving HTML with htmx to the shop's tablets and PCs. See README.md and ARCHITECTURE.

pub mod accounting;
pub mod api;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod bench;
pub mod cash;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod home;
pub mod hx;
pub mod install;
pub mod middleware;
pub mod money;
pub mod pos;
pub mod printing;
pub mod production;
pub mod purchases;
pub mod routes;
pub mod serve;
pub mod settings;
pub mod shell;
pub mod state;
pub mod stock;
pub mod system;
pub mod text;
pub mod ui;
