//! Errors of the OAuth endpoints (RFC 6749 §5.2 bodies: `error`, `error_description`).

use axum::Json;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An OAuth error answer. `invalid_client` is 401 (RFC 6749 §5.2: the client failed to
/// authenticate); the others are 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `error` code: `invalid_client`, `invalid_scope`, `invalid_request`,
    /// `unsupported_grant_type`, `invalid_dpop_proof`, `use_dpop_nonce`.
    pub error: &'static str,
    /// The `error_description`.
    pub description: String,
    /// A `DPoP-Nonce` header to send with a `use_dpop_nonce` answer.
    pub dpop_nonce: Option<String>,
}

impl OAuthError {
    /// 401 `invalid_client`.
    pub fn invalid_client(description: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "invalid_client", description)
    }

    /// 400 `invalid_scope`.
    pub fn invalid_scope(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_scope", description)
    }

    /// 400 `invalid_request`.
    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    /// 400 `unsupported_grant_type`.
    pub fn unsupported_grant_type(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            description,
        )
    }

    /// 400 `invalid_dpop_proof` or `use_dpop_nonce` (with its nonce) for a refused proof.
    pub fn dpop(refused: super::dpop::ProofError) -> Self {
        Self {
            dpop_nonce: refused.nonce,
            ..Self::new(StatusCode::BAD_REQUEST, refused.error, refused.description)
        }
    }

    fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
            dpop_nonce: None,
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(json!({ "error": self.error, "error_description": self.description })),
        )
            .into_response();
        // RFC 6749 §5.1/§5.2: token responses are never cached.
        let headers = response.headers_mut();
        headers.insert("cache-control", HeaderValue::from_static("no-store"));
        headers.insert("pragma", HeaderValue::from_static("no-cache"));
        if let Some(nonce) = self.dpop_nonce.and_then(|n| HeaderValue::from_str(&n).ok()) {
            headers.insert("dpop-nonce", nonce);
        }
        response
    }
}
