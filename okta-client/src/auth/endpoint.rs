//! Minting one access token at the org authorization server's token endpoint, with the same
//! retry rules as API requests: a 429 waits for the reset Okta names, a 5xx or a transient
//! transport failure backs off. Each attempt carries a new assertion (a new `jti`), since Okta
//! refuses a `jti` it has already seen, even from a request it refused for its DPoP proof.
//!
//! With DPoP each attempt also carries a new proof; the `use_dpop_nonce` answer (400 with a
//! `DPoP-Nonce` header, RFC 9449 §8) is retried once at once with the nonce, and in
//! [`DpopMode::Auto`] Okta's `invalid_dpop_proof` for a missing proof turns DPoP on and is
//! retried once too.

use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use secrecy::SecretString;
use serde::Deserialize;
use tokio::time::sleep;
use tracing::{debug, warn};

use super::assertion::client_assertion;
use super::dpop::{DpopKey, DpopMode};
use super::key::SigningKey;
use crate::Error;
use crate::config::RetryPolicy;
use crate::transport::{ResponseMeta, Throttle, backoff, bucket_key, wait_after_429, with_jitter};

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
    /// The client's proactive throttle, when on: the token endpoint has its own bucket
    /// (`POST /oauth2/v1/token`, outside the management families), paced like any other.
    pub(crate) throttle: Option<Throttle>,
    pub(crate) dpop: DpopState,
}

/// DPoP at the token endpoint: the mode, the key, and whether proofs are being sent.
pub(crate) struct DpopState {
    pub(crate) mode: DpopMode,
    pub(crate) key: DpopKey,
    /// On from the start in [`DpopMode::Enabled`]; in [`DpopMode::Auto`] once the org asked.
    pub(crate) active: std::sync::atomic::AtomicBool,
}

impl DpopState {
    pub(crate) fn new(mode: DpopMode, key: DpopKey) -> Self {
        Self {
            active: (mode == DpopMode::Enabled).into(),
            mode,
            key,
        }
    }

    pub(crate) fn active(&self) -> bool {
        self.active.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// A token as the endpoint returned it.
pub(crate) struct Minted {
    pub(crate) access_token: SecretString,
    pub(crate) expires_in: Duration,
    /// A DPoP-bound token (`token_type: DPoP`).
    pub(crate) dpop: bool,
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
        // The two DPoP retries (turning DPoP on, then the nonce) are not failures: they do not
        // count as attempts, but each may happen only once per mint.
        let (mut switched, mut nonce_retried) = (false, false);
        let bucket = bucket_key(&reqwest::Method::POST, &self.url);
        loop {
            if let Some(wait) = self.throttle.as_ref().and_then(|t| t.wait_for(&bucket)) {
                debug!(
                    ?wait,
                    "throttling the token request until the rate limit resets"
                );
                sleep(wait).await;
            }
            let sent_at = tokio::time::Instant::now();
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let dpop = self.dpop.active();
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
            let mut request = self.http.post(self.url.clone());
            if dpop {
                let nonce = DpopKey::recall(&self.dpop.key.token_nonce);
                let proof = self
                    .dpop
                    .key
                    .proof("POST", &self.url, None, nonce.as_deref(), now)
                    .map_err(Error::Auth)?;
                let mut value = HeaderValue::from_str(&proof)
                    .map_err(|_| Error::Auth("the DPoP proof is not a header value".into()))?;
                value.set_sensitive(true);
                request = request.header("dpop", value);
            }
            let sent = request
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
            if let Some(throttle) = &self.throttle {
                throttle.record(
                    &bucket,
                    &ResponseMeta::from_parts(
                        reqwest::Method::POST,
                        self.url.clone(),
                        status,
                        headers.clone(),
                    ),
                    sent_at,
                );
            }
            let bytes = response
                .bytes()
                .await
                .map_err(|e| Error::transport(e, true))?;
            if let Some(nonce) = headers.get("dpop-nonce").and_then(|v| v.to_str().ok()) {
                DpopKey::remember(&self.dpop.key.token_nonce, nonce);
            }
            let oauth_error = (status == 400)
                .then(|| serde_json::from_slice::<OAuthErrorBody>(&bytes).ok())
                .flatten()
                .map(|e| e.error);
            match oauth_error.as_deref() {
                Some("use_dpop_nonce")
                    if dpop && !nonce_retried && headers.contains_key("dpop-nonce") =>
                {
                    debug!("the token endpoint asked for a DPoP nonce; retrying with it");
                    nonce_retried = true;
                    continue;
                }
                Some("invalid_dpop_proof")
                    if !dpop && !switched && self.dpop.mode == DpopMode::Auto =>
                {
                    debug!("the org requires DPoP for this app; switching to DPoP-bound tokens");
                    self.dpop
                        .active
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                    switched = true;
                    continue;
                }
                _ => {}
            }
            let wait = match status {
                200..=299 => return parse_success(&bytes, dpop),
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

fn parse_success(bytes: &[u8], dpop_sent: bool) -> Result<Minted, Error> {
    let body: TokenBody = serde_json::from_slice(bytes)
        .map_err(|_| Error::Auth("the token endpoint's answer has no access_token".into()))?;
    // RFC 9449 §5: a server that does not bind the token answers `Bearer` even to a proof.
    let dpop = body.token_type.eq_ignore_ascii_case("DPoP");
    let bearer = body.token_type.is_empty() || body.token_type.eq_ignore_ascii_case("Bearer");
    if !(bearer || dpop && dpop_sent) {
        return Err(Error::Auth(format!(
            "the token endpoint issued a `{}` token; this client sends Bearer and DPoP tokens",
            body.token_type
        )));
    }
    // RFC 6749 §5.1 makes expires_in optional; Okta always sends it (3600 for org tokens).
    let expires_in = Duration::from_secs(body.expires_in.unwrap_or(3600));
    debug!(
        expires_in_s = expires_in.as_secs(),
        dpop, "minted an access token"
    );
    Ok(Minted {
        access_token: SecretString::from(body.access_token),
        expires_in,
        dpop,
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
            .field("dpop", &self.dpop.mode)
            .field("dpop_active", &self.dpop.active())
            .finish_non_exhaustive()
    }
}
