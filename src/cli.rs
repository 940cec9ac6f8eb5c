//! The command line: `serve` (default), `check`, `user …`, `token create`. No business logic
//! here: commands call the same operations as the pages, on the same data directory, and work
//! while the server runs (WAL + busy_timeout).

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::audit::Actor;
use crate::auth::{self, ops, store};
use crate::clock::Clock;
use crate::config::{Config, ServeOptions};
use crate::db::Db;
use crate::error::AppError;
use crate::system::check;

#[derive(Debug, Parser)]
#[command(name = "fournil", version, about = "Fournil — gestion de boulangerie-pâtisserie", long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Démarre le serveur web (commande par défaut).
    Serve(ServeArgs),
    /// Vérifie que la base est cohérente ; code de sortie 1 sinon.
    Check {
        /// Preuve complète : chaque index contre sa table (integrity_check) et chaque clé
        /// étrangère, en plus des registres (plusieurs minutes sur des années d'historique).
        #[arg(long)]
        full: bool,
    },
    /// Écrit une copie cohérente et vérifiée de la base, pendant que la boutique vend.
    Backup {
        /// Dossier de destination (par défaut <dossier des données>/sauvegardes).
        #[arg(long)]
        to: Option<std::path::PathBuf>,
    },
    /// Remplace la base par une sauvegarde vérifiée (serveur arrêté) ; l'ancienne est gardée à côté.
    Restore {
        /// Le fichier de sauvegarde (.db).
        file: std::path::PathBuf,
        /// Restaurer même si le contrôle trouve des incohérences (elles sont affichées).
        #[arg(long)]
        force: bool,
    },
    /// Installe Fournil comme service sur ce PC (Debian/Ubuntu) ; affiche l'adresse et le code d'installation.
    Install {
        /// Pose les fichiers dans ce dossier au lieu de / (sans utilisateur système ni systemctl).
        #[arg(long)]
        root: Option<std::path::PathBuf>,
        /// Adresse d'écoute écrite dans /etc/fournil/fournil.env.
        #[arg(long, default_value = "0.0.0.0:8080")]
        listen: std::net::SocketAddr,
        /// Second dossier des sauvegardes (clé USB, second disque) : chaque sauvegarde y est copiée.
        /// Sans lui, et sur un terminal, la question est posée.
        #[arg(long)]
        second_dir: Option<std::path::PathBuf>,
    },
    /// Retire le programme et le service ; garde les données et les réglages.
    Uninstall {
        #[arg(long)]
        root: Option<std::path::PathBuf>,
    },
    /// Gère les comptes utilisateurs.
    #[command(subcommand)]
    User(UserCommand),
    /// Gère les jetons d'API.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Construit une boutique de démonstration avec des années d'historique (par les vraies opérations).
    Demo(crate::demo::cli::DemoArgs),
    /// Mesure Fournil sous charge (latences, débit, mémoire) sur une base de démonstration.
    Bench(crate::bench::BenchArgs),
    /// La vérification d'une copie de sauvegarde, lancée par Fournil lui-même dans un processus à
    /// part (`backup::child`).
    #[command(name = crate::backup::child::VERIFY_COMMAND, hide = true)]
    VerifyCopy { file: std::path::PathBuf },
    /// La copie d'une base pour une sauvegarde, lancée par Fournil lui-même dans un processus à
    /// part (`backup::child`).
    #[command(name = crate::backup::child::COPY_COMMAND, hide = true)]
    CopyBase(crate::backup::child::CopyArgs),
    /// Le contrôle d'intégrité, lancé par le serveur dans un processus à part (`system::child`).
    #[command(name = crate::system::child::CHECK_COMMAND, hide = true)]
    CheckBase(crate::system::child::CheckArgs),
}

/// `fournil serve` and its options.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub options: ServeOptions,
    /// Une boutique de démonstration jetable (quelques semaines d'historique, effacée à l'arrêt).
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Crée un compte. Le mot de passe est demandé (ou lu sur l'entrée standard).
    Add {
        /// Nom d'utilisateur.
        name: String,
        /// Rôle : admin, gerante, vendeuse ou production.
        #[arg(long)]
        role: String,
        /// Nom affiché (par défaut le nom d'utilisateur).
        #[arg(long, default_value = "")]
        display_name: String,
    },
    /// Liste les comptes.
    List,
    /// Définit un nouveau mot de passe et ferme les sessions du compte.
    ResetPassword { name: String },
    /// Désactive un compte (sessions et jetons révoqués).
    Disable { name: String },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Crée un jeton d'API pour ce compte et l'affiche (une seule fois).
    Create {
        name: String,
        /// À quoi sert le jeton.
        #[arg(long, default_value = "ligne de commande")]
        label: String,
    },
}

