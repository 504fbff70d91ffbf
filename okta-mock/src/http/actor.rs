//! Who a request acts as, for the events its mutation produces.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::store::Actor;

/// The actor is whatever the authentication layer put in the request's extensions (an
/// identified credential); without one, the caller is the holder of the API token.
impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Actor>()
            .cloned()
            .unwrap_or(Actor::ApiToken))
    }
}
