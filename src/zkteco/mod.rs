//! The ZKTeco time clocks, in process: the PUSH protocol (ADMS, "iclock", HTTP; the device is the
//! client) on its own port, and a PULL client (binary over TCP 4370; Fournil is the client) for
//! devices that cannot push. Both hand every punch line to `people::ops::record_punch` inside
//! one `db.write`, and answer or advance their cursor only after it commits. This domain owns no
//! table: the clocks, punches and quarantine belong to `people`.

pub mod attlog;
pub mod ops;
pub mod pull;
pub mod push;
pub mod web;
