//! `fournil bench`: Fournil in this process on a loopback port, over a demo database (built or
//! reused), driven by K concurrent HTTP clients per named scenario. Prints one table (p50 / p95 /
//! p99 latency, requests per second, errors), the peak RSS and the database size, writes the same
//! as JSON, then checks that every acknowledged sale exists and that `fournil check` passes.

mod client;
mod report;
mod setup;
mod wrk;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;

pub use report::{Report, ScenarioResult};

use crate::config::Config;

#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// Années d'historique de la base de démonstration (construite si elle n'existe pas encore).
    #[arg(long, default_value_t = 1.0)]
    pub years: f64,
    /// Tickets par jour de la base construite.
    #[arg(long, default_value_t = 400)]
    pub tickets_per_day: u32,
    /// Clients HTTP simultanés.
    #[arg(long, default_value_t = 8)]
    pub clients: usize,
    /// Durée de chaque scénario, en secondes.
    #[arg(long, default_value_t = 10.0)]
    pub duration: f64,
    /// Scénarios, séparés par des virgules (par défaut : tous).
    #[arg(long, value_delimiter = ',')]
    pub scenarios: Vec<String>,
    /// Écrit aussi les résultats en JSON dans ce fichier.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// La base de démonstration (par défaut <dossier des données>/demo-bench.db).
    #[arg(long)]
    pub db: Option<PathBuf>,
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

/// The scenarios, in the order they run.
pub const SCENARIOS: &[(&str, &str)] = &[
    ("encaissement", "Ticket de caisse de 3 lignes payé en espèces (POST /api/v1/sales)"),
    (
        "encaissement-wrk",
        "Le même ticket posté par wrk, client HTTP extérieur en keep-alive (2 fils au plus ; ignoré sans wrk)",
    ),
    ("caisse", "Écran de caisse (GET /caisse)"),
    ("recherche", "Recherche de produits (GET /catalogue/produits?q=…)"),
    ("stock", "Vue d'ensemble du stock (GET /stock)"),
    ("fiche-stock", "Fiche de stock d'un produit (GET /stock/produits/:id)"),
    ("rapport-z", "Rapport Z d'une caisse"),
    ("balance", "Balance générale (GET /compta/balance)"),
    ("tableau-de-bord", "Accueil du propriétaire : aujourd'hui, le mois, tiroirs, commandes, stock bas (GET /)"),
    ("rapport-mois", "Rapport du mois en cours comparé au précédent, graphiques et tableaux (GET /rapports)"),
    ("sauvegarde", "Sauvegarde pendant des encaissements (POST /admin/sauvegardes/lancer)"),
    ("commande", "Commande client avec acompte en espèces (POST /api/v1/commandes)"),
    ("retrait", "Solde encaissé et commande remise (POST /api/v1/commandes/:id/remettre)"),
    (
        "pointeuse",
        "Lot ATTLOG de 10 000 pointages poussé par la pointeuse (POST /iclock/cdata) : pointages/s = requêtes/s × 10 000",
    ),
];

/// Checks the options; French messages for what a person typed wrong.
pub fn validate(a: &BenchArgs) -> anyhow::Result<Vec<&'static str>> {
    if a.clients == 0 {
        anyhow::bail!("--clients doit valoir au moins 1 (le nombre de clients HTTP simultanés).");
    }
    if !(a.duration.is_finite() && a.duration > 0.0 && a.duration <= 3_600.0) {
        anyhow::bail!("--duration doit être entre 0 et 3600 secondes.");
    }
    if a.scenarios.is_empty() {
        return Ok(SCENARIOS.iter().map(|(n, _)| *n).collect());
    }
    let mut out = Vec::new();
    for s in &a.scenarios {
        let s = s.trim();
        match SCENARIOS.iter().find(|(n, _)| *n == s) {
            Some((n, _)) => out.push(*n),
            None => anyhow::bail!(
                "scénario inconnu « {s} » : choisissez parmi {}.",
                SCENARIOS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            ),
        }
    }
    Ok(out)
}

pub fn run(config: &Config, a: &BenchArgs) -> anyhow::Result<()> {
    let scenarios = validate(a)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let report = rt.block_on(bench(config, a, &scenarios))?;
    println!("{}", report.table());
    if let Some(path) = &a.json {
        std::fs::write(path, report.json())?;
        eprintln!("bench : résultats écrits dans {}", path.display());
    }
    if !report.check_ok || report.missing_sales > 0 {
        anyhow::bail!(
            "après la charge : {} vente(s) acquittée(s) introuvable(s), contrôle {}",
            report.missing_sales,
            if report.check_ok { "ok" } else { "en ÉCHEC" }
        );
    }
    Ok(())
}

/// The whole benchmark; returns the report (also used by the test).
pub async fn bench(config: &Config, a: &BenchArgs, scenarios: &[&'static str]) -> anyhow::Result<Report> {
    let env = setup::prepare(config, a, scenarios.contains(&"retrait")).await?;
    let duration = Duration::from_secs_f64(a.duration);
    let mut results = Vec::new();
    let acked = Arc::new(std::sync::Mutex::new(Vec::<i64>::new()));
    for name in scenarios {
        eprintln!("bench : scénario « {name} » ({} clients, {:.0} s)…", a.clients, a.duration);
        if *name == "encaissement-wrk" {
            results.push(wrk::drive(&env.target, a.clients, duration).await);
            continue;
        }
        let r = client::drive(&env.target, name, a.clients, duration, acked.clone()).await;
        results.extend(r);
    }
    let acked: Vec<i64> = acked.lock().map(|v| v.clone()).unwrap_or_default();
    let started = Instant::now();
    let (missing, check_ok, check_peak_rss_kb) = setup::verify(&env, acked.clone()).await?;
    eprintln!("bench : vérification en {:.1} s", started.elapsed().as_secs_f64());
    let (years, built, db_bytes) = (env.years, env.built, report::db_bytes(&env.db_path));
    env.stop().await;
    Ok(Report {
        years,
        clients: a.clients,
        duration_s: a.duration,
        scenarios: results,
        peak_rss_kb: crate::memory::peak_rss_kb(),
        db_bytes,
        acknowledged_sales: acked.len() as i64,
        missing_sales: missing,
        check_ok,
        check_peak_rss_kb,
        built,
    })
}
