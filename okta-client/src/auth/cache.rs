//! The token cache: one access token shared by every request of a client.
//!
//! Minting is single-flight: the cache's lock is held while a token is minted, so concurrent
//! requests that find no usable token wait for the one mint instead of each starting their own.
//! A token is renewed a little before it expires (a fifth of its life, at most five minutes), and
//! at once when the org says it is invalid (a 401, e.g. after a revocation): the executor calls
//! [`TokenProvider::invalidate`] with the rejected header, and a later caller mints anew.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures::future::BoxFuture;
use secrecy::ExposeSecret;
use tokio::sync::Mutex;
use tokio::time::Instant;

use reqwest::header::HeaderValue;

use super::dpop::DpopKey;
use super::endpoint::TokenEndpoint;
use crate::Error;
use crate::transport::{AuthHeader, AuthScheme, TokenProvider};

/// The longest margin before expiry at which a token is renewed.
const MAX_RENEW_MARGIN: Duration = Duration::from_secs(300);

struct Cached {
    header: AuthHeader,
    renew_at: Instant,
}

/// A [`TokenProvider`] for an OAuth 2.0 service app (`private_key_jwt`).
pub(crate) struct ServiceAppTokens {
    endpoint: TokenEndpoint,
    cached: Mutex<Option<Cached>>,
    minted: AtomicU64,
}

impl ServiceAppTokens {
    pub(crate) fn new(endpoint: TokenEndpoint) -> Self {
        Self {
            endpoint,
            cached: Mutex::new(None),
            minted: AtomicU64::new(0),
        }
    }

    async fn current(&self) -> Result<AuthHeader, Error> {
        let mut cached = self.cached.lock().await;
        if let Some(c) = cached.as_ref() {
            if Instant::now() < c.renew_at {
                return Ok(c.header.clone());
            }
        }
        let minted = self.endpoint.mint().await?;
        self.minted.fetch_add(1, Ordering::Relaxed);
        let life = minted.expires_in;
        let margin = (life / 5).min(MAX_RENEW_MARGIN);
        let header = if minted.dpop {
            AuthHeader::dpop(minted.access_token.expose_secret())
        } else {
            AuthHeader::bearer(minted.access_token.expose_secret())
        };
        *cached = Some(Cached {
            header: header.clone(),
            renew_at: Instant::now() + life.saturating_sub(margin),
        });
        Ok(header)
    }
}

impl TokenProvider for ServiceAppTokens {
    fn token(&self) -> BoxFuture<'_, Result<AuthHeader, Error>> {
        Box::pin(self.current())
    }

    fn invalidate<'a>(&'a self, rejected: &'a AuthHeader) -> BoxFuture<'a, bool> {
        Box::pin(async move {
            let mut cached = self.cached.lock().await;
            // Only the rejected token is dropped: when another request already renewed it,
            // the new one stays and this request simply retries with it.
            if cached
                .as_ref()
                .is_some_and(|c| c.header.same_token(rejected))
            {
                *cached = None;
            }
            true
        })
    }

    fn tokens_minted(&self) -> u64 {
        self.minted.load(Ordering::Relaxed)
    }

    fn proof(
        &self,
        header: &AuthHeader,
        method: &reqwest::Method,
        url: &url::Url,
    ) -> Result<Option<HeaderValue>, Error> {
        if header.scheme() != AuthScheme::Dpop {
            return Ok(None);
        }
        let key = &self.endpoint.dpop.key;
        let nonce = DpopKey::recall(&key.resource_nonce);
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let proof = key
            .proof(
                method.as_str(),
                url,
                Some(header.secret()),
                nonce.as_deref(),
                now,
            )
            .map_err(Error::Auth)?;
        let mut value = HeaderValue::from_str(&proof)
            .map_err(|_| Error::Auth("the DPoP proof is not a header value".into()))?;
        value.set_sensitive(true);
        Ok(Some(value))
    }

    fn dpop_nonce(&self, nonce: &str) -> bool {
        if !self.endpoint.dpop.active() {
            return false;
        }
        DpopKey::remember(&self.endpoint.dpop.key.resource_nonce, nonce);
        true
    }
}

impl std::fmt::Debug for ServiceAppTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceAppTokens")
            .field("endpoint", &self.endpoint)
            .field("minted", &self.minted.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}
