//! Routes of the cash pages: the shift at the counter, the history and reports, the bank
//! deposit of handed-over cash.

pub mod bank;
pub mod report;
pub mod shift;

use poem::Response;

use crate::error::FieldErrors;
use crate::hx::{self, Hx};
use crate::ui::Shell;

/// A cash page, or the same page with status 422 when its form came back with messages.
fn page(hx: Hx, shell: &Shell, title: &str, main: maud::Markup, errors: &FieldErrors) -> Response {
    if errors.is_empty() { hx::page(hx, shell, title, main) } else { hx::invalid(hx, shell, title, main) }
}
