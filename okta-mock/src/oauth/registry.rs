//! A service app as the server keeps it: keys parsed once at load.

use std::collections::BTreeSet;

use super::jws::PublicKey;
use crate::scenario::{ScenarioError, ScenarioServiceApp};

/// One public key of an app.
#[derive(Clone)]
pub(crate) struct AppKey {
    pub(crate) kid: Option<String>,
    pub(crate) key: PublicKey,
}

/// A registered service app.
#[derive(Clone)]
pub struct ServiceApp {
    /// The client id.
    pub client_id: String,
    pub(crate) keys: Vec<AppKey>,
    /// Granted scopes.
    pub scopes: BTreeSet<String>,
    pub(crate) client_secret: Option<String>,
    /// Whether tokens must be DPoP-bound.
    pub dpop_required: bool,
}

impl std::fmt::Debug for ServiceApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceApp")
            .field("client_id", &self.client_id)
            .field("keys", &self.keys.len())
            .field("scopes", &self.scopes)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "***"))
            .field("dpop_required", &self.dpop_required)
            .finish()
    }
}

impl ServiceApp {
    pub(crate) fn from_scenario(app: &ScenarioServiceApp, at: &str) -> Result<Self, ScenarioError> {
        if app.client_id.trim().is_empty() {
            return Err(ScenarioError::new(
                format!("{at}.clientId"),
                "must not be empty",
            ));
        }
        let mut keys = Vec::new();
        for (i, value) in app.jwks.iter().flat_map(|j| &j.keys).enumerate() {
            let path = format!("{at}.jwks.keys[{i}]");
            if value.get("d").is_some() {
                return Err(ScenarioError::new(
                    &path,
                    "holds a private key; register only the public key",
                ));
            }
            let key = PublicKey::from_jwk(value)
                .map_err(|e| ScenarioError::new(&path, format!("unusable key: {e}")))?;
            keys.push(AppKey {
                kid: value.get("kid").and_then(|k| k.as_str()).map(str::to_owned),
                key,
            });
        }
        if keys.is_empty() && app.client_secret.is_none() {
            return Err(ScenarioError::new(
                at,
                "a service app needs public keys (jwks) or a clientSecret",
            ));
        }
        Ok(Self {
            client_id: app.client_id.clone(),
            keys,
            scopes: app.scopes.iter().cloned().collect(),
            client_secret: app.client_secret.clone(),
            dpop_required: app.dpop_required,
        })
    }
}
