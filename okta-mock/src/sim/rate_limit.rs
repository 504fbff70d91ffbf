//! Okta's per-minute rate limits, simulated: one bucket per endpoint family, a cumulative bucket
//! and a concurrency limit, with the headers Okta sends.
//!
//! Off by default: the limiter still counts and the headers are still emitted (a client reading
//! them sees plausible values), but nothing is refused. Windows are calendar minutes of the
//! mock's [`Clock`](super::clock::Clock), so `X-Rate-Limit-Reset` is always the start of the
//! next simulated minute and consistent with the `Date` header.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use time::OffsetDateTime;

pub use super::limits::{Bucket, RateLimitConfig, RateLimitConfigError};

/// The values of the three `X-Rate-Limit-*` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitStatus {
    /// `X-Rate-Limit-Limit`.
    pub limit: u32,
    /// `X-Rate-Limit-Remaining`.
    pub remaining: u32,
    /// `X-Rate-Limit-Reset`: UTC epoch seconds when the window resets.
    pub reset: i64,
}

/// Holds one concurrency slot until dropped.
#[derive(Debug)]
pub struct InFlight(Option<Arc<AtomicU32>>);

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(counter) = self.0.take() {
            counter.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// The limiter's answer for one request.
#[derive(Debug)]
pub enum Admission {
    /// Go ahead; keep the slot until the response is produced.
    Admitted(RateLimitStatus, InFlight),
    /// Answer 429 with these headers.
    Refused(RateLimitStatus),
}

#[derive(Debug, Default)]
struct Windows {
    minute: i64,
    counts: BTreeMap<Bucket, u32>,
    cumulative: u32,
}

/// Counts requests per family and minute and decides whether they may proceed.
#[derive(Debug)]
pub struct RateLimiter {
    config: RateLimitConfig,
    enforce: bool,
    windows: Mutex<Windows>,
    in_flight: Arc<AtomicU32>,
}

impl RateLimiter {
    /// A limiter that refuses requests over `config`'s limits.
    pub fn enforcing(config: RateLimitConfig) -> Self {
        Self::build(config, true)
    }

    /// A limiter that only counts (for the headers) with the Enterprise limits.
    pub fn disabled() -> Self {
        Self::build(RateLimitConfig::enterprise(), false)
    }

    fn build(config: RateLimitConfig, enforce: bool) -> Self {
        Self {
            config,
            enforce,
            windows: Mutex::new(Windows::default()),
            in_flight: Arc::new(AtomicU32::new(0)),
        }
    }

    /// True when limits are enforced.
    pub fn is_enforcing(&self) -> bool {
        self.enforce
    }

    /// Counts one request to `bucket` at `now` and admits or refuses it.
    pub fn admit(&self, bucket: Bucket, now: OffsetDateTime) -> Admission {
        let minute = now.unix_timestamp().div_euclid(60);
        let reset = (minute + 1) * 60;
        let limit = self.config.limit_of(bucket);
        if self.enforce {
            let in_flight = self.in_flight.fetch_add(1, Ordering::SeqCst);
            if in_flight >= self.config.concurrency {
                self.in_flight.fetch_sub(1, Ordering::SeqCst);
                return Admission::Refused(RateLimitStatus {
                    limit: 0,
                    remaining: 0,
                    reset,
                });
            }
        }
        let slot = InFlight(self.enforce.then(|| Arc::clone(&self.in_flight)));
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.minute != minute {
            *windows = Windows {
                minute,
                ..Windows::default()
            };
        }
        let used = windows.counts.get(&bucket).copied().unwrap_or(0);
        if self.enforce && used >= limit {
            return Admission::Refused(RateLimitStatus {
                limit,
                remaining: 0,
                reset,
            });
        }
        if self.enforce && windows.cumulative >= self.config.cumulative {
            let limit = self.config.cumulative;
            return Admission::Refused(RateLimitStatus {
                limit,
                remaining: 0,
                reset,
            });
        }
        windows.counts.insert(bucket, used.saturating_add(1));
        windows.cumulative = windows.cumulative.saturating_add(1);
        let remaining = limit.saturating_sub(used.saturating_add(1));
        Admission::Admitted(
            RateLimitStatus {
                limit,
                remaining,
                reset,
            },
            slot,
        )
    }

    /// The headers `bucket` would show at `now`, without counting a request.
    pub fn peek(&self, bucket: Bucket, now: OffsetDateTime) -> RateLimitStatus {
        let minute = now.unix_timestamp().div_euclid(60);
        let limit = self.config.limit_of(bucket);
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let used = if windows.minute == minute {
            windows.counts.get(&bucket).copied().unwrap_or(0)
        } else {
            0
        };
        RateLimitStatus {
            limit,
            remaining: limit.saturating_sub(used),
            reset: (minute + 1) * 60,
        }
    }

    /// Forgets every count (the admin reset).
    pub fn reset(&self) {
        *self.windows.lock().unwrap_or_else(|e| e.into_inner()) = Windows::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_bucket_refuses_once_its_limit_is_used_and_resets_next_minute() {
        let config = RateLimitConfig::from_json_str(r#"{"buckets":{"user_get":2}}"#).unwrap();
        let limiter = RateLimiter::enforcing(config);
        let t = datetime!(2024-01-09 15:36:04 UTC);
        for expected_remaining in [1, 0] {
            match limiter.admit(Bucket::UserGet, t) {
                Admission::Admitted(s, _) => assert_eq!(s.remaining, expected_remaining),
                Admission::Refused(_) => panic!("refused too early"),
            }
        }
        match limiter.admit(Bucket::UserGet, t) {
            Admission::Refused(s) => {
                assert_eq!((s.limit, s.remaining), (2, 0));
                assert_eq!(s.reset, datetime!(2024-01-09 15:37:00 UTC).unix_timestamp());
            }
            Admission::Admitted(..) => panic!("admitted over the limit"),
        }
        let later = datetime!(2024-01-09 15:37:00 UTC);
        assert!(matches!(
            limiter.admit(Bucket::UserGet, later),
            Admission::Admitted(..)
        ));
    }

    #[test]
    fn the_concurrency_limit_reports_limit_zero_and_frees_slots_on_drop() {
        let config = RateLimitConfig::from_json_str(r#"{"concurrency":1}"#).unwrap();
        let limiter = RateLimiter::enforcing(config);
        let t = datetime!(2024-01-09 15:36:04 UTC);
        let first = limiter.admit(Bucket::Other, t);
        match limiter.admit(Bucket::Other, t) {
            Admission::Refused(s) => assert_eq!((s.limit, s.remaining), (0, 0)),
            Admission::Admitted(..) => panic!("second request admitted while the first runs"),
        }
        drop(first);
        assert!(matches!(
            limiter.admit(Bucket::Other, t),
            Admission::Admitted(..)
        ));
    }

    #[test]
    fn a_disabled_limiter_counts_but_never_refuses() {
        let limiter = RateLimiter::disabled();
        let t = datetime!(2024-01-09 15:36:04 UTC);
        for _ in 0..150 {
            assert!(matches!(
                limiter.admit(Bucket::Apps, t),
                Admission::Admitted(..)
            ));
        }
        assert_eq!(limiter.peek(Bucket::Apps, t).remaining, 0);
        assert_eq!(limiter.peek(Bucket::Apps, t).limit, 100);
    }
}
