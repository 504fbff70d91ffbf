//! Path parameters whose rejection is Okta's 404, never axum's plain-text error.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::OktaError;

/// Percent-decoded path parameters (`OktaPath(id)` or `OktaPath((app, user))`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OktaPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for OktaPath<T> {
    type Rejection = OktaError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(OktaPath(value)),
            // Only a segment that does not decode to UTF-8 gets here: no such resource.
            Err(_) => Err(OktaError::unknown_path(parts.uri.path())),
        }
    }
}
