//! Where a till's bytes go: a network printer (raw TCP, port 9100), a device file (USB printer
//! class `/dev/usb/lp0`, or any path), a serial port (`/dev/ttyUSB0`), nowhere (`aucun`: the
//! browser prints the HTML receipt), or — in tests — a recording kept in memory.
//!
//! Serial: the bytes are written to the tty as to a file. Its speed is the system's: set it once
//! with `stty -F /dev/ttyUSB0 9600 raw -echo` (most ESC/POS serial printers leave the factory at
//! 9600 or 19200 baud, 8N1, hardware flow control); a udev rule can make it stick.
//!
//! Every send is bounded in time: a printer that does not answer becomes an error on its job,
//! never a stuck worker.

use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use crate::cash::Till;

pub const DEFAULT_PORT: u16 = 9100;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// A device file has no write timeout of its own: the send runs on a helper thread, given this.
const DEVICE_TIMEOUT: Duration = Duration::from_secs(10);

/// The driver codes stored in `tills.printer_driver`, with their French labels.
pub const DRIVERS: &[(&str, &str)] = &[
    ("aucun", "Aucune imprimante (reçu imprimé par le navigateur)"),
    ("reseau", "Réseau (adresse IP:port)"),
    ("fichier", "Fichier de périphérique USB (/dev/usb/lp0)"),
    ("serie", "Port série (/dev/ttyUSB0)"),
];

/// A till's printer, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    None,
    Network { host: String, port: u16 },
    File(String),
    Serial(String),
}

/// Reads `host`, `host:port` or `[v6]:port`. The message goes beside the address field.
pub fn parse_host_port(address: &str) -> Result<(String, u16), String> {
    let a = address.trim();
    let bad = || "Adresse réseau invalide : écrivez par exemple 192.168.1.50:9100.".to_string();
    if a.is_empty() || a.contains(char::is_whitespace) || a.contains('/') {
        return Err(bad());
    }
    let (host, port) = if let Some(rest) = a.strip_prefix('[') {
        let (h, tail) = rest.split_once(']').ok_or_else(bad)?;
        match tail.strip_prefix(':') {
            Some(p) => (h.to_string(), Some(p)),
            None if tail.is_empty() => (h.to_string(), None),
            None => return Err(bad()),
        }
    } else {
        match a.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h.to_string(), Some(p)),
            Some(_) => return Err(bad()),
            None => (a.to_string(), None),
        }
    };
    let port = match port {
        Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(bad)?,
        None => DEFAULT_PORT,
    };
    let host_ok = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:_".contains(c));
    if !host_ok {
        return Err(bad());
    }
    Ok((host, port))
}

/// The target of a till's settings; an error names the field's problem in French.
pub fn target(driver: &str, address: &str) -> Result<Target, String> {
    let address = address.trim();
    let need = |what: &str| format!("Indiquez {what}.");
    match driver {
        "aucun" => Ok(Target::None),
        "reseau" if address.is_empty() => Err(need("l'adresse IP et le port de l'imprimante")),
        "reseau" => parse_host_port(address).map(|(host, port)| Target::Network { host, port }),
        "fichier" | "serie" if address.is_empty() => Err(need("le chemin du périphérique")),
        "fichier" | "serie" if !address.starts_with('/') => {
            Err("Le chemin doit être absolu, par exemple /dev/usb/lp0.".to_string())
        }
        "fichier" => Ok(Target::File(address.to_string())),
        "serie" => Ok(Target::Serial(address.to_string())),
        _ => Err("Pilote inconnu.".to_string()),
    }
}

/// Something that takes a job's bytes. One `send` per job.
pub trait Sink {
    fn send(&mut self, bytes: &[u8]) -> Result<(), String>;
}

/// Opens the sink for a till. `Ok(None)`: the till has no printer.
pub trait Drivers: Send + Sync {
    fn open(&self, till: &Till) -> Result<Option<Box<dyn Sink>>, String>;
}

/// The real drivers, for `fournil serve`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hardware;

impl Drivers for Hardware {
    fn open(&self, till: &Till) -> Result<Option<Box<dyn Sink>>, String> {
        Ok(match target(&till.printer_driver, &till.printer_address)? {
            Target::None => None,
            Target::Network { host, port } => Some(Box::new(Network { host, port })),
            Target::File(path) | Target::Serial(path) => Some(Box::new(Device { path })),
        })
    }
}

struct Network {
    host: String,
    port: u16,
}

