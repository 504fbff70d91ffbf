//! The org authorization server: OAuth 2.0 service apps, `POST /oauth2/v1/token`
//! (`client_credentials` with `private_key_jwt`, or a client secret where the scenario gives
//! one), expiring access tokens, and the checks resource requests go through (token validity,
//! scopes per operation).
//!
//! Access tokens age on the mock's clock plus a shift the admin API can move forward
//! (`POST /__mock/oauth/clock`), so expiry is testable without waiting. Client assertions are
//! checked on the unshifted clock: a client's own clock does not jump with the shift, and its
//! assertions must stay valid for it to renew the tokens the shift expired.

mod assertion;
pub mod dpop;
mod error;
pub mod jws;
mod registry;
mod resource;
mod scopes;
mod token;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::Duration;

use time::OffsetDateTime;

pub use error::OAuthError;
pub use registry::ServiceApp;
pub use resource::{Credential, authenticate};
pub use scopes::required_scope;
pub use token::token_route;

/// The token endpoint of the org authorization server.
pub const TOKEN_PATH: &str = "/oauth2/v1/token";

use crate::scenario::{ScenarioError, ScenarioServiceApp};

/// How long an access token lives at a time scale of 1: Okta's org authorization server issues
/// tokens for an hour (`expires_in: 3600`, developer.okta.com/docs/guides/
/// implement-oauth-for-okta-serviceapp).
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

/// One access token the server issued.
#[derive(Debug, Clone)]
pub(crate) struct IssuedToken {
    pub(crate) client_id: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) expires_at: OffsetDateTime,
    /// For a DPoP-bound token, the thumbprint of the key it is bound to (`cnf.jkt`).
    pub(crate) jkt: Option<String>,
}

/// The authorization server's state. Shared by the router; all methods take `&self`.
#[derive(Debug, Default)]
pub struct AuthServer {
    apps: RwLock<HashMap<String, ServiceApp>>,
    /// The apps as they were loaded, for a data directory's snapshot.
    loaded: RwLock<Vec<ScenarioServiceApp>>,
    tokens: Mutex<HashMap<String, IssuedToken>>,
    /// Assertion `jti`s seen, with the `exp` after which they may be forgotten.
    seen_jti: Mutex<HashMap<String, i64>>,
    shift_secs: AtomicI64,
    lifetime_ms: AtomicU64,
    issued: AtomicU64,
    dpop: dpop::DpopState,
    resource_nonce: AtomicBool,
}

impl AuthServer {
    /// A server without service apps whose tokens live [`TOKEN_LIFETIME`] divided by
    /// `time_scale` (at least one second).
    pub fn new(time_scale: f64) -> Self {
        let scale = if time_scale.is_finite() && time_scale > 0.0 {
            time_scale
        } else {
            1.0
        };
        let ms = (TOKEN_LIFETIME.as_millis() as f64 / scale).max(1000.0) as u64;
        Self {
            lifetime_ms: AtomicU64::new(ms),
            ..Self::default()
        }
    }

    /// Replaces the service apps with the scenario's (tokens already issued stay valid).
    ///
    /// # Errors
    /// A [`ScenarioError`] naming the app and key that cannot be used.
    pub fn load(&self, apps: &[ScenarioServiceApp]) -> Result<(), ScenarioError> {
        let mut parsed = HashMap::new();
        for (i, app) in apps.iter().enumerate() {
            let app = ServiceApp::from_scenario(app, &format!("serviceApps[{i}]"))?;
            parsed.insert(app.client_id.clone(), app);
        }
        *self.apps.write().unwrap_or_else(|e| e.into_inner()) = parsed;
        *self.loaded.write().unwrap_or_else(|e| e.into_inner()) = apps.to_vec();
        Ok(())
    }

