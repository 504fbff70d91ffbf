//! How the client retries and how it paces itself against Okta's rate limits.

use std::time::Duration;

/// How failed requests are retried.
///
/// One request is tried at most `1 + max_retries` times. What is retried:
///
/// | Failure | Idempotent request | Other request |
/// |---|---|---|
/// | 429 (rate limited) | after the wait Okta asks for | the same: Okta did not process it |
/// | 500, 502, 503, 504 (Okta's `E0000009` is usually transient) | backoff | never |
/// | refused, DNS failure, connect timeout (no connection was made) | backoff | backoff: it never reached Okta |
/// | timeout, reset, closed before the response, truncated body | backoff | never: Okta may have processed it |
/// | TLS certificate or handshake failure | never | never |
/// | any other 4xx, a body of the wrong shape | never | never |
///
/// The wait for a 429 is `X-Rate-Limit-Reset − Date + 1 s`, measured on the server's clock,
/// plus jitter; when it is longer than `max_wait` the 429 is returned at once, so the caller
/// can decide (its [`RateLimit`](crate::RateLimit) says when the window resets). Backoff is
/// `initial_backoff · 2^retry` plus jitter, never above `max_wait`. Every retry is logged at
/// `warn` with its cause and carries `X-Okta-Retry-For` and `X-Okta-Retry-Count`. When the
/// budget runs out, the error names the last cause and [`Error::attempts`](crate::Error::attempts)
/// says how many attempts were made (the message says "after N attempts").
///
/// Which operations are idempotent (retried as above) and which are not:
///
/// | Operation | Class | Why |
/// |---|---|---|
/// | every GET (get, list, search, next pages) | idempotent | reads |
/// | replace user / group / app (PUT) | idempotent | a full write: the same body gives the same object |
/// | partial user update (`POST /users/{id}`) | idempotent | the same attributes set twice give the same user |
/// | add group member (PUT) | idempotent | adding a member twice is a no-op |
/// | assign app user, set an app user's profile or credentials (`POST /apps/{id}/users[/{uid}]`) | idempotent | a full write of the attributes it names |
/// | activate / deactivate an app | idempotent | harmless when already in that state |
/// | remove group member, unassign app user, delete group / app, clear sessions (DELETE) | idempotent | a repeat finds nothing left to remove (and may answer 404) |
/// | create user / group / app (POST) | not idempotent | a lost answer retried would create twice |
/// | user lifecycle operations (activate, suspend, …) | not idempotent | a second transition fails or does something else |
/// | delete user (`DELETE /users/{id}`) | not idempotent | the first call deactivates, a second deletes for good |
/// | [`Client::raw`](crate::Client::raw) | by method | GET, PUT, DELETE, HEAD, OPTIONS are idempotent |
///
/// Okta's own SDKs bound their retries the same way (Java's `OktaHttpRequestRetryStrategy`
/// retries 429, 503 and 504, and I/O failures only for idempotent requests); this client also
/// retries 500 and 502 for idempotent requests, since Okta reports transient failures as
/// `E0000009` with a 500.
///
/// Built from [`RetryPolicy::default`] (or [`RetryPolicy::none`]) and the `with_*` setters; the
/// fields stay readable, and new ones may be added without a breaking change.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[must_use]
pub struct RetryPolicy {
    /// How many times one request is retried (0 disables retries).
    pub max_retries: u32,
    /// The longest single wait before a retry.
    pub max_wait: Duration,
    /// The largest random delay added to each wait, so that many clients do not retry in step.
    pub jitter: Duration,
    /// The first backoff delay; it doubles with every retry.
    pub initial_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 4,
            max_wait: Duration::from_secs(65),
            jitter: Duration::from_millis(500),
            initial_backoff: Duration::from_millis(250),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Sets how many times one request is retried.
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets the longest single wait.
    pub fn with_max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// Sets the largest random delay added to each wait.
    pub fn with_jitter(mut self, jitter: Duration) -> Self {
        self.jitter = jitter;
        self
    }

    /// Sets the first backoff delay.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }
}

/// The optional proactive throttle: per Okta rate-limit family (the table in
/// [`crate::rate_limits`]: listing an app's users and writing one share the apps family, as
/// they do on Okta), once `X-Rate-Limit-Remaining` falls to `low_watermark`, later requests of
/// that family wait until its reset instead of collecting a 429. Okta's cumulative limit is not
/// paced: its headers only ever report a family.
///
/// The reset is placed on the server's clock, learned to sub-second precision from the `Date`
/// headers of many responses, so a wait ends when the server's window does, plus `margin`.
///
/// Built from [`ThrottleConfig::default`] and the `with_*` setters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[must_use]
pub struct ThrottleConfig {
    /// Wait once Remaining is at or below this value.
    pub low_watermark: u32,
    /// Never wait longer than this before sending.
    pub max_wait: Duration,
    /// How long after the server's reset to resume. Okta asks for one second (the default):
    /// its windows are counted on many servers. A server with a single clock, such as
    /// okta-mock, needs only enough to cover the round trip.
    pub margin: Duration,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        Self {
            low_watermark: 0,
            max_wait: Duration::from_secs(65),
            margin: Duration::from_secs(1),
        }
    }
}

impl ThrottleConfig {
    /// Sets the value of Remaining at or below which later requests wait.
    pub fn with_low_watermark(mut self, low_watermark: u32) -> Self {
        self.low_watermark = low_watermark;
        self
    }

    /// Sets the longest wait before sending.
    pub fn with_max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// Sets how long after the server's reset requests resume.
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }
}
