//! `fournil install [--root DIR]` and `fournil uninstall [--root DIR]`: put a shop on a fresh
//! Debian/Ubuntu mini PC with one command. Creates the `fournil` system user, `/var/lib/fournil`,
//! copies this binary to `/usr/local/bin/fournil`, writes `/etc/fournil/fournil.env` (listening on
//! the LAN), installs the units, creates the database and prints the URL and the setup code.
//! With `--root DIR` the same files are laid into DIR and no user or systemd command runs (tests).
//! Backups need no timer: the server takes its own daily backup (see backup/schedule.rs).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::auth::ops;
use crate::db::Db;

const UNIT: &str = include_str!("../systemd/fournil.service");
const LITESTREAM_UNIT: &str = include_str!("../systemd/fournil-litestream.service");
const LITESTREAM_EXAMPLE: &str = include_str!("../systemd/litestream.yml.example");

/// Where things go, under `/` or under `--root`.
struct Layout {
    bin: PathBuf,
    etc: PathBuf,
    units: PathBuf,
    data: PathBuf,
}

impl Layout {
    fn under(root: &Path) -> Layout {
        Layout {
            bin: root.join("usr/local/bin/fournil"),
            etc: root.join("etc/fournil"),
            units: root.join("etc/systemd/system"),
            data: root.join("var/lib/fournil"),
        }
    }
}

