//! The month's hours as an Excel workbook for the accountant: a sheet of totals per employee
//! (hours as numbers, two decimals) and a sheet of days.

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::AppError;
use crate::people::hours::MonthHours;
use crate::people::{Employee, month_label};

fn fail(e: XlsxError) -> AppError {
    AppError::Internal(anyhow::anyhow!("xlsx : {e}"))
}

fn hours(minutes: i64) -> f64 {
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}

fn header(ws: &mut Worksheet, titles: &[&str]) -> Result<(), AppError> {
    let bold = Format::new().set_bold();
    for (c, h) in titles.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold).map_err(fail)?;
    }
    Ok(())
}

fn totals_sheet(ws: &mut Worksheet, rows: &[(Employee, MonthHours)], salaries: bool) -> Result<(), AppError> {
    let mut titles = vec![
        "Employé",
        "Poste",
        "Lieu",
        "Heures travaillées",
        "Heures prévues",
        "Heures normales",
        "Heures sup.",
        "Plafond légal heures sup.",
        "Heures de nuit",
        "Heures le vendredi",
        "Heures jours de repos",
        "Heures jours fériés",
        "Jours d'absence",
        "Heures manquantes",
        "Jours de congé",
        "Pointages à corriger",
    ];
    if salaries {
        titles.push("Salaire de base (DA)");
    }
    header(ws, &titles)?;
    for (r, (e, m)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        let t = &m.totals;
        ws.write_string(r, 0, &e.full_name).map_err(fail)?;
        ws.write_string(r, 1, e.job.label()).map_err(fail)?;
        ws.write_string(r, 2, &e.site_name).map_err(fail)?;
        let numbers = [
            hours(t.worked_min),
            hours(t.scheduled_min),
            hours(t.regular_min),
            hours(t.overtime_min),
            hours(m.overtime_cap_min),
            hours(t.night_min),
            hours(t.friday_min),
            hours(t.rest_day_min),
            hours(t.holiday_min),
            t.absence_days as f64,
            hours(t.missing_min),
            t.leave_days as f64,
            t.anomalies as f64,
        ];
        for (i, v) in numbers.iter().enumerate() {
            ws.write_number(r, 3 + i as u16, *v).map_err(fail)?;
        }
        if salaries {
            ws.write_number(r, 16, e.monthly_salary.cents() as f64 / 100.0).map_err(fail)?;
        }
    }
    ws.set_column_width(0, 28).map_err(fail)?;
    Ok(())
}

fn days_sheet(ws: &mut Worksheet, rows: &[(Employee, MonthHours)]) -> Result<(), AppError> {
    header(
        ws,
        &["Employé", "Jour", "Prévu", "Travaillé", "Heures sup.", "Nuit", "Absence", "Férié", "Congé", "À corriger"],
    )?;
    let mut r = 1;
    for (e, m) in rows {
        for d in m.days.iter().filter(|d| d.worked > 0 || d.scheduled > 0 || d.anomalies > 0 || d.plan.leave.is_some())
        {
            ws.write_string(r, 0, &e.full_name).map_err(fail)?;
            ws.write_string(r, 1, d.plan.day.format("%d/%m/%Y").to_string()).map_err(fail)?;
            for (i, v) in [d.scheduled, d.worked, d.overtime, d.night].iter().enumerate() {
                ws.write_number(r, 2 + i as u16, hours(*v)).map_err(fail)?;
            }
            ws.write_string(r, 6, if d.absent { "oui" } else { "" }).map_err(fail)?;
            ws.write_string(r, 7, d.plan.holiday.as_deref().unwrap_or("")).map_err(fail)?;
            ws.write_string(r, 8, d.plan.leave.map(|k| k.label()).unwrap_or("")).map_err(fail)?;
            ws.write_number(r, 9, d.anomalies as f64).map_err(fail)?;
            r += 1;
        }
    }
    ws.set_column_width(0, 28).map_err(fail)?;
    Ok(())
}

/// The workbook of a month. Salaries only for those who may see them.
pub fn month_xlsx(first: NaiveDate, rows: &[(Employee, MonthHours)], salaries: bool) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Heures").map_err(fail)?;
    totals_sheet(ws, rows, salaries)?;
    let ws = book.add_worksheet();
    ws.set_name("Jours").map_err(fail)?;
    days_sheet(ws, rows)?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(format!("Heures de {}", month_label(first))));
    book.save_to_buffer().map_err(fail)
}
