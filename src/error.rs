//! One error type for every operation and handler, designed from the counter's side:
//! the person can fix it (422, the form comes back with messages beside the fields),
//! a business rule says no (409, a toast), or we broke (500, a generic message; cause logged).

use std::collections::BTreeMap;

use poem::http::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Page introuvable.")]
    NotFound,
    #[error("Vous n'avez pas le droit d'ouvrir cette page.")]
    Forbidden,
    /// No valid session: pages redirect to the login page, the API answers 401.
    #[error("Veuillez vous connecter.")]
    Unauthenticated,
    #[error("Le formulaire a expiré ou ne vient pas de Fournil. Rechargez la page et recommencez.")]
    Csrf,
    /// Bad input, field by field (used by the API; pages re-render their form instead).
    #[error("{0}")]
    Invalid(FieldErrors),
    /// A business rule said no. The text is written for the person at the counter.
    #[error("{0}")]
    Rule(String),
    /// A business rule said no, with a stable code and facts for programs (the API's `detail`):
    /// `insufficient_stock` with the product and what is left, `shift_closed`, …
    #[error("{message}")]
    Refused { code: &'static str, message: String, detail: BTreeMap<String, String> },
    #[error("Trop de tentatives. Réessayez dans {minutes} minute(s).")]
    Throttled { minutes: i64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// A refusal naming the form field it belongs to (shown next to that field).
pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
    let mut e = FieldErrors::new();
    e.add(field, message);
    AppError::Invalid(e)
}

impl AppError {
    pub fn rule(message: impl Into<String>) -> AppError {
        AppError::Rule(message.into())
    }

    pub fn refused(code: &'static str, message: impl Into<String>) -> AppError {
        AppError::Refused { code, message: message.into(), detail: BTreeMap::new() }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Rule(_) | AppError::Refused { .. } => StatusCode::CONFLICT,
            AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine code for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden => "forbidden",
            AppError::Unauthenticated => "unauthorized",
            AppError::Csrf => "csrf",
            AppError::Invalid(_) => "invalid",
            AppError::Rule(_) => "conflict",
            AppError::Refused { code, .. } => code,
            AppError::Throttled { .. } => "throttled",
            AppError::Internal(_) => "internal",
        }
    }

    /// What a person may read: never the internal cause.
    pub fn user_message(&self) -> String {
        match self {
            AppError::Internal(_) => {
                "Une erreur interne est survenue ; rien n'a été enregistré. Réessayez.".to_string()
            }
            other => other.to_string(),
        }
    }

    /// The same message for a command on a terminal: field messages joined on one line.
    pub fn for_terminal(self) -> anyhow::Error {
        match self {
            AppError::Invalid(fields) => {
                anyhow::anyhow!("{}", fields.iter().map(|(k, v)| format!("{k} : {v}")).collect::<Vec<_>>().join(" ; "))
            }
            other => anyhow::anyhow!("{}", other.user_message()),
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<r2d2::Error> for AppError {
    fn from(e: r2d2::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl poem::error::ResponseError for AppError {
    fn status(&self) -> StatusCode {
        AppError::status(self)
    }
}

/// Messages keyed by form field name, shown beside each field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    /// Records the first message for a field (later ones would only repeat the problem).
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_string()).or_insert_with(|| message.into());
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// `Ok(value)` when no message was recorded, else the messages.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<&str> = self.0.values().map(String::as_str).collect();
        f.write_str(&parts.join(" "))
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Invalid(e)
    }
}
