//! The JSON body extractor whose rejections are Okta's own errors.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde_json::Value;

use super::error::OktaError;

/// The largest body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A request body that must be a JSON object. Anything else is answered by Okta's 400
/// E0000003 "The request body was not well-formed." (413 over [`MAX_BODY_BYTES`]).
#[derive(Debug, Clone, PartialEq)]
pub struct OktaJson(pub Value);

impl<S: Send + Sync> FromRequest<S> for OktaJson {
    type Rejection = OktaError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                OktaError::body_too_large(MAX_BODY_BYTES)
            } else {
                OktaError::malformed_body()
            }
        })?;
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(value @ Value::Object(_)) => Ok(OktaJson(value)),
            Ok(_) => {
                Err(OktaError::malformed_body()
                    .with_cause("The request body must be a JSON object."))
            }
            Err(_) => Err(OktaError::malformed_body()),
        }
    }
}

/// The raw request body (up to [`MAX_BODY_BYTES`]), for bodies parsed by someone else, such as
/// scenario files whose errors name a path in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = OktaError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(RawBody)
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    OktaError::body_too_large(MAX_BODY_BYTES)
                } else {
                    OktaError::malformed_body()
                }
            })
    }
}
