//! Signing in: throttling per account name and per address, argon2 verification on a blocking
//! thread, the same answer for an unknown name, a wrong password or a disabled account.

use chrono::Duration;

use super::{ops, password, store};
use crate::error::AppError;
use crate::state::App;

pub use super::ops::{MAX_PER_IP, MAX_PER_NAME, WINDOW_MINUTES};

pub const BAD_CREDENTIALS: &str = "Nom d'utilisateur ou mot de passe incorrect.";

/// Checks the credentials and opens a session; returns the cookie's secret.
pub async fn login(app: &App, username: &str, pass: &str, ip: &str, user_agent: &str) -> Result<String, AppError> {
    let username = username.trim().to_string();
    // The attempt is counted (as a failure) before the password is checked, in the one writer:
    // parallel guesses queue there, so no more than the limit are ever checked. A success
    // clears the name's failures, this one included.
    let (u, i, now) = (username.clone(), ip.to_string(), app.clock.now());
    app.db.write(move |tx| ops::reserve_attempt(tx, &u, &i, now)).await?;
    let u = username.clone();
    let creds = app.db.read(move |c| Ok(store::credentials(c, &u)?)).await?;
    // Unknown names verify against a decoy so that every refusal takes the same time.
    let (user_id, hash, active) = match creds {
        Some(found) => found,
        None => (0, password::decoy_hash().to_string(), false),
    };
    let ok = password::verify(pass.to_string(), hash).await && active && user_id > 0;
    let now = app.clock.now();
    if !ok {
        return Err(AppError::rule(BAD_CREDENTIALS));
    }
    let ttl = Duration::hours(i64::from(app.config.session_hours));
    let (ip, agent) = (ip.to_string(), user_agent.to_string());
    app.db.write(move |tx| ops::open_session(tx, user_id, &username, now, ttl, &ip, &agent)).await
}
