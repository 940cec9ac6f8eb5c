//! argon2id hashing, always on a blocking thread: a hash takes tens of milliseconds of CPU.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::db::blocking;
use crate::error::AppError;

/// A PHC string (`$argon2id$v=19$…`) for a new password.
pub fn hash_sync(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("argon2: {e}")))
}

/// True when `password` matches `phc`. A malformed stored hash never matches.
pub fn verify_sync(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

pub async fn hash(password: String) -> Result<String, AppError> {
    blocking(move || hash_sync(&password)).await
}

pub async fn verify(password: String, phc: String) -> bool {
    blocking(move || verify_sync(&password, &phc)).await
}

/// A hash of nothing anyone knows, verified when the user name does not exist, so that a
/// wrong name and a wrong password take the same time (no user enumeration by timing).
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_sync(&crate::auth::random_hex(16)).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let phc = hash_sync("croissant-chaud-42").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_sync("croissant-chaud-42", &phc));
        assert!(!verify_sync("croissant-froid-42", &phc));
        assert!(!verify_sync("croissant-chaud-42", "pas un hash"));
    }
}
