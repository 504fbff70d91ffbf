//! Sending one request: auth, retries, rate-limit waits and error decoding.

use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use tokio::time::sleep;
use tracing::{debug, warn};

use super::backoff::{backoff, with_jitter};
use super::rate_limit::wait_after_429;
use super::request::Prepared;
use super::throttle::bucket_key;
use super::{AuthHeader, ResponseMeta};
use crate::config::RetryPolicy;
use crate::error::ApiError;
use crate::{Client, Error};

const RETRY_FOR: HeaderName = HeaderName::from_static("x-okta-retry-for");
const RETRY_COUNT: HeaderName = HeaderName::from_static("x-okta-retry-count");
const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// A 2xx response, body not yet decoded.
#[derive(Debug)]
pub(crate) struct RawHttp {
    pub(crate) meta: ResponseMeta,
    pub(crate) body: Vec<u8>,
}

/// What to do after one attempt.
// One `Step` per attempt, moved once: boxing the response would only add an allocation.
#[allow(clippy::large_enum_variant)]
enum Step {
    /// Give this result to the caller.
    Done(Result<RawHttp, Error>),
    /// Try again after this long.
    RetryAfter(Duration),
}

impl Client {
    /// Sends a prepared request, retrying as the policy allows; a non-2xx answer that is not
    /// retried (or still fails after the last retry) becomes [`Error::Api`].
    pub(crate) async fn execute(&self, req: &Prepared) -> Result<RawHttp, Error> {
        let inner = self.inner();
        let bucket = inner
            .throttle
            .as_ref()
            .map(|_| bucket_key(&req.method, &req.url));
        let mut attempt: u32 = 0;
        let mut first_request_id: Option<String> = None;
        // A token the org rejects (expired early, revoked) is renewed once per request.
        let mut renewed = false;
        loop {
            if let (Some(throttle), Some(bucket)) = (&inner.throttle, &bucket) {
                if let Some(wait) = throttle.wait_for(bucket) {
                    let wait_ms = millis(wait);
                    debug!(%bucket, wait_ms, "throttling until the rate limit resets");
                    sleep(wait).await;
                }
            }
            let sent = tokio::time::Instant::now();
            let header = inner.auth.token().await?;
            let outcome = self
                .send_once(req, &header, attempt, first_request_id.as_deref())
                .await;
            if !renewed
                && outcome.as_ref().is_ok_and(|raw| rejects_token(&raw.meta))
                && inner.auth.invalidate(&header).await
            {
                debug!(method = %req.method, path = req.url.path(), "the org rejected the access token; renewing it once");
                renewed = true;
                continue;
            }
            if let Ok(raw) = &outcome {
                if first_request_id.is_none() {
                    first_request_id.clone_from(&raw.meta.request_id);
                }
                if let (Some(throttle), Some(bucket)) = (&inner.throttle, &bucket) {
                    throttle.record(bucket, &raw.meta, sent);
                }
            }
            match next_step(&inner.retry, req, outcome, attempt) {
                Step::Done(result) => return result.map_err(|e| e.with_attempts(attempt + 1)),
                Step::RetryAfter(wait) => {
                    sleep(wait).await;
                    attempt += 1;
                }
            }
        }
    }

    /// One attempt on the wire. Any HTTP answer is `Ok`; only transport failures are `Err`.
    async fn send_once(
        &self,
        req: &Prepared,
        header: &AuthHeader,
        attempt: u32,
        retry_for: Option<&str>,
    ) -> Result<RawHttp, Error> {
        let inner = self.inner();
        let auth = header.header_value()?;
        let mut builder = inner
            .http
            .request(req.method.clone(), req.url.clone())
            .headers(req.headers.clone())
            .header(ACCEPT, JSON)
            .header(CONTENT_TYPE, JSON)
            .header(AUTHORIZATION, auth);
        if attempt > 0 {
            if let Some(id) = retry_for.and_then(|id| HeaderValue::from_str(id).ok()) {
                builder = builder.header(RETRY_FOR, id);
            }
            builder = builder.header(RETRY_COUNT, HeaderValue::from(attempt));
        }
        if let Some(body) = &req.body {
            builder = builder.body(body.clone());
        }
        let response = builder
            .send()
            .await
            .map_err(|e| Error::transport(e, false))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        // reqwest checks the body against its Content-Length: a body cut short is an error
        // here, never a shorter body handed to the decoder.
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::transport(e, true))?
            .to_vec();
        Ok(RawHttp {
            meta: ResponseMeta::from_parts(req.method.clone(), req.url.clone(), status, headers),
            body,
        })
    }
}