    /// The service apps as they were loaded (client secrets included: for the data
    /// directory only, never for an answer).
    pub(crate) fn service_apps(&self) -> Vec<ScenarioServiceApp> {
        self.loaded
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The service app with this client id.
    pub(crate) fn app(&self, client_id: &str) -> Option<ServiceApp> {
        self.apps
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(client_id)
            .cloned()
    }

    /// The access tokens' now: `clock_now` plus the admin shift.
    pub fn now(&self, clock_now: OffsetDateTime) -> OffsetDateTime {
        clock_now + time::Duration::seconds(self.shift_secs.load(Ordering::Relaxed))
    }

    /// Ages every access token by `secs` (negative to rejuvenate); returns the total shift.
    pub fn shift_clock(&self, secs: i64) -> i64 {
        self.shift_secs.fetch_add(secs, Ordering::Relaxed) + secs
    }

    /// The lifetime of new tokens.
    pub fn token_lifetime(&self) -> Duration {
        Duration::from_millis(self.lifetime_ms.load(Ordering::Relaxed))
    }

    /// How many access tokens were issued since start.
    pub fn tokens_issued(&self) -> u64 {
        self.issued.load(Ordering::Relaxed)
    }

    /// Revokes every token of `client_id` (all tokens for `None`); returns how many.
    pub fn revoke(&self, client_id: Option<&str>) -> usize {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        let before = tokens.len();
        tokens.retain(|_, t| client_id.is_some_and(|c| c != t.client_id));
        before - tokens.len()
    }

    /// Forgets every token and used `jti` and undoes the clock shift (the service apps stay).
    pub fn reset(&self) {
        self.tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.seen_jti
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.shift_secs.store(0, Ordering::Relaxed);
        self.dpop.reset();
    }

    /// The DPoP proof checks and nonces.
    pub fn dpop(&self) -> &dpop::DpopState {
        &self.dpop
    }

    /// Makes the Management API ask DPoP clients for a server nonce (RFC 9449 §9) as well as the
    /// token endpoint. Off by default: Okta's own SDKs for Node (8.x) never put a nonce in
    /// resource proofs and work against Okta, so Okta's API does not demand one by default.
    pub fn require_resource_nonce(&self, on: bool) {
        self.resource_nonce.store(on, Ordering::Relaxed);
    }

    /// Whether resource requests need a nonce (see [`Self::require_resource_nonce`]).
    pub fn resource_nonce_required(&self) -> bool {
        self.resource_nonce.load(Ordering::Relaxed)
    }

    /// Records a new token.
    pub(crate) fn issue(&self, token: String, issued: IssuedToken) {
        self.issued.fetch_add(1, Ordering::Relaxed);
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        // Expired tokens are forgotten on the next issue (their 401 then says "invalid").
        let now =
            issued.expires_at - time::Duration::try_from(self.token_lifetime()).unwrap_or_default();
        tokens.retain(|_, t| t.expires_at + time::Duration::hours(1) > now);
        tokens.insert(token, issued);
    }

    /// The token, if it was issued and not revoked.
    pub(crate) fn lookup(&self, token: &str) -> Option<IssuedToken> {
        self.tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(token)
            .cloned()
    }

    /// Records `jti` until `exp`; false when it was already used.
    pub(crate) fn use_jti(&self, jti: &str, exp: i64, now: i64) -> bool {
        let mut seen = self.seen_jti.lock().unwrap_or_else(|e| e.into_inner());
        seen.retain(|_, until| *until >= now - assertion::CLOCK_SKEW_SECS);
        seen.insert(jti.to_owned(), exp).is_none()
    }
}

/// `prefix` and 32 random bytes from the OS, base64url: access tokens and nonces.
pub(crate) fn random_text(prefix: &str) -> String {
    use base64::Engine;
    use ring::rand::{SecureRandom, SystemRandom};
    let mut bytes = [0u8; 32];
    if SystemRandom::new().fill(&mut bytes).is_err() {
        // The OS generator does not fail on the platforms the mock runs on; should it, a
        // counter still keeps values unique (the mock guards no real data).
        static FALLBACK: AtomicU64 = AtomicU64::new(0);
        bytes[..8].copy_from_slice(&FALLBACK.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    }
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

#[cfg(test)]
mod dpop_tests;
#[cfg(test)]
mod test_sign;
#[cfg(test)]
mod tests;
