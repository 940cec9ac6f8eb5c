//! The application's shared state: the database, the clock, the configuration and the shop's
//! settings. A leaf: handlers, middleware and the route table all import it; it imports no page.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::settings::ShopSettings;
use crate::{auth, settings};

/// Everything a request handler may need, cheap to clone.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub clock: Clock,
    pub config: Arc<Config>,
    settings: Arc<RwLock<ShopSettings>>,
    setup_done: Arc<AtomicBool>,
}

impl App {
    /// Builds the state over an open database; the clock takes the shop's zone from the settings.
    pub fn new(db: Db, clock: Clock, config: Config) -> anyhow::Result<App> {
        let shop = db.read_sync(|c| Ok(settings::store::get(c)?))?;
        clock.set_shop(shop.shop_time());
        let has_users = db.read_sync(|c| Ok(auth::store::count_users(c)? > 0))?;
        Ok(App {
            db,
            clock,
            config: Arc::new(config),
            settings: Arc::new(RwLock::new(shop)),
            setup_done: Arc::new(AtomicBool::new(has_users)),
        })
    }

    pub fn settings(&self) -> ShopSettings {
        self.settings.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// After the settings were saved: every later page and document uses them.
    pub fn settings_changed(&self, s: ShopSettings) {
        self.clock.set_shop(s.shop_time());
        *self.settings.write().unwrap_or_else(|p| p.into_inner()) = s;
    }

    pub fn setup_done(&self) -> bool {
        self.setup_done.load(Ordering::Relaxed)
    }

    pub fn mark_setup_done(&self) {
        self.setup_done.store(true, Ordering::Relaxed);
    }
}
