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
    /// The stable machine code; it also decides the status (`ErrorCode::status`).
    pub fn error_code(&self) -> ErrorCode {
        match self {
            ApiError::Signature(SignatureError::Missing) => ErrorCode::SignatureMissing,
            ApiError::Signature(_) => ErrorCode::SignatureInvalid,
            ApiError::MalformedJson(_) => ErrorCode::MalformedJson,
            ApiError::VerifyToken => ErrorCode::VerifyTokenMismatch,
            ApiError::Unauthorized => ErrorCode::Unauthorized,
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::Forbidden(_) => ErrorCode::Forbidden,
            ApiError::NotFound(_) => ErrorCode::NotFound,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::WindowClosed(_) => ErrorCode::WindowClosed,
            ApiError::TextTooLong(_) => ErrorCode::TextTooLong,
            ApiError::TooLarge(_) => ErrorCode::PayloadTooLarge,
            ApiError::RequestTimeout => ErrorCode::RequestTimeout,
            ApiError::Invalid(_) => ErrorCode::InvalidConfig,
            ApiError::Store(e) if e.is_unavailable() => ErrorCode::StoreUnavailable,
            ApiError::Store(_) => ErrorCode::Internal,
        }
    }

    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }
}

/// Declares `ErrorCode` with each code's name and status in one table, so the list of
/// codes (`ErrorCode::ALL`, read by the OpenAPI description) cannot miss one.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal, $status:ident;)*) => {
        /// The stable machine codes of API errors, each with its one status. The OpenAPI
        /// description lists, per status, the codes that answer with it (`http::openapi`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)*
        }

        impl ErrorCode {
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                }
            }

            pub fn status(self) -> StatusCode {
                match self {
                    $(ErrorCode::$variant => StatusCode::$status,)*
                }
            }
        }
    };
}

error_codes! {
    SignatureMissing => "signature_missing", UNAUTHORIZED;
    SignatureInvalid => "signature_invalid", UNAUTHORIZED;
    Unauthorized => "unauthorized", UNAUTHORIZED;
    MalformedJson => "malformed_json", BAD_REQUEST;
    BadRequest => "bad_request", BAD_REQUEST;
    VerifyTokenMismatch => "verify_token_mismatch", FORBIDDEN;
    Forbidden => "forbidden", FORBIDDEN;
    NotFound => "not_found", NOT_FOUND;
    RequestTimeout => "request_timeout", REQUEST_TIMEOUT;
    Conflict => "conflict", CONFLICT;
    PayloadTooLarge => "payload_too_large", PAYLOAD_TOO_LARGE;
    WindowClosed => "window_closed", UNPROCESSABLE_ENTITY;
    TextTooLong => "text_too_long", UNPROCESSABLE_ENTITY;
    InvalidConfig => "invalid_config", UNPROCESSABLE_ENTITY;
    Internal => "internal", INTERNAL_SERVER_ERROR;
    StoreUnavailable => "store_unavailable", SERVICE_UNAVAILABLE;
}

/// The body of every API error.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// For people; may change between versions.
    pub message: String,
    /// The field at fault (`invalid_config`: its path, as in `hours.fri[1]`; `text_too_long`:
    /// `text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.error_code().status()
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Store(error) = self {
            tracing::error!(error = %ErrorChain(error), "request failed");
        }
        let body = ErrorBody {
            code: self.error_code(),
            message: self.to_string(),
            field: match self {
                ApiError::Invalid(error) => Some(error.field.clone()),
                ApiError::TextTooLong(_) => Some("text".into()),
                _ => None,
            },
        };
        let mut response = HttpResponse::build(self.status_code());
        if self.status_code() == StatusCode::SERVICE_UNAVAILABLE {
            // Platforms redeliver; a few seconds give a restarting store time to come back.
            response.insert_header((actix_web::http::header::RETRY_AFTER, RETRY_AFTER_SECONDS));
        }
        response.json(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_and_serializes_as_its_name() {
        let names: std::collections::BTreeSet<&str> =
            ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        for code in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_value(code).ok(),
                Some(serde_json::Value::String(code.as_str().into()))
            );
        }
    }
}