impl Sink for Network {
    fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        let name = format!("{}:{}", self.host, self.port);
        let addrs: Vec<_> = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|e| format!("adresse {name} introuvable : {e}"))?
            .collect();
        let mut last = format!("adresse {name} introuvable");
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
                Ok(mut stream) => {
                    stream.set_write_timeout(Some(WRITE_TIMEOUT)).map_err(|e| e.to_string())?;
                    stream
                        .write_all(bytes)
                        .and_then(|_| stream.flush())
                        .map_err(|e| format!("envoi à {name} : {e}"))?;
                    let _ = stream.shutdown(std::net::Shutdown::Write);
                    return Ok(());
                }
                Err(e) => last = format!("connexion à {name} impossible : {e}"),
            }
        }
        Err(last)
    }
}

struct Device {
    path: String,
}

impl Sink for Device {
    fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        let (path, data) = (self.path.clone(), bytes.to_vec());
        let (done, wait) = mpsc::channel();
        std::thread::spawn(move || {
            let result = std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .and_then(|mut f| f.write_all(&data).and_then(|_| f.flush()))
                .map_err(|e| format!("{path} : {e}"));
            let _ = done.send(result);
        });
        wait.recv_timeout(DEVICE_TIMEOUT)
            .unwrap_or_else(|_| Err(format!("{} ne répond pas (délai dépassé)", self.path)))
    }
}

/// For tests: every job's bytes are kept, one entry per job, for every till whose driver is not
/// `aucun`. `fail_with` makes every send fail with that message (a printer switched off).
#[derive(Clone, Default)]
pub struct Recording {
    pub printed: Arc<Mutex<Vec<Vec<u8>>>>,
    pub fail_with: Arc<Mutex<Option<String>>>,
}

impl Recording {
    pub fn new() -> Recording {
        Recording::default()
    }
    pub fn jobs(&self) -> Vec<Vec<u8>> {
        self.printed.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
    pub fn fail(&self, message: Option<&str>) {
        *self.fail_with.lock().unwrap_or_else(|p| p.into_inner()) = message.map(str::to_string);
    }
}

impl Sink for Recording {
    fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        if let Some(m) = self.fail_with.lock().unwrap_or_else(|p| p.into_inner()).clone() {
            return Err(m);
        }
        self.printed.lock().unwrap_or_else(|p| p.into_inner()).push(bytes.to_vec());
        Ok(())
    }
}

impl Drivers for Recording {
    fn open(&self, till: &Till) -> Result<Option<Box<dyn Sink>>, String> {
        Ok(match till.printer_driver.as_str() {
            "aucun" => None,
            _ => Some(Box::new(self.clone())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(parse_host_port("192.168.1.50"), Ok(("192.168.1.50".into(), 9100)));
        assert_eq!(parse_host_port("imprimante.local:9101"), Ok(("imprimante.local".into(), 9101)));
        assert_eq!(parse_host_port("[fe80::1]:9100"), Ok(("fe80::1".into(), 9100)));
        assert!(parse_host_port("10.0.0.1:99999").is_err());
        assert!(parse_host_port("10.0.0.1:").is_err());
        assert!(parse_host_port("a b:9100").is_err());
        assert_eq!(target("aucun", ""), Ok(Target::None));
        assert!(target("reseau", "").is_err());
        assert!(target("fichier", "lp0").is_err());
        assert_eq!(target("serie", "/dev/ttyUSB0"), Ok(Target::Serial("/dev/ttyUSB0".into())));
        assert_eq!(target("bluetooth", "x"), Err("Pilote inconnu.".into()));
    }

    #[test]
    fn network_sends_the_bytes() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let reader = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let mut got = Vec::new();
            std::io::Read::read_to_end(&mut s, &mut got).unwrap();
            got
        });
        Network { host: "127.0.0.1".into(), port }.send(b"\x1b@bonjour").unwrap();
        assert_eq!(reader.join().unwrap(), b"\x1b@bonjour");
    }

    #[test]
    fn device_file_appends_and_a_missing_one_fails() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lp0");
        std::fs::write(&path, b"").unwrap();
        let mut d = Device { path: path.to_string_lossy().into_owned() };
        d.send(b"un").unwrap();
        d.send(b"deux").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"undeux");
        let mut missing = Device { path: dir.path().join("absent").to_string_lossy().into_owned() };
        assert!(missing.send(b"x").is_err());
    }
}