fn run(program: &str, args: &[&str]) -> anyhow::Result<()> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| anyhow::anyhow!("impossible de lancer {program} : {e}"))?;
    if !out.status.success() {
        anyhow::bail!("{program} {} a échoué : {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

fn write(path: &Path, contents: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{} : {e}", dir.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| anyhow::anyhow!("{} : {e}", path.display()))
}

/// This machine's address on the shop's network (no packet is sent), for the printed URL.
fn lan_ip() -> String {
    std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").map(|_| s))
        .and_then(|s| s.local_addr())
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|_| "adresse-de-ce-pc".into())
}

/// The second backup directory: the one given (it must exist), else on a terminal the answer to
/// a question (empty: none for now), else none.
fn second_dir_of(given: Option<&Path>) -> anyhow::Result<Option<PathBuf>> {
    use std::io::{BufRead, IsTerminal, Write};
    let dir = match given {
        Some(d) => Some(d.to_path_buf()),
        None if std::io::stdin().is_terminal() => {
            print!("Second dossier pour les sauvegardes (clé USB, second disque ; vide : plus tard) : ");
            std::io::stdout().flush()?;
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            Some(PathBuf::from(line.trim())).filter(|d| !d.as_os_str().is_empty())
        }
        None => None,
    };
    if let Some(problem) = dir.as_deref().and_then(crate::backup::dir_problem) {
        anyhow::bail!("second dossier des sauvegardes : {problem}");
    }
    Ok(dir)
}

/// Every backup is copied to `dir` as well: the setting, and the service allowed to write there.
fn set_second_dir(db: &Db, layout: &Layout, dir: &Path) -> anyhow::Result<()> {
    let text = dir.display().to_string();
    let now = crate::clock::Clock::system().now_text();
    db.write_sync(|tx| {
        let settings =
            crate::backup::BackupSettings { second_dir: text.clone(), ..crate::backup::store::settings(tx)? };
        crate::backup::ops::save_settings(tx, &crate::audit::Actor::system(), &settings, &now)
    })?;
    let drop_in =
        format!("# Écrit par fournil install : le second dossier des sauvegardes.\n[Service]\nReadWritePaths={text}\n");
    write(&layout.units.join("fournil.service.d/second-dir.conf"), &drop_in)
}

/// The binary: copied beside, then renamed over (a running old binary is not disturbed).
fn copy_binary(layout: &Layout) -> anyhow::Result<()> {
    let me = std::env::current_exe()?;
    if me != layout.bin {
        let dir = layout.bin.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(dir)?;
        let tmp = layout.bin.with_extension("nouveau");
        std::fs::copy(&me, &tmp).map_err(|e| anyhow::anyhow!("copie du programme vers {} : {e}", tmp.display()))?;
        std::fs::set_permissions(&tmp, std::os::unix::fs::PermissionsExt::from_mode(0o755))?;
        std::fs::rename(&tmp, &layout.bin)?;
    }
    Ok(())
}

pub fn install(root: Option<&Path>, listen: SocketAddr, second_dir: Option<&Path>) -> anyhow::Result<()> {
    let system = root.is_none();
    let layout = Layout::under(root.unwrap_or(Path::new("/")));
    let second_dir = second_dir_of(second_dir)?;
    if system {
        let uid = Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
        if uid.as_deref().ok() != Some("0") {
            anyhow::bail!("l'installation doit être lancée en administrateur : sudo fournil install");
        }
        if Command::new("id").arg("fournil").output().map(|o| !o.status.success()).unwrap_or(true) {
            run(
                "useradd",
                &[
                    "--system",
                    "--user-group",
                    "--home-dir",
                    "/var/lib/fournil",
                    "--no-create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                    "fournil",
                ],
            )?;
            println!("Utilisateur système « fournil » créé.");
        }
    }
    copy_binary(&layout)?;
    // Settings: written once; a later install keeps what the admin changed.
    let env = layout.etc.join("fournil.env");
    if !env.exists() {
        write(
            &env,
            &format!(
                "# Fournil: settings of the service (see `fournil --help`).\nFOURNIL_LISTEN={listen}\n# FOURNIL_LOG=info\n# FOURNIL_SECURE_COOKIES=true\n"
            ),
        )?;
    }
    write(&layout.etc.join("litestream.yml.example"), LITESTREAM_EXAMPLE)?;
    write(&layout.units.join("fournil.service"), UNIT)?;
    write(&layout.units.join("fournil-litestream.service"), LITESTREAM_UNIT)?;
    std::fs::create_dir_all(&layout.data)?;
    // The database is created now, so the setup code can be printed here.
    let code = {
        let db = Db::open(&layout.data.join("fournil.db"))?;
        if let Some(dir) = &second_dir {
            set_second_dir(&db, &layout, dir)?;
        }
        db.write_sync(ops::pending_setup_code)?
    };
    if system {
        run("chown", &["-R", "fournil:fournil", "/var/lib/fournil"])?;
        if let Some(dir) = &second_dir {
            run("chown", &["fournil:fournil", &dir.display().to_string()])?;
        }
        run("chmod", &["0750", "/var/lib/fournil"])?;
        run("systemctl", &["daemon-reload"])?;
        run("systemctl", &["enable", "--now", "fournil.service"])?;
    }
    println!("Fournil est installé :");
    println!("  programme    {}", layout.bin.display());
    println!("  réglages     {}", env.display());
    println!("  données      {}", layout.data.display());
    println!("  service      {}", layout.units.join("fournil.service").display());
    match &second_dir {
        Some(dir) => println!("  2e copie     {} (chaque sauvegarde y est copiée)", dir.display()),
        None => println!(
            "Les sauvegardes restent sur le disque de ce PC : ajoutez un second dossier (clé USB, second disque) \
             avec « fournil install --second-dir /media/cle-usb/sauvegardes » ou sur la page Sauvegardes."
        ),
    }
    println!("Ouvrez http://{}:{}/ depuis une tablette ou un PC de la boutique.", lan_ip(), listen.port());
    match code {
        Some(code) => println!("Code d'installation (à saisir sur la première page) : {code}"),
        None => println!("Un administrateur existe déjà : connectez-vous avec son compte."),
    }
    Ok(())
}

/// Removes the program and the units; keeps the data and the settings.
pub fn uninstall(root: Option<&Path>) -> anyhow::Result<()> {
    let layout = Layout::under(root.unwrap_or(Path::new("/")));
    if root.is_none() {
        let _ = run("systemctl", &["disable", "--now", "fournil-litestream.service"]);
        run("systemctl", &["disable", "--now", "fournil.service"])?;
    }
    for path in
        [layout.units.join("fournil.service"), layout.units.join("fournil-litestream.service"), layout.bin.clone()]
    {
        match std::fs::remove_file(&path) {
            Ok(()) => println!("supprimé : {}", path.display()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => anyhow::bail!("{} : {e}", path.display()),
        }
    }
    if root.is_none() {
        let _ = run("systemctl", &["daemon-reload"]);
    }
    println!(
        "Fournil est désinstallé. Les données sont gardées dans {} et les réglages dans {}.",
        layout.data.display(),
        layout.etc.display()
    );
    Ok(())
}
