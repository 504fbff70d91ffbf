//! Minting one access token at the org authorization server's token endpoint, with the same
//! retry rules as API requests: a 429 waits for the reset Okta names, a 5xx or a transient
//! transport failure backs off. Each attempt carries a new assertion (a new `jti`), since Okta
//! refuses a `jti` it has already seen.

use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use secrecy::SecretString;
use serde::Deserialize;
use tokio::time::sleep;
use tracing::{debug, warn};

use super::assertion::client_assertion;
use super::key::SigningKey;
use crate::Error;
use crate::config::RetryPolicy;
use crate::transport::{backoff, wait_after_429, with_jitter};

/// RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion.
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Everything needed to ask for a token. `Debug` is written by hand: no key material.
pub(crate) struct TokenEndpoint {
    pub(crate) http: reqwest::Client,
    /// `{orgUrl}/oauth2/v1/token`: the org authorization server, the only one whose tokens the
    /// Management API accepts.
    pub(crate) url: url::Url,
    pub(crate) client_id: String,
    pub(crate) scopes: String,
    pub(crate) key: SigningKey,
    pub(crate) kid: Option<String>,
    pub(crate) retry: RetryPolicy,
}

/// A token as the endpoint returned it.
pub(crate) struct Minted {
    pub(crate) access_token: SecretString,
    pub(crate) expires_in: Duration,
}

/// RFC 6749 §5.1 success body.
#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
    #[serde(default)]
    token_type: String,
    expires_in: Option<u64>,
}

/// RFC 6749 §5.2 error body, as Okta's OAuth endpoints send it.
#[derive(Deserialize)]
struct OAuthErrorBody {
    error: String,
    #[serde(default)]
    error_description: String,
}

impl TokenEndpoint {
    /// Asks for a new access token.
    ///
    /// # Errors
    /// [`Error::Auth`] when the endpoint refuses (with its `error` and `error_description`,
    /// never the assertion) or answers nonsense; [`Error::Http`] after transport failures.
    pub(crate) async fn mint(&self) -> Result<Minted, Error> {
        let mut attempt: u32 = 0;
        loop {
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let assertion = client_assertion(
                &self.key,
                self.kid.as_deref(),
                &self.client_id,
                self.url.as_str(),
                now,
            )
            .map_err(Error::Auth)?;
            let body = serde_urlencoded::to_string([
                ("grant_type", "client_credentials"),
                ("scope", self.scopes.as_str()),
                ("client_assertion_type", JWT_BEARER),
                ("client_assertion", assertion.as_str()),
            ])
            .map_err(|e| Error::Auth(format!("cannot encode the token request: {e}")))?;
            let sent = self
                .http
                .post(self.url.clone())
                .header(ACCEPT, HeaderValue::from_static("application/json"))
                .header(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                )
                .body(body)
                .send()
                .await;
            let retries_left = attempt < self.retry.max_retries;
            let jittered = |base| with_jitter(base, self.retry.jitter, self.retry.max_wait);
            let response = match sent {
                Ok(r) => r,
                Err(e) => {
                    let e = Error::transport(e, false);
                    match &e {
                        Error::Http { kind, .. } if retries_left && kind.is_transient() => {
                            let wait = jittered(backoff(&self.retry, attempt));
                            warn!(retry = attempt + 1, ?wait, cause = %kind, "token request failed; retrying");
                            sleep(wait).await;
                            attempt += 1;
                            continue;
                        }
                        _ => return Err(e.with_attempts(attempt + 1)),
                    }
                }
            };
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let bytes = response
                .bytes()
                .await
                .map_err(|e| Error::transport(e, true))?;
            let wait = match status {
                200..=299 => return parse_success(&bytes),
                429 => wait_after_429(&headers).unwrap_or_else(|| backoff(&self.retry, attempt)),
                500 | 502..=504 => backoff(&self.retry, attempt),
                _ => return Err(refusal(status, &bytes)),
            };
            if !retries_left || wait > self.retry.max_wait {
                return Err(refusal(status, &bytes));
            }
            let wait = jittered(wait);
            warn!(
                status,
                retry = attempt + 1,
                ?wait,
                "token endpoint busy; retrying"
            );
            sleep(wait).await;
            attempt += 1;
        }
    }
}

fn parse_success(bytes: &[u8]) -> Result<Minted, Error> {
    let body: TokenBody = serde_json::from_slice(bytes)
        .map_err(|_| Error::Auth("the token endpoint's answer has no access_token".into()))?;
    if !body.token_type.is_empty() && !body.token_type.eq_ignore_ascii_case("Bearer") {
        return Err(Error::Auth(format!(
            "the token endpoint issued a `{}` token; this client sends Bearer tokens",
            body.token_type
        )));
    }
    // RFC 6749 §5.1 makes expires_in optional; Okta always sends it (3600 for org tokens).
    let expires_in = Duration::from_secs(body.expires_in.unwrap_or(3600));
    debug!(
        expires_in_s = expires_in.as_secs(),
        "minted an access token"
    );
    Ok(Minted {
        access_token: SecretString::from(body.access_token),
        expires_in,
    })
}

fn refusal(status: u16, bytes: &[u8]) -> Error {
    match serde_json::from_slice::<OAuthErrorBody>(bytes) {
        Ok(e) => Error::Auth(format!(
            "the token endpoint answered {status} {}: {}",
            e.error, e.error_description
        )),
        Err(_) => Error::Auth(format!(
            "the token endpoint answered {status} without an OAuth error body"
        )),
    }
}

impl std::fmt::Debug for TokenEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenEndpoint")
            .field("url", &self.url.as_str())
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .field("key", &self.key)
            .field("kid", &self.kid)
            .finish()
    }
}
