//! Process configuration: command-line options with `FOURNIL_*` environment fallbacks, validated
//! once. Shop settings (name, legal ids, time zone) live in the database, not here.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Dossier des données (base SQLite, sauvegardes).
    #[arg(long, env = "FOURNIL_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// Durée d'inactivité (en heures) après laquelle une session expire.
    #[arg(long, env = "FOURNIL_SESSION_HOURS", default_value_t = 12, global = true,
          value_parser = clap::value_parser!(u32).range(1..=720))]
    pub session_hours: u32,

    /// Cookies « Secure » : à activer seulement derrière HTTPS.
    #[arg(long, env = "FOURNIL_SECURE_COOKIES", default_value_t = false, global = true)]
    pub secure_cookies: bool,
}

impl Config {
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("fournil.db")
    }

    /// A configuration for tests and tools: everything default, data in `dir`.
    pub fn for_dir(dir: impl Into<PathBuf>) -> Config {
        Config { data_dir: dir.into(), session_hours: 12, secure_cookies: false }
    }
}

/// Options of `fournil serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeOptions {
    /// Adresse d'écoute (IP:port). Sur le réseau de la boutique : 0.0.0.0:8080.
    #[arg(long, env = "FOURNIL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Adresse où la pointeuse ZKTeco envoie ses pointages (ADMS, « serveur cloud » de la
    /// pointeuse). Ouverte seulement une fois une pointeuse enregistrée.
    #[arg(long, env = "FOURNIL_CLOCK_LISTEN", default_value = "0.0.0.0:8090")]
    pub clock_listen: SocketAddr,

    /// Minutes entre deux relevés des pointeuses en mode relevé (TCP 4370) ; 0 : jamais.
    #[arg(long, env = "FOURNIL_CLOCK_PULL_MINUTES", default_value_t = 10)]
    pub clock_pull_minutes: u32,
}

/// The clock's port by default: the one the shop's WL30 is configured for.
pub const CLOCK_LISTEN: SocketAddr = SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), 8090);

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            clock_listen: CLOCK_LISTEN,
            clock_pull_minutes: 10,
        }
    }
}

impl ServeOptions {
    /// `fournil` with no subcommand serves, still honouring `FOURNIL_LISTEN`.
    pub fn default_from_env() -> ServeOptions {
        std::env::var("FOURNIL_LISTEN")
            .ok()
            .and_then(|v| v.parse().ok())
            .map(|listen| ServeOptions { listen, ..ServeOptions::default() })
            .unwrap_or_default()
            .with_clock_from_env()
    }

    fn with_clock_from_env(mut self) -> ServeOptions {
        if let Some(addr) = std::env::var("FOURNIL_CLOCK_LISTEN").ok().and_then(|v| v.parse().ok()) {
            self.clock_listen = addr;
        }
        self
    }
}