pub fn main() -> ExitCode {
    crate::memory::tune();
    let cli = Cli::parse();
    crate::children::enable();
    // Under load, one log line per request would measure the terminal: the bench logs warnings only.
    init_tracing(if matches!(cli.command, Some(Command::Bench(_))) { "warn" } else { "info" });
    let result = match cli.command {
        None => serve(cli.config, ServeOptions::default_from_env()),
        Some(Command::Serve(ServeArgs { options, demo: false })) => serve(cli.config, options),
        Some(Command::Serve(ServeArgs { options, demo: true })) => serve_demo(cli.config, options),
        Some(Command::Check { full }) => return run_check(&cli.config, full),
        Some(Command::VerifyCopy { file }) => return crate::backup::child::verify_as_child(&file),
        Some(Command::CopyBase(args)) => return crate::backup::child::copy_as_child(&args),
        Some(Command::CheckBase(args)) => return crate::system::child::check_as_child(&args),
        Some(Command::Backup { to }) => crate::backup::cli::backup(&cli.config, to),
        Some(Command::Restore { file, force }) => crate::backup::cli::restore(&cli.config, &file, force),
        Some(Command::Install { root, listen, second_dir }) => {
            crate::install::install(root.as_deref(), listen, second_dir.as_deref())
        }
        Some(Command::Uninstall { root }) => crate::install::uninstall(root.as_deref()),
        Some(Command::User(cmd)) => user(&cli.config, cmd),
        Some(Command::Token(cmd)) => token(&cli.config, cmd),
        Some(Command::Demo(args)) => crate::demo::cli::demo(&cli.config, &args),
        Some(Command::Bench(args)) => crate::bench::run(&cli.config, &args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Erreur : {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("FOURNIL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

fn serve(config: Config, opts: ServeOptions) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(crate::serve::run(config, opts))
}

fn serve_demo(config: Config, opts: ServeOptions) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(crate::demo::cli::serve_demo(config, opts))
}

fn open(config: &Config) -> anyhow::Result<Db> {
    Db::open(&config.db_path())
}

fn run_check(config: &Config, full: bool) -> ExitCode {
    let started = crate::clock::stamp(chrono::Utc::now());
    let depth = if full { check::Depth::Full } else { check::Depth::Quick };
    let report = match open(config)
        .and_then(|db| Ok(crate::system::nightly::run_recorded(&db, check::Origin::Command, depth, started)?))
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("Erreur : {e:#}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", report.mode);
    for f in &report.findings {
        let mark = if f.ok { "ok  " } else { "ÉCHEC" };
        if f.ok {
            println!("{mark} {}", f.rule);
        } else {
            println!("{mark} {} : {}", f.rule, f.detail);
        }
    }
    if report.ok() {
        println!("Base saine ({}, schéma v{}).", config.db_path().display(), report.schema_version);
        ExitCode::SUCCESS
    } else {
        println!("Des incohérences ont été trouvées.");
        ExitCode::FAILURE
    }
}

/// A password from the terminal (asked twice), or one line of standard input.
fn read_password(for_whom: &str) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let first = rpassword::prompt_password(format!("Mot de passe pour {for_whom} : "))?;
        let again = rpassword::prompt_password("Confirmez : ")?;
        if first != again {
            anyhow::bail!("les deux mots de passe ne sont pas identiques");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

fn user(config: &Config, cmd: UserCommand) -> anyhow::Result<()> {
    let db = open(config)?;
    let now = Clock::system().now_text();
    match cmd {
        UserCommand::Add { name, role, display_name } => {
            let role = db
                .read_sync(|c| Ok(store::role_by_code(c, role.trim())?))?
                .ok_or_else(|| anyhow::anyhow!("rôle inconnu « {role} » (admin, gerante, vendeuse ou production)"))?;
            let draft = ops::UserDraft {
                username: name.trim().to_string(),
                display_name: display_name.trim().to_string(),
                role_id: role.id,
            };
            if let Some(problem) = draft.problems().iter().next().map(|(_, v)| v.to_string()) {
                anyhow::bail!("{problem}");
            }
            let password = read_password(&draft.username)?;
            if let Some(problem) = auth::password_problem(&password, &draft.username) {
                anyhow::bail!("mot de passe refusé : {problem}");
            }
            let hash = auth::password::hash_sync(&password)?;
            let id = db
                .write_sync(|tx| ops::create_user(tx, &Actor::cli(), &draft, &hash, &now))
                .map_err(AppError::for_terminal)?;
            println!("Utilisateur « {} » créé (n° {id}, rôle {}).", draft.username, role.name);
        }
        UserCommand::List => {
            let users = db.read_sync(|c| Ok(store::users(c)?))?;
            println!("{:<4} {:<20} {:<28} {:<16} état", "n°", "utilisateur", "nom affiché", "rôle");
            for u in users {
                let state = if u.active { "actif" } else { "désactivé" };
                println!("{:<4} {:<20} {:<28} {:<16} {state}", u.id, u.username, u.display_name, u.role_name);
            }
        }
        UserCommand::ResetPassword { name } => {
            let u = find_user(&db, &name)?;
            let password = read_password(&u.username)?;
            if let Some(problem) = auth::password_problem(&password, &u.username) {
                anyhow::bail!("mot de passe refusé : {problem}");
            }
            let hash = auth::password::hash_sync(&password)?;
            db.write_sync(|tx| ops::reset_password(tx, &Actor::cli(), u.id, &hash, &now))
                .map_err(AppError::for_terminal)?;
            println!("Mot de passe de « {} » changé ; ses sessions sont fermées.", u.username);
        }
        UserCommand::Disable { name } => {
            let u = find_user(&db, &name)?;
            db.write_sync(|tx| ops::set_user_active(tx, &Actor::cli(), u.id, false, &now))
                .map_err(AppError::for_terminal)?;
            println!("Compte « {} » désactivé ; ses sessions et jetons sont révoqués.", u.username);
        }
    }
    Ok(())
}

fn find_user(db: &Db, name: &str) -> anyhow::Result<auth::User> {
    db.read_sync(|c| Ok(store::user_by_name(c, name.trim())?))?
        .ok_or_else(|| anyhow::anyhow!("aucun utilisateur « {name} »"))
}

fn token(config: &Config, cmd: TokenCommand) -> anyhow::Result<()> {
    let db = open(config)?;
    let now = Clock::system().now_text();
    match cmd {
        TokenCommand::Create { name, label } => {
            let u = find_user(&db, &name)?;
            let secret = db
                .write_sync(|tx| ops::create_token(tx, &Actor::cli(), u.id, &label, &now))
                .map_err(AppError::for_terminal)?;
            println!("{secret}");
        }
    }
    Ok(())
}
