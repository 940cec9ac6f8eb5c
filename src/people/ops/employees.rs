//! Operations on employees and their enrolments on the clocks.

use rusqlite::Transaction;
use serde_json::json;

use crate::audit::{self, AuditKind, Event, Stamp};
use crate::error::{AppError, FieldErrors};
use crate::money::Money;
use crate::people::store::{devices, employees, punches};
use crate::people::{DeviceStatus, EmployeeDraft, QuarantineReason};

/// What the trail keeps of an employee: never the salary (the trail is readable without the
/// salaries permission); a change of salary is said, not shown.
fn trail(d: &EmployeeDraft) -> serde_json::Value {
    json!({
        "nom": d.full_name, "telephone": d.phone, "poste": d.job.code(), "site": d.site_id,
        "embauche": d.hired_on.to_string(), "contrat": d.contract.code(),
        "fin_contrat": d.contract_end.map(|x| x.to_string()), "minutes_semaine": d.weekly_minutes,
        "repos": d.rest_days, "pointage": d.attendance.code(), "utilisateur": d.user_id, "actif": d.active,
    })
}

fn check_links(tx: &Transaction, id: i64, d: &EmployeeDraft) -> Result<(), AppError> {
    let mut e = FieldErrors::new();
    if !employees::site_exists(tx, d.site_id)? {
        e.add("site_id", "Choisissez un lieu de travail.");
    }
    if let Some(user) = d.user_id {
        if crate::auth::store::user(tx, user)?.is_none() {
            e.add("user_id", "Ce compte n'existe pas.");
        } else if let Some(other) = employees::employee_of_user(tx, user, id)? {
            e.add("user_id", format!("Ce compte est déjà celui de {other}."));
        }
    }
    e.into_result(()).map_err(AppError::Invalid)
}

/// Creates (`id` None) or updates an employee. The salary is only written when the draft carries
/// one (the person may see salaries); otherwise the stored salary stays.
pub fn save_employee(tx: &Transaction, st: &Stamp, id: Option<i64>, d: &EmployeeDraft) -> Result<i64, AppError> {
    crate::text::check_all(&[
        ("full_name", &d.full_name, crate::text::Text::Name),
        ("notes", &d.notes, crate::text::Text::Note),
    ])?;
    check_links(tx, id.unwrap_or(0), d)?;
    let Some(id) = id else {
        let id = employees::insert_employee(tx, d, d.salary.unwrap_or(Money::ZERO), &st.now)?;
        let event = Event::new(AuditKind::EmployeeSaved, "employe", id, format!("Employé créé : {}.", d.full_name))
            .after(trail(d));
        audit::record(tx, &st.actor, &st.now, event)?;
        return Ok(id);
    };
    let before = employees::employee(tx, id)?.ok_or(AppError::NotFound)?;
    let salary = d.salary.unwrap_or(before.monthly_salary);
    employees::update_employee(tx, id, d, salary, &st.now)?;
    let mut summary = format!("Fiche de {} enregistrée.", d.full_name);
    if salary != before.monthly_salary {
        summary.push_str(" Salaire modifié.");
    }
    let was = EmployeeDraft {
        full_name: before.full_name,
        phone: before.phone,
        cnas_number: before.cnas_number,
        job: before.job,
        site_id: before.site_id,
        hired_on: before.hired_on,
        contract: before.contract,
        contract_end: before.contract_end,
        salary: None,
        weekly_minutes: before.weekly_minutes,
        rest_days: before.rest_days,
        attendance: before.attendance,
        user_id: before.user_id,
        active: before.active,
        notes: before.notes,
    };
    let event = Event::new(AuditKind::EmployeeSaved, "employe", id, summary).before(trail(&was)).after(trail(d));
    audit::record(tx, &st.actor, &st.now, event)?;
    Ok(id)
}

/// A PIN as the device sends it: digits or letters, kept as text (`007` is not `7`).
pub fn parse_pin(text: &str) -> Result<String, &'static str> {
    let pin = text.trim();
    if pin.is_empty() {
        return Err("Le code de l'employé sur la pointeuse est obligatoire.");
    }
    if pin.chars().count() > 24 || !pin.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err("Chiffres et lettres seulement, 24 au plus, tel que la pointeuse l'affiche (007 n'est pas 7).");
    }
    Ok(pin.to_string())
}

/// Enrols an employee under a PIN on a device. A PIN already live on that device is refused,
/// naming whose it is. Lines of that PIN held in quarantine stay there: a person gives them.
pub fn enrol(tx: &Transaction, st: &Stamp, employee_id: i64, device_id: i64, pin: &str) -> Result<i64, AppError> {
    let employee = employees::employee(tx, employee_id)?.ok_or(AppError::NotFound)?;
    let mut e = FieldErrors::new();
    let device = devices::device(tx, device_id)?;
    match &device {
        None => e.add("device_id", "Choisissez une pointeuse."),
        Some(d) if d.status == DeviceStatus::Retired => e.add("device_id", "Cette pointeuse est retirée."),
        _ => {}
    }
    let pin = match parse_pin(pin) {
        Ok(p) => p,
        Err(m) => {
            e.add("pin", m);
            String::new()
        }
    };
    if let Some(other) = employees::live_enrolment(tx, device_id, &pin)?.filter(|_| !pin.is_empty()) {
        e.add("pin", format!("Le code {pin} est déjà celui de {} sur cette pointeuse.", other.employee));
    }
    e.into_result(()).map_err(AppError::Invalid)?;
    let id = employees::insert_enrolment(tx, employee_id, device_id, &pin, &st.now)?;
    let waiting =
        punches::open_held_of(tx, &device.map(|d| d.serial).unwrap_or_default(), QuarantineReason::UnknownPin)?
            .iter()
            .filter(|h| h.pin.as_deref() == Some(pin.as_str()))
            .count();
    let mut summary = format!("{} inscrit sous le code {pin} sur la pointeuse n° {device_id}.", employee.full_name);
    if waiting > 0 {
        summary.push_str(&format!(" {waiting} ligne(s) de ce code attendent en quarantaine."));
    }
    let event = Event::new(AuditKind::EnrolmentChanged, "inscription", id, summary);
    audit::record(tx, &st.actor, &st.now, event)?;
    Ok(id)
}

/// Ends an enrolment (the PIN is free again); the punches it credited keep proving whom.
pub fn end_enrolment(tx: &Transaction, st: &Stamp, employee_id: i64, enrolment_id: i64) -> Result<(), AppError> {
    let n = employees::enrolment_by_id(tx, enrolment_id)?
        .filter(|n| n.employee_id == employee_id)
        .ok_or(AppError::NotFound)?;
    if employees::end_enrolment(tx, enrolment_id, &st.now)? == 0 {
        return Ok(());
    }
    let summary = format!("Code {} de {} retiré de la pointeuse {}.", n.pin, n.employee, n.device);
    audit::record(
        tx,
        &st.actor,
        &st.now,
        Event::new(AuditKind::EnrolmentChanged, "inscription", enrolment_id, summary),
    )?;
    Ok(())
}