/// Decides whether attempt number `attempt` (0 for the first try) is retried, and after how long.
///
/// Retried, within `max_retries`, with exponential backoff and jitter:
/// - a 429, whatever the method (Okta did not process it), after the wait Okta asks for;
/// - a 500, 502, 503 or 504 (Okta's `E0000009` is usually transient) for an idempotent request;
/// - a transport failure for an idempotent request (timeout, reset, closed, truncated body,
///   refused, DNS), and for any request when no connection was made (it never reached Okta).
///
/// A TLS certificate failure is never retried: it does not heal.
fn next_step(
    policy: &RetryPolicy,
    req: &Prepared,
    outcome: Result<RawHttp, Error>,
    attempt: u32,
) -> Step {
    let retries_left = attempt < policy.max_retries;
    let backoff_wait = || with_jitter(backoff(policy, attempt), policy.jitter, policy.max_wait);
    let (method, path, retry) = (&req.method, req.url.path(), attempt + 1);
    match outcome {
        Err(Error::Http { kind, source, .. })
            if retries_left && kind.is_transient() && (req.idempotent || kind.never_sent()) =>
        {
            let wait = backoff_wait();
            let wait_ms = millis(wait);
            let cause = kind.to_string();
            warn!(%method, path, retry, wait_ms, cause, error = %source, "retrying after a transport error");
            Step::RetryAfter(wait)
        }
        Err(e) => Step::Done(Err(e)),
        Ok(raw) if (200..300).contains(&raw.meta.status) => Step::Done(Ok(raw)),
        Ok(raw) if raw.meta.status == 429 && retries_left => {
            // Okta did not process a rate-limited request, so even a POST may be repeated.
            let needed =
                wait_after_429(&raw.meta.headers).unwrap_or_else(|| backoff(policy, attempt));
            if needed > policy.max_wait {
                debug!(
                    wait_ms = millis(needed),
                    "rate-limit wait exceeds max_wait; returning the 429"
                );
                return Step::Done(Err(api_error(raw)));
            }
            let wait = with_jitter(needed, policy.jitter, policy.max_wait);
            let request_id = raw.meta.request_id.as_deref();
            let wait_ms = millis(wait);
            warn!(%method, path, retry, wait_ms, request_id, "rate limited (429); waiting");
            Step::RetryAfter(wait)
        }
        Ok(raw) if matches!(raw.meta.status, 500 | 502..=504) && req.idempotent && retries_left => {
            let wait = backoff_wait();
            let status = raw.meta.status;
            let request_id = raw.meta.request_id.as_deref();
            let wait_ms = millis(wait);
            warn!(%method, path, retry, status, wait_ms, request_id, "retrying after a server error");
            Step::RetryAfter(wait)
        }
        Ok(raw) => Step::Done(Err(api_error(raw))),
    }
}

/// A 401 that says the token itself is bad: Okta answers an expired, revoked or unknown access
/// token with 401 `E0000011` ("Invalid token provided") and, for OAuth tokens, a
/// `WWW-Authenticate` header with `error="invalid_token"` (RFC 6750 §3.1;
/// developer.okta.com/docs/reference/error-codes/#E0000011).
fn rejects_token(meta: &ResponseMeta) -> bool {
    meta.status == 401
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn api_error(raw: RawHttp) -> Error {
    let RawHttp { meta, body } = raw;
    ApiError::from_response(meta.status, &body, meta.request_id, meta.rate_limit).into()
}
