//! Okta's per-minute rate limits, simulated: one bucket per endpoint family, a cumulative bucket
//! and a concurrency limit, with the headers Okta sends.
//!
//! Off by default: the limiter still counts and the headers are still emitted (a client reading
//! them sees plausible values), but nothing is refused. Windows are calendar minutes of the
//! mock's [`Clock`](super::clock::Clock), so `X-Rate-Limit-Reset` is the start of the next
//! minute and consistent with the `Date` header.
//!
//! A time scale N shortens every window to 60/N seconds of the same clock (windows stay aligned
//! on the epoch, so a window of whole seconds starts and ends on whole seconds). The headers
//! stay in real epoch seconds: `Reset − Date` is then the real wait, and any Okta client that
//! honours it (the official SDKs, okta-client) paces itself to the shortened windows. A window
//! that does not end on a whole second reports the next whole second as its reset.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use time::OffsetDateTime;

pub use super::limits::{Bucket, RateLimitConfig, RateLimitConfigError};

const NANOS_PER_SECOND: i128 = 1_000_000_000;
const MINUTE_NANOS: i128 = 60 * NANOS_PER_SECOND;

/// The values of the three `X-Rate-Limit-*` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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
    /// The window's index since the epoch.
    index: i128,
    counts: BTreeMap<Bucket, u32>,
    cumulative: u32,
}

/// Counts requests per family and minute and decides whether they may proceed.
#[derive(Debug)]
pub struct RateLimiter {
    config: RateLimitConfig,
    enforce: bool,
    /// Length of one window in nanoseconds (a minute unless time-scaled); at least 1.
    window_nanos: i128,
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
            window_nanos: MINUTE_NANOS,
            windows: Mutex::new(Windows::default()),
            in_flight: Arc::new(AtomicU32::new(0)),
        }
    }

    /// Shortens the windows for a time scale: with `scale` N a window lasts 60/N seconds. A
    /// scale that is not a finite positive number leaves windows at a minute.
    #[must_use]
    pub fn time_scaled(mut self, scale: f64) -> Self {
        if scale.is_finite() && scale > 0.0 {
            // Rounded to whole nanoseconds; a window is never shorter than one.
            self.window_nanos = ((MINUTE_NANOS as f64 / scale).round() as i128).max(1);
        }
        self
    }

    /// How long one window lasts.
    pub fn window(&self) -> Duration {
        Duration::from_nanos(u64::try_from(self.window_nanos).unwrap_or(u64::MAX))
    }

    /// How far into its window `now` lies, from 0 (the window just began) to just under 1.
    pub fn window_phase(&self, now: OffsetDateTime) -> f64 {
        now.unix_timestamp_nanos().rem_euclid(self.window_nanos) as f64 / self.window_nanos as f64
    }

    /// The window `now` falls in, and the whole epoch second its successor begins at (rounded up
    /// when the window does not end on a whole second, so a client never comes back early).
    fn window_of(&self, now: OffsetDateTime) -> (i128, i64) {
        let index = now.unix_timestamp_nanos().div_euclid(self.window_nanos);
        let end = (index + 1) * self.window_nanos;
        let reset =
            end.div_euclid(NANOS_PER_SECOND) + i128::from(end.rem_euclid(NANOS_PER_SECOND) != 0);
        (index, i64::try_from(reset).unwrap_or(i64::MAX))
    }

    /// Counts one request to `bucket` at `now` and admits or refuses it.
    pub fn admit(&self, bucket: Bucket, now: OffsetDateTime) -> Admission {
        let (index, reset) = self.window_of(now);
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
        if windows.index != index {
            *windows = Windows {
                index,
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
        let (index, reset) = self.window_of(now);
        let limit = self.config.limit_of(bucket);
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let used = if windows.index == index {
            windows.counts.get(&bucket).copied().unwrap_or(0)
        } else {
            0
        };
        RateLimitStatus {
            limit,
            remaining: limit.saturating_sub(used),
            reset,
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
    fn a_time_scale_shortens_the_windows_and_keeps_the_reset_in_real_seconds() {
        let config = RateLimitConfig::from_json_str(r#"{"buckets":{"groups":1}}"#).unwrap();
        // ×10: six-second windows on the epoch, so 15:36:04.5 lies in [15:36:00, 15:36:06).
        let limiter = RateLimiter::enforcing(config).time_scaled(10.0);
        assert_eq!(limiter.window(), Duration::from_secs(6));
        let t = datetime!(2024-01-09 15:36:04.5 UTC);
        assert!((limiter.window_phase(t) - 0.75).abs() < 1e-9);
        assert!(matches!(
            limiter.admit(Bucket::Groups, t),
            Admission::Admitted(..)
        ));
        match limiter.admit(Bucket::Groups, t) {
            Admission::Refused(s) => {
                assert_eq!(s.reset, datetime!(2024-01-09 15:36:06 UTC).unix_timestamp());
            }
            Admission::Admitted(..) => panic!("admitted over the limit"),
        }
        let next_window = datetime!(2024-01-09 15:36:06 UTC);
        assert!(matches!(
            limiter.admit(Bucket::Groups, next_window),
            Admission::Admitted(..)
        ));
    }

    #[test]
    fn a_window_ending_between_seconds_reports_the_next_whole_second() {
        // ×7: windows of 8.571… s; the one holding the epoch's 10th second ends at 17.14 s.
        let limiter = RateLimiter::disabled().time_scaled(7.0);
        let t = OffsetDateTime::from_unix_timestamp(10).unwrap();
        assert_eq!(limiter.peek(Bucket::Groups, t).reset, 18);
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
