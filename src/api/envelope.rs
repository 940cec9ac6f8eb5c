//! The API's envelope and errors, in one place.

use std::collections::BTreeMap;

use poem::web::Json as PoemJson;
use poem::{IntoResponse, Request, Response};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, SecurityScheme};

use crate::auth::CurrentUser;
use crate::error::AppError;

/// `{"success":false,"error":"…","code":"…"}`, with messages per field on a 422.
#[derive(Debug, Clone, Object, serde::Serialize)]
pub struct ErrorBody {
    pub success: bool,
    pub error: String,
    pub code: String,
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    /// Facts about a refusal, for programs: `product_id`, `product`, `available`, …
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<BTreeMap<String, String>>,
}

impl ErrorBody {
    fn of(e: &AppError) -> ErrorBody {
        let fields = match e {
            AppError::Invalid(f) if !f.is_empty() => {
                Some(f.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
            }
            _ => None,
        };
        let error = match e {
            AppError::Invalid(f) if f.is_empty() => "Requête invalide.".to_string(),
            other => other.user_message(),
        };
        let detail = match e {
            AppError::Refused { detail, .. } if !detail.is_empty() => Some(detail.clone()),
            _ => None,
        };
        ErrorBody { success: false, error, code: e.code().to_string(), fields, detail }
    }
}

#[derive(Debug, ApiResponse)]
#[oai(bad_request_handler = "bad_request")]
pub enum ApiError {
    /// Malformed request.
    #[oai(status = 400)]
    BadRequest(Json<ErrorBody>),
    /// Missing, unknown or revoked token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>),
    /// The token's user may not do this.
    #[oai(status = 403)]
    Forbidden(Json<ErrorBody>),
    #[oai(status = 404)]
    NotFound(Json<ErrorBody>),
    /// A business rule said no.
    #[oai(status = 409)]
    Conflict(Json<ErrorBody>),
    /// Bad input, with messages per field.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    /// The body is over the limit (256 Kio), refused before it is read.
    #[oai(status = 413)]
    PayloadTooLarge(Json<ErrorBody>),
    /// The body is not JSON: no `Content-Type: application/json`.
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    #[oai(status = 429)]
    Throttled(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
}

fn bad_request_body(detail: &str) -> ErrorBody {
    ErrorBody {
        success: false,
        error: format!("Requête invalide{detail}"),
        code: "bad_request".into(),
        fields: None,
        detail: None,
    }
}

fn bad_request(err: poem::Error) -> ApiError {
    if err.status() == poem::http::StatusCode::UNSUPPORTED_MEDIA_TYPE {
        return ApiError::UnsupportedMediaType(Json(not_json_body()));
    }
    ApiError::BadRequest(Json(bad_request_body(&format!(" : {err}"))))
}

fn not_json_body() -> ErrorBody {
    ErrorBody {
        success: false,
        error: "Le corps doit être du JSON, envoyé avec « Content-Type: application/json ».".into(),
        code: "unsupported_media_type".into(),
        fields: None,
        detail: None,
    }
}

/// A 413 in the envelope: the body-size guard answers it before the API runs.
pub fn too_large_response(message: String) -> Response {
    let body =
        ErrorBody { success: false, error: message, code: "payload_too_large".into(), fields: None, detail: None };
    ApiError::PayloadTooLarge(Json(body)).into_response()
}

/// A 415 in the envelope, for a body the spec layer refused before the operation (no JSON type).
pub fn not_json_response() -> Response {
    let mut resp = PoemJson(not_json_body()).into_response();
    resp.set_status(poem::http::StatusCode::UNSUPPORTED_MEDIA_TYPE);
    resp
}

/// A 400 in the envelope, for requests refused before any operation ran.
pub fn bad_request_response() -> Response {
    let mut resp =
        PoemJson(bad_request_body(" : le corps n'est pas un JSON conforme à la documentation.")).into_response();
    resp.set_status(poem::http::StatusCode::BAD_REQUEST);
    resp
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        if let AppError::Internal(cause) = &e {
            tracing::error!(error = ?cause, "API : requête échouée");
        }
        let body = Json(ErrorBody::of(&e));
        match e {
            AppError::NotFound => ApiError::NotFound(body),
            AppError::Forbidden | AppError::Csrf => ApiError::Forbidden(body),
            AppError::Unauthenticated => ApiError::Unauthorized(body),
            AppError::Invalid(_) => ApiError::Invalid(body),
            AppError::Rule(_) | AppError::Refused { .. } => ApiError::Conflict(body),
            AppError::Throttled { .. } => ApiError::Throttled(body),
            AppError::Internal(_) => ApiError::Internal(body),
        }
    }
}

pub type ApiResult<T> = Result<Json<T>, ApiError>;

/// The same envelope, outside an operation (authentication, unknown path).
pub fn error_response(e: &AppError) -> Response {
    let mut resp = PoemJson(ErrorBody::of(e)).into_response();
    resp.set_status(e.status());
    resp
}

/// Bearer authentication: the middleware in api/mod.rs has already resolved the token.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", checker = "resolved_user")]
pub struct Bearer(pub CurrentUser);

async fn resolved_user(req: &Request, _bearer: poem_openapi::auth::Bearer) -> Option<CurrentUser> {
    req.extensions().get::<CurrentUser>().cloned()
}

/// Declares `{"success": true, "data": T}` envelopes under a name of their own.
macro_rules! envelope {
    ($name:ident, $data:ty) => {
        #[derive(Debug, Clone, poem_openapi::Object)]
        pub struct $name {
            pub success: bool,
            pub data: $data,
        }
        impl $name {
            pub fn ok(data: $data) -> poem_openapi::payload::Json<$name> {
                poem_openapi::payload::Json($name { success: true, data })
            }
        }
    };
}
pub(crate) use envelope;
