//! OAuth 2.0 service apps: `private_key_jwt` client authentication at the org authorization
//! server and a shared, self-renewing access token.
//!
//! Okta recommends service apps over API tokens for automation
//! (developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp). The client signs a
//! short-lived assertion with the app's private key, trades it at `{orgUrl}/oauth2/v1/token`
//! (`grant_type=client_credentials`) for an access token carrying the requested `okta.*`
//! scopes, and sends that token as `Authorization: Bearer …` until it is about to expire or
//! the org rejects it. Where the app requires DPoP (or [`DpopMode::Enabled`] asks for it), the
//! token is DPoP-bound and each request carries a proof of the client's own key ([`dpop`]).

mod assertion;
mod cache;
pub mod dpop;
mod endpoint;
mod key;

pub use dpop::DpopMode;

use std::fmt;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

use crate::Client;
use crate::config::{ConfigError, RetryPolicy};
use crate::transport::TokenProvider;

/// The `PrivateKey` authorization mode: a service app's client id, the scopes to request and
/// its private key. `Debug` never shows the key.
///
/// ```
/// use okta_client::{Client, auth::PrivateKeyAuth};
///
/// let auth = PrivateKeyAuth::new("0oa1serviceapp", "/etc/okta/service-app.pem")
///     .scopes(["okta.users.read", "okta.groups.read"])
///     .key_id("my-key-1");
/// let builder = Client::builder()
///     .org_url("https://acme.okta.com")
///     .private_key_auth(auth);
/// ```
#[derive(Clone)]
#[must_use]
pub struct PrivateKeyAuth {
    client_id: String,
    private_key: SecretString,
    scopes: Vec<String>,
    key_id: Option<String>,
    dpop: DpopMode,
}

impl PrivateKeyAuth {
    /// A service app's client id and private key: PEM text (PKCS#1 `RSA PRIVATE KEY`, PKCS#8
    /// `PRIVATE KEY`, SEC1 `EC PRIVATE KEY`), a private JWK as JSON, or the path of a file
    /// holding either. RSA keys sign RS256, EC P-256 keys ES256.
    pub fn new(client_id: impl Into<String>, private_key: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            private_key: SecretString::from(private_key.into()),
            scopes: Vec::new(),
            key_id: None,
            dpop: DpopMode::Auto,
        }
    }

    /// Whether to use DPoP-bound tokens: [`DpopMode::Auto`] (the default) when the org asks
    /// for them, or always, or never. The DPoP key is a P-256 key pair the client generates
    /// (RFC 9449 lets the client choose it; okta-sdk-python generates one too); it is not the
    /// app's private key.
    pub fn dpop(mut self, mode: DpopMode) -> Self {
        self.dpop = mode;
        self
    }

    /// The scopes to request, e.g. `okta.users.read`; at least one is required. Each entry may
    /// itself hold several scopes separated by spaces or commas.
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.scopes = scopes
            .into_iter()
            .flat_map(|s| split_scopes(s.as_ref()))
            .collect();
        self
    }

    /// The key id (`kid`) registered for the key in the app's JWKS. Without one, a JWK's own
    /// `kid` is used, and otherwise none is sent (Okta then tries each of the app's keys).
    pub fn key_id(mut self, kid: impl Into<String>) -> Self {
        let kid = kid.into();
        self.key_id = (!kid.trim().is_empty()).then(|| kid.trim().to_owned());
        self
    }

    /// Checks everything and builds the token provider.
    pub(crate) fn into_provider(
        self,
        org_url: &url::Url,
        http: reqwest::Client,
        retry: RetryPolicy,
        throttle: Option<crate::transport::Throttle>,
    ) -> Result<Arc<dyn TokenProvider>, ConfigError> {
        let client_id = self.client_id.trim().to_owned();
        if client_id.is_empty() {
            return Err(ConfigError::MissingClientId);
        }
        if self.scopes.is_empty() {
            return Err(ConfigError::MissingScopes);
        }
        let parsed = key::SigningKey::parse(self.private_key.expose_secret())
            .map_err(ConfigError::InvalidPrivateKey)?;
        // One signature now, so that a key the library accepts but cannot use fails here and
        // not on the first request.
        parsed
            .key
            .sign(b"probe")
            .map_err(ConfigError::InvalidPrivateKey)?;
        let mut url = org_url.clone();
        url.set_path("/oauth2/v1/token");
        let endpoint = endpoint::TokenEndpoint {
            http,
            url,
            client_id,
            scopes: self.scopes.join(" "),
            kid: self.key_id.or(parsed.kid),
            key: parsed.key,
            retry,
            throttle,
            dpop: endpoint::DpopState::new(
                self.dpop,
                dpop::DpopKey::generate().map_err(ConfigError::InvalidPrivateKey)?,
            ),
        };
        Ok(Arc::new(cache::ServiceAppTokens::new(endpoint)))
    }
}

/// Splits `okta.users.read okta.groups.read` or `a,b` into scopes.
pub(crate) fn split_scopes(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

impl fmt::Debug for PrivateKeyAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKeyAuth")
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .field("key_id", &self.key_id)
            .field("dpop", &self.dpop)
            .field("private_key", &"***")
            .finish()
    }
}

impl Client {
    /// How many access tokens this client has minted so far (0 for API tokens and fixed access
    /// tokens). Shared by all clones.
    pub fn tokens_minted(&self) -> u64 {
        self.inner().auth.tokens_minted()
    }
}

#[cfg(test)]
mod tests;
