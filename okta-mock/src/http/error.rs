//! The one place where Okta's error body is produced.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use okta_client::models::{ErrorCause, ErrorCode, OktaErrorBody};

use super::ids::error_id;
use crate::store::StoreError;

/// An error answered in Okta's shape: the status and the five-key body, `errorCauses` always
/// an array. Handlers return it with `?`; a [`StoreError`] converts into it unchanged.
#[derive(Debug, Clone)]
pub struct OktaError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body, boxed so `Result<_, OktaError>` stays small.
    pub body: Box<OktaErrorBody>,
}

impl OktaError {
    /// An error with the given status, code and summary, and a fresh `errorId`.
    pub fn new(status: StatusCode, code: ErrorCode, summary: impl Into<String>) -> Self {
        Self {
            status,
            body: Box::new(OktaErrorBody::new(code, summary, error_id())),
        }
    }

    /// Adds a cause.
    pub fn with_cause(mut self, cause: impl Into<String>) -> Self {
        self.body.error_causes.push(ErrorCause {
            error_summary: cause.into(),
        });
        self
    }

    /// 401 E0000011 "Invalid token provided".
    pub fn invalid_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidToken,
            "Invalid token provided",
        )
    }

    /// 400 E0000003 "The request body was not well-formed.".
    pub fn malformed_body() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedBody,
            "The request body was not well-formed.",
        )
    }

    /// 413 for a body over the size limit (Okta's edge refuses these; the body is ours).
    pub fn body_too_large(max: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::InvalidRequest,
            "The request was invalid.",
        )
        .with_cause(format!("The request body is larger than {max} bytes."))
    }

    /// 405 E0000022.
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotSupported,
            "The endpoint does not support the provided HTTP method",
        )
    }

    /// 404 E0000007 for a path no route serves.
    pub fn unknown_path(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("Not found: Resource not found: {path} (Resource)"),
        )
    }

    /// 429 E0000047.
    pub fn rate_limited() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            "API call exceeded rate limit due to too many requests.",
        )
    }

    /// 500 E0000009, for a handler that failed unexpectedly.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::InternalServerError,
            "Internal Server Error",
        )
    }

    /// 503 E0000010, worded as Okta's error-code reference words it ("Service is in read only
    /// mode", the read-only database exception).
    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::ServiceUnavailable,
            "Service is in read only mode",
        )
    }

    /// 400 E0000001 for a query parameter with a bad value.
    pub fn invalid_parameter(name: &str, reason: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::ApiValidationFailed,
            format!("Api validation failed: {name}"),
        )
        .with_cause(format!("{name}: {reason}"))
    }
}

impl From<StoreError> for OktaError {
    fn from(err: StoreError) -> Self {
        let status = StatusCode::from_u16(err.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut out = Self::new(status, err.code, err.summary);
        for cause in err.causes {
            out = out.with_cause(cause);
        }
        out
    }
}

impl IntoResponse for OktaError {
    fn into_response(self) -> Response {
        (self.status, Json(*self.body)).into_response()
    }
}

impl std::fmt::Display for OktaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.body.error_code,
            self.body.error_summary
        )
    }
}

impl std::error::Error for OktaError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_error_keeps_its_status_code_summary_and_causes() {
        let err: OktaError = StoreError::invalid_cursor().into();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert_eq!(err.body.error_code, ErrorCode::InvalidPaging);
        assert_eq!(err.body.error_link, "E0000029");
        assert_eq!(err.body.error_causes[0].error_summary, "Invalid cursor.");
        assert!(err.body.error_id.starts_with("oae"));
    }
}
