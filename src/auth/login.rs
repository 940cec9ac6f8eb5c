//! Signing in: throttling per account name and per address, argon2 verification on a blocking
//! thread, the same answer for an unknown name, a wrong password or a disabled account.

use chrono::Duration;

use super::{ops, password, store};
use crate::clock::stamp;
use crate::error::AppError;
use crate::state::App;

pub use super::ops::{MAX_PER_IP, MAX_PER_NAME, WINDOW_MINUTES};

pub const BAD_CREDENTIALS: &str = "Nom d'utilisateur ou mot de passe incorrect.";

/// Checks the credentials and opens a session; returns the cookie's secret.
pub async fn login(app: &App, username: &str, pass: &str, ip: &str, user_agent: &str) -> Result<String, AppError> {
    let username = username.trim().to_string();
    let (throttle, creds) = {
        let (u, i, now) = (username.clone(), ip.to_string(), app.clock.now());
        // An unknown address (no socket address) is not throttled as one.
        app.db
            .read(move |c| {
                let ip = (!i.is_empty()).then_some(i.as_str());
                Ok((ops::throttled(c, &u, ip, now)?, store::credentials(c, &u)?))
            })
            .await?
    };
    if let Some(minutes) = throttle {
        return Err(AppError::Throttled { minutes });
    }
    // Unknown names verify against a decoy so that every refusal takes the same time.
    let (user_id, hash, active) = match creds {
        Some(found) => found,
        None => (0, password::decoy_hash().to_string(), false),
    };
    let ok = password::verify(pass.to_string(), hash).await && active && user_id > 0;
    let now = app.clock.now();
    if !ok {
        let (u, i, at) = (username.clone(), ip.to_string(), stamp(now));
        app.db
            .write(move |tx| {
                store::delete_old_failures(tx, &stamp(now - Duration::days(1)))?;
                Ok(store::insert_failure(tx, &u, &i, &at)?)
            })
            .await?;
        return Err(AppError::rule(BAD_CREDENTIALS));
    }
    let ttl = Duration::hours(i64::from(app.config.session_hours));
    let (ip, agent) = (ip.to_string(), user_agent.to_string());
    app.db.write(move |tx| ops::open_session(tx, user_id, &username, now, ttl, &ip, &agent)).await
}
