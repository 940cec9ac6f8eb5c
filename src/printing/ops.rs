//! Operations of the printers page: a till's printer settings, a test page, a drawer test, a
//! retry. Each runs in the caller's one transaction and is audited.

use rusqlite::Transaction;
use serde_json::json;

use super::driver::{self, DRIVERS};
use super::render::WIDTHS;
use super::{Doc, JobKind, Source, enqueue, kind_label, layout, queue};
use crate::audit::{self, Actor, AuditKind, Event};
use crate::cash::{self, Till};
use crate::error::{AppError, FieldErrors};
use crate::settings::ShopSettings;

/// The printer form of one till, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct TillForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub printer_driver: String,
    #[serde(default)]
    pub printer_address: String,
    #[serde(default)]
    pub printer_width: String,
    /// A checkbox: present ("1") when a drawer hangs on the printer.
    #[serde(default)]
    pub drawer: Option<String>,
}

impl TillForm {
    pub fn of(t: &Till) -> TillForm {
        TillForm {
            name: t.name.clone(),
            printer_driver: t.printer_driver.clone(),
            printer_address: t.printer_address.clone(),
            printer_width: t.printer_width.to_string(),
            drawer: t.drawer.then(|| "1".into()),
        }
    }

    /// The checked values (name, driver, address, width, drawer), or the messages per field.
    pub fn parse(&self) -> Result<(String, String, String, i64, bool), FieldErrors> {
        let mut e = FieldErrors::new();
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 40 {
            e.add("name", "Le nom est obligatoire (40 caractères au plus).");
        }
        let driver = self.printer_driver.trim().to_string();
        let address = self.printer_address.trim().to_string();
        if !DRIVERS.iter().any(|(c, _)| *c == driver) {
            e.add("printer_driver", "Pilote inconnu : choisissez dans la liste.");
        } else if let Err(m) = driver::target(&driver, &address) {
            e.add("printer_address", m);
        }
        let width = self.printer_width.trim().parse::<i64>().ok().filter(|w| WIDTHS.contains(w));
        if width.is_none() {
            e.add("printer_width", "Largeur : 32, 42 ou 48 caractères.");
        }
        let address = if driver == "aucun" { String::new() } else { address };
        e.into_result((name, driver, address, width.unwrap_or(48), self.drawer.is_some()))
    }
}

fn till_json(t: &Till) -> serde_json::Value {
    json!({"name": t.name, "printer_driver": t.printer_driver, "printer_address": t.printer_address,
           "printer_width": t.printer_width, "drawer": t.drawer})
}

fn existing(tx: &Transaction, id: i64) -> Result<Till, AppError> {
    cash::store::till(tx, id)?.ok_or(AppError::NotFound)
}

/// Saves a till's name and printer.
pub fn update_till(tx: &Transaction, actor: &Actor, id: i64, form: &TillForm, now: &str) -> Result<(), AppError> {
    let before = existing(tx, id)?;
    use crate::text::{Text, check_all};
    check_all(&[("name", &form.name, Text::Name), ("printer_address", &form.printer_address, Text::Reference)])?;
    let (name, driver, address, width, drawer) = form.parse().map_err(AppError::Invalid)?;
    if cash::store::till_name_taken(tx, &name, id)? {
        let mut e = FieldErrors::new();
        e.add("name", "Une autre caisse porte déjà ce nom.");
        return Err(AppError::Invalid(e));
    }
    cash::store::set_printer(tx, id, &name, &driver, &address, width, drawer)?;
    let after = existing(tx, id)?;
    let summary = format!("Imprimante de « {} » enregistrée.", after.name);
    let event = Event::new(AuditKind::TillSettingsChanged, "tills", id, summary)
        .before(till_json(&before))
        .after(till_json(&after));
    audit::record(tx, actor, now, event)?;
    Ok(())
}

/// Queues the test page, with a drawer pulse when asked (and the till has a drawer).
pub fn test_print(
    tx: &Transaction,
    actor: &Actor,
    till_id: i64,
    shop: &ShopSettings,
    at_local: &str,
    open_drawer: bool,
    now: &str,
) -> Result<i64, AppError> {
    let till = existing(tx, till_id)?;
    let doc = layout::test_page(shop, &till.name, till.printer_width, at_local);
    let source = Source { kind: JobKind::Test, source_type: "", source_id: None };
    enqueue(tx, till_id, source, &doc, open_drawer && till.drawer, actor.user_id, now)
}

/// Queues a drawer pulse alone (no paper), audited.
pub fn test_drawer(tx: &Transaction, actor: &Actor, till_id: i64, now: &str) -> Result<i64, AppError> {
    let till = existing(tx, till_id)?;
    if !till.drawer {
        return Err(AppError::rule("Aucun tiroir n'est branché sur l'imprimante de cette caisse."));
    }
    let source = Source { kind: JobKind::Drawer, source_type: "", source_id: None };
    let id = enqueue(tx, till_id, source, &Doc::default(), true, actor.user_id, now)?;
    let summary = format!("Test d'ouverture du tiroir de « {} ».", till.name);
    audit::record(tx, actor, now, Event::new(AuditKind::DrawerOpened, "tills", till_id, summary))?;
    Ok(id)
}

/// Puts a job in `echec` back in the queue.
pub fn retry(tx: &Transaction, actor: &Actor, job_id: i64, now: &str) -> Result<(), AppError> {
    let job = queue::retry(tx, job_id, now)?;
    let summary = format!("Impression n° {job_id} relancée ({}).", kind_label(&job.kind));
    let event = Event::new(AuditKind::TillSettingsChanged, "print_jobs", job_id, summary)
        .before(json!({"status": job.status, "attempts": job.attempts, "last_error": job.last_error}));
    audit::record(tx, actor, now, event)?;
    Ok(())
}
