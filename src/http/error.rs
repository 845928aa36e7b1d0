//! The API's one error type. Every error answers with a stable machine `code` and a message
//! in a JSON body; internal failures are logged with their cause and answered with an opaque
//! 500, so no detail (or secret) leaks.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::channels::signature::SignatureError;
use crate::domain::page::ConfigError;
use crate::store::StoreError;
use crate::telemetry::ErrorChain;

/// What a 503 asks the client to wait, in seconds.
const RETRY_AFTER_SECONDS: u64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Signature(SignatureError),
    #[error("the body is not a valid webhook payload: {0}")]
    MalformedJson(serde_json::Error),
    #[error("the verify token does not match")]
    VerifyToken,
    #[error("a valid bearer token is required")]
    Unauthorized,
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    WindowClosed(String),
    /// A text longer than the channel (or the API) accepts; the field is `text`.
    #[error("{0}")]
    TextTooLong(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("the request did not arrive in time")]
    RequestTimeout,
    /// A configuration that does not validate; names the field.
    #[error("{}", .0.message)]
    Invalid(ConfigError),
    /// Answered 503 with `Retry-After` when the store is unreachable, else an opaque 500.
    #[error("{}", if .0.is_unavailable() { "the store is unavailable; try again shortly" } else { "internal error" })]
    Store(#[from] StoreError),
}

impl From<crate::domain::limits::TooLong> for ApiError {
    fn from(error: crate::domain::limits::TooLong) -> Self {
        ApiError::TextTooLong(error.to_string())
    }
}

impl From<crate::pages::ChangeError> for ApiError {
    fn from(error: crate::pages::ChangeError) -> Self {
        use crate::pages::ChangeError;
        match error {
            ChangeError::NotAnObject => ApiError::BadRequest(error.to_string()),
            ChangeError::NoSuchVersion | ChangeError::VersionDeletedThePage => {
                ApiError::NotFound(error.to_string())
            }
            ChangeError::Invalid(error) => ApiError::Invalid(error),
            ChangeError::Store(error) => error.into(),
        }
    }
}

impl From<crate::privacy::PrivacyError> for ApiError {
    fn from(error: crate::privacy::PrivacyError) -> Self {
        use crate::privacy::PrivacyError;
        match error {
            PrivacyError::InvalidCustomer => ApiError::BadRequest(error.to_string()),
            PrivacyError::NoAuditKey => ApiError::Conflict(error.to_string()),
            PrivacyError::Store(error) => error.into(),
        }
    }
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Signature(SignatureError::Missing) => "signature_missing",
            ApiError::Signature(_) => "signature_invalid",
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::VerifyToken => "verify_token_mismatch",
            ApiError::Unauthorized => "unauthorized",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::Conflict(_) => "conflict",
            ApiError::WindowClosed(_) => "window_closed",
            ApiError::TextTooLong(_) => "text_too_long",
            ApiError::TooLarge(_) => "payload_too_large",
            ApiError::RequestTimeout => "request_timeout",
            ApiError::Invalid(_) => "invalid_config",
            ApiError::Store(e) if e.is_unavailable() => "store_unavailable",
            ApiError::Store(_) => "internal",
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Signature(_) | ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::MalformedJson(_) | ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::VerifyToken | ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::WindowClosed(_) | ApiError::Invalid(_) | ApiError::TextTooLong(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::Store(e) if e.is_unavailable() => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Store(error) = self {
            tracing::error!(error = %ErrorChain(error), "request failed");
        }
        let mut body = serde_json::json!({ "code": self.code(), "message": self.to_string() });
        if let ApiError::Invalid(error) = self {
            body["field"] = serde_json::Value::String(error.field.clone());
        }
        if let ApiError::TextTooLong(_) = self {
            body["field"] = serde_json::Value::String("text".into());
        }
        let mut response = HttpResponse::build(self.status_code());
        if self.status_code() == StatusCode::SERVICE_UNAVAILABLE {
            // Platforms redeliver; a few seconds give a restarting store time to come back.
            response.insert_header((actix_web::http::header::RETRY_AFTER, RETRY_AFTER_SECONDS));
        }
        response.json(body)
    }
}
