//! `fournil demo` and `fournil serve --demo`.

use std::path::PathBuf;

use clap::Args;

use super::{Options, Summary};
use crate::clock::Clock;
use crate::config::{Config, ServeOptions};

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Années d'historique (0.05 ≈ deux semaines ; 5 = cinq ans).
    #[arg(long, default_value_t = 1.0)]
    pub years: f64,
    /// Tickets par jour ordinaire (les vendredis, le Ramadan et l'Aïd en font plus).
    #[arg(long, default_value_t = 400)]
    pub tickets_per_day: u32,
    /// Graine : la même graine construit la même boutique.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Fichier de la base (par défaut celle du dossier des données).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Remplacer une base qui n'est pas une démonstration (elle est mise de côté, pas supprimée).
    #[arg(long)]
    pub force: bool,
    /// Mot de passe du compte administrateur « demo » (par défaut : tiré au hasard et affiché).
    #[arg(long)]
    pub password: Option<String>,
}

pub fn print_summary(s: &Summary, db: &std::path::Path) {
    eprintln!(
        "demo : {} jours, {} produits, {} tickets, {} remboursements, {} productions, {} achats, {} commandes ({} remises, {} annulées, {} livraisons vendues à la caisse), {} tournées de livraison réglées ({} livraisons refusées, {} non livrées, {} manques passés en perte, {} dettes de livreur payées), {} employés, {} pointages, {} bulletins de paie, {} factures, {} relevés bancaires en {:.1} s ; base {} ({:.1} Mo)",
        s.days,
        s.products,
        s.tickets,
        s.refunds,
        s.productions,
        s.purchases,
        s.orders,
        s.handed_over,
        s.cancelled,
        s.till_deliveries,
        s.settlements,
        s.refused_deliveries,
        s.not_delivered,
        s.written_off,
        s.delivery_payments,
        s.employees,
        s.punches,
        s.payslips,
        s.bills,
        s.bank_statements,
        s.seconds,
        db.display(),
        s.bytes as f64 / 1_048_576.0
    );
    eprintln!(
        "demo : clients pro : {} commandes d'abonnement, {} factures et avoirs (marchandise rendue après facture : {}), {} paiements ({:.1} s)",
        s.b2b_orders, s.b2b_invoices, s.b2b_credits, s.b2b_payments, s.b2b_seconds
    );
    if !s.sales {
        eprintln!(
            "demo : pas de ventes dans l'historique : les opérations de caisse (ouverture et clôture) ne sont pas encore disponibles."
        );
    }
}

pub fn options(config: &Config, a: &DemoArgs) -> Options {
    let today = Clock::system().business_day() - chrono::Duration::days(1);
    Options {
        db: a.db.clone().unwrap_or_else(|| config.db_path()),
        years: a.years,
        tickets_per_day: a.tickets_per_day,
        seed: a.seed,
        force: a.force,
        today,
        password: a.password.clone().unwrap_or_else(|| crate::auth::random_hex(6)),
        progress: true,
    }
}

pub fn demo(config: &Config, a: &DemoArgs) -> anyhow::Result<()> {
    let o = options(config, a);
    let s = super::build(&o)?;
    print_summary(&s, &o.db);
    eprintln!("demo : connectez-vous avec l'utilisateur « demo », mot de passe « {} ».", o.password);
    Ok(())
}

/// A throw-away shop in a temporary folder: a few weeks of history, then the server.
pub async fn serve_demo(mut config: Config, opts: ServeOptions) -> anyhow::Result<()> {
    let dir = tempfile::Builder::new().prefix("fournil-demo-").tempdir()?;
    config.data_dir = dir.path().to_path_buf();
    let a = DemoArgs { years: 0.08, tickets_per_day: 150, seed: 2026, db: None, force: false, password: None };
    let o = options(&config, &a);
    let built = o.clone();
    let s = crate::db::blocking(move || super::build(&built)).await?;
    print_summary(&s, &o.db);
    let line = format!("Boutique de démonstration : utilisateur « demo », mot de passe « {} »", o.password);
    let bar = "─".repeat(line.chars().count() + 4);
    eprintln!("\n  ┌{bar}┐\n  │  {line}  │\n  └{bar}┘\n  (tout est effacé à l'arrêt)\n");
    let out = crate::serve::run(config, opts).await;
    drop(dir);
    out
}
