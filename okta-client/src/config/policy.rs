//! How the client retries and how it paces itself against Okta's rate limits.

use std::time::Duration;

/// How failed requests are retried.
///
/// A 429 is retried after the wait Okta asks for (`X-Rate-Limit-Reset − Date + 1 s`, measured
/// on the server's clock) plus jitter; when that wait is longer than `max_wait` the 429 is
/// returned at once, so the caller can decide (its [`RateLimit`](crate::RateLimit) says when
/// the window resets). 502/503/504, timeouts and connection errors are retried with
/// exponential backoff, but only for idempotent requests.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
