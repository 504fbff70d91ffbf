//! A service app as the server keeps it: keys parsed once at load.

use std::collections::BTreeSet;

use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey};

use crate::scenario::{ScenarioError, ScenarioServiceApp};

/// One public key of an app.
#[derive(Clone)]
pub(crate) struct AppKey {
    pub(crate) kid: Option<String>,
    pub(crate) alg: Algorithm,
    pub(crate) key: DecodingKey,
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
        if app.dpop_required {
            // Refused rather than ignored: a scenario that asks for DPoP must not silently get
            // an org that accepts Bearer tokens.
            return Err(ScenarioError::new(
                format!("{at}.dpopRequired"),
                "DPoP-bound tokens are not supported by okta-mock yet; leave it false",
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
            let jwk: Jwk = serde_json::from_value(value.clone())
                .map_err(|e| ScenarioError::new(&path, format!("not a JWK: {e}")))?;
            let alg = match jwk.algorithm {
                jsonwebtoken::jwk::AlgorithmParameters::RSA(_) => Algorithm::RS256,
                jsonwebtoken::jwk::AlgorithmParameters::EllipticCurve(_) => Algorithm::ES256,
                _ => return Err(ScenarioError::new(&path, "only RSA and EC P-256 keys")),
            };
            let key = DecodingKey::from_jwk(&jwk)
                .map_err(|e| ScenarioError::new(&path, format!("unusable key: {e}")))?;
            keys.push(AppKey {
                kid: jwk.common.key_id.clone(),
                alg,
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
