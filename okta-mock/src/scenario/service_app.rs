//! Service apps in a scenario: OAuth 2.0 clients that may call the Management API with access
//! tokens from the org authorization server (`POST /oauth2/v1/token`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An API service app, as an admin registers it in Okta: a client id, public keys for
/// `private_key_jwt` (a JWKS, as the app's "Public keys" setting holds them), the `okta.*`
/// scopes granted to it, and optionally a client secret for `client_secret_basic` /
/// `client_secret_post`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioServiceApp {
    /// The client id, e.g. `0oa1serviceapp`.
    pub client_id: String,
    /// Public keys (`{"keys": [JWK, ...]}`), RSA or EC P-256.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwks: Option<ScenarioJwks>,
    /// Granted scopes, e.g. `okta.users.read`.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// A client secret; when set, the app may also authenticate with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// Whether tokens must be DPoP-bound (RFC 9449): token requests then need a DPoP proof with
    /// the server's nonce, and the tokens are `DPoP` tokens (Okta's "Require Demonstrating Proof
    /// of Possession (DPoP) header in token requests", `dpop_bound_access_tokens`).
    #[serde(default)]
    pub dpop_required: bool,
}

/// A JSON Web Key Set.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ScenarioJwks {
    /// The public keys, as JWK objects.
    pub keys: Vec<Value>,
}
