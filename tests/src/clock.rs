//! A mock clock that starts at a chosen instant and then runs at real speed (or faster).
//!
//! The mock's `Date` and `X-Rate-Limit-Reset` headers both come from its clock, and a client
//! waits `Reset − Date + 1` *real* seconds after a 429. Starting the clock one second before a
//! minute boundary makes that wait short and the next window real, so a rate-limit test is
//! fast without depending on the wall clock's absolute value.

use std::time::{Duration, Instant};

use okta_mock::sim::Clock;
use time::OffsetDateTime;

/// A clock that reads `origin` when created and then advances `scale` times faster than real
/// time.
#[derive(Debug)]
pub struct StartingAt {
    origin: OffsetDateTime,
    started: Instant,
    scale: f64,
}

impl StartingAt {
    /// Starts at `origin`, running at real speed.
    pub fn new(origin: OffsetDateTime) -> Self {
        Self::scaled(origin, 1.0)
    }

    /// Starts at `origin`, running `scale` times faster than real time (a scale that is not a
    /// finite positive number means 1).
    pub fn scaled(origin: OffsetDateTime, scale: f64) -> Self {
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        Self {
            origin,
            started: Instant::now(),
            scale,
        }
    }

    /// A fixed instant `seconds` seconds before a minute boundary (2030-01-01T00:01:00Z).
    pub fn seconds_before_a_minute(seconds: u32) -> Self {
        let boundary = time::macros::datetime!(2030-01-01 00:01:00 UTC);
        Self::new(boundary - time::Duration::seconds(i64::from(seconds)))
    }
}

impl Clock for StartingAt {
    fn now(&self) -> OffsetDateTime {
        let simulated = Duration::try_from_secs_f64(self.started.elapsed().as_secs_f64() * self.scale)
            .unwrap_or(Duration::MAX);
        self.origin
            .saturating_add(time::Duration::try_from(simulated).unwrap_or(time::Duration::MAX))
    }
}
