//! PULL mode: Fournil reads the clocks that cannot push, every few minutes (`--clock-pull-minutes`),
//! with each device's comm key. The device always gives its whole log: only the records after the
//! device's cursor are taken in (all of them again if the log was cleared, which the idempotent
//! ingestion absorbs), in one transaction with the new cursor and the measured clock drift.

pub mod client;
pub mod proto;

use std::time::Duration;

use crate::db::blocking;
use crate::error::AppError;
use crate::people::Device;
use crate::state::App;

use super::ops::{Batch, ingest_pulled};

/// How long a reading may wait on a silent device.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Reads one clock now. A failure is kept on the device (its page and the admin's home say it).
pub async fn pull_device(app: &App, device: &Device) -> Result<Batch, AppError> {
    let (host, port, key, id) = (device.pull_host.clone(), device.pull_port as u16, device.comm_key as u32, device.id);
    let reading = blocking(move || client::read_log(&host, port, key, TIMEOUT)).await;
    let now = app.clock.now();
    match reading {
        Ok(r) => app.db.write(move |tx| ingest_pulled(tx, id, &r, now)).await,
        Err(e) => {
            let message = e.to_string();
            let at = crate::clock::stamp(now);
            let kept = message.clone();
            app.db.write(move |tx| Ok(crate::people::store::devices::note_pull(tx, id, None, &kept, &at)?)).await?;
            Err(AppError::rule(format!("{} : {message}", device.label())))
        }
    }
}

/// Reads every pull clock, every `every`.
pub async fn schedule(app: App, every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        let devices = app.db.read(|c| Ok(crate::people::store::devices::pull_devices(c)?)).await.unwrap_or_default();
        for d in devices {
            match pull_device(&app, &d).await {
                Ok(b) if b.new + b.held > 0 => {
                    tracing::info!(pointeuse = %d.serial, nouveaux = b.new, quarantaine = b.held, "pointeuse relevée")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(pointeuse = %d.serial, erreur = %e, "relevé de pointeuse impossible"),
            }
        }
    }
}
