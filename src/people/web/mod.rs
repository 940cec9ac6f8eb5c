//! The staff's routes (declared in src/routes/table.rs): thin handlers, one file per subject.

pub mod calendar;
pub mod day;
pub mod devices;
pub mod employees;
pub mod hours;
pub mod leave;
pub mod schedules;

use chrono::NaiveDateTime;

use crate::auth::{CurrentUser, Permission};
use crate::people::views::employees::Can;
use crate::state::App;

/// Now, in the shop's time.
pub fn now_local(app: &App) -> NaiveDateTime {
    app.clock.local(app.clock.now()).naive_local()
}

/// What this person may do in the staff pages.
pub fn can(me: &CurrentUser) -> Can {
    Can { manage: me.can(Permission::PeopleManage), salaries: me.can(Permission::PeopleSalaries) }
}
