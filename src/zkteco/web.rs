//! The clock page's "Relever maintenant" (pull mode): read the device now.

use poem::web::{Data, Path};
use poem::{Response, handler};

use crate::error::AppError;
use crate::hx::{self, Hx};
use crate::people::store::devices;
use crate::state::App;

#[handler]
pub async fn pull_now(Data(app): Data<&App>, hx: Hx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let device = app.db.read(move |c| devices::device(c, id)?.ok_or(AppError::NotFound)).await?;
    if device.mode != crate::people::DeviceMode::Pull || device.pull_host.is_empty() {
        return Err(AppError::rule("Cette pointeuse envoie ses pointages elle-même : rien à relever."));
    }
    super::pull::pull_device(app, &device).await?;
    Ok(hx::redirect(hx, &format!("/personnel/pointeuses/{id}?ok=pointeuse-relevee")))
}
