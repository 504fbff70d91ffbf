//! The mock's clock: wall time, optionally sped up, or set by hand in tests.
//!
//! Every time-dependent answer of the HTTP layer (the `Date` header, the rate-limit windows
//! and their `X-Rate-Limit-Reset`) reads this clock, so both headers always agree even when a
//! simulated minute lasts a second.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use time::OffsetDateTime;

/// A source of the current (possibly simulated) instant.
pub trait Clock: Send + Sync + 'static {
    /// The current instant, in UTC.
    fn now(&self) -> OffsetDateTime;
}

/// Wall time sped up by a factor: with `scale` N a simulated minute passes in 60/N real seconds.
///
/// The simulated clock starts at the real time of its creation, so with `scale` 1 it is the
/// wall clock.
#[derive(Debug)]
pub struct ScaledClock {
    origin: OffsetDateTime,
    started: Instant,
    scale: f64,
}

impl ScaledClock {
    /// A clock starting now, running `scale` times faster than real time. A scale that is not a
    /// finite positive number is treated as 1.
    pub fn new(scale: f64) -> Self {
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        Self {
            origin: OffsetDateTime::now_utc(),
            started: Instant::now(),
            scale,
        }
    }

    /// The speed-up factor.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Default for ScaledClock {
    fn default() -> Self {
        Self::new(1.0)
    }
}

impl Clock for ScaledClock {
    fn now(&self) -> OffsetDateTime {
        let real = self.started.elapsed();
        let simulated =
            Duration::try_from_secs_f64(real.as_secs_f64() * self.scale).unwrap_or(Duration::MAX);
        self.origin
            .saturating_add(time::Duration::try_from(simulated).unwrap_or(time::Duration::MAX))
    }
}

/// A clock that only moves when told to; for tests that must not depend on the wall clock.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<OffsetDateTime>,
}

impl ManualClock {
    /// A clock stopped at `at`.
    pub fn new(at: OffsetDateTime) -> Self {
        Self {
            now: Mutex::new(at),
        }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        *now = now.saturating_add(time::Duration::try_from(by).unwrap_or(time::Duration::MAX));
    }

    /// Sets the clock to `at`.
    pub fn set(&self, at: OffsetDateTime) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Formats an instant as an HTTP `Date` header value (RFC 7231 IMF-fixdate).
pub fn http_date(at: OffsetDateTime) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[usize::from(at.weekday().number_days_from_monday())],
        at.day(),
        MONTHS[usize::from(u8::from(at.month())) - 1],
        at.year(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn http_dates_use_the_imf_fixdate_form() {
        assert_eq!(
            http_date(datetime!(2024-01-09 15:36:04 UTC)),
            "Tue, 09 Jan 2024 15:36:04 GMT"
        );
    }

    #[test]
    fn a_manual_clock_moves_only_when_advanced() {
        let clock = ManualClock::new(datetime!(2024-01-09 15:36:04 UTC));
        assert_eq!(clock.now(), datetime!(2024-01-09 15:36:04 UTC));
        clock.advance(Duration::from_secs(61));
        assert_eq!(clock.now(), datetime!(2024-01-09 15:37:05 UTC));
    }

    #[test]
    fn a_scaled_clock_runs_faster_than_real_time() {
        let clock = ScaledClock::new(1000.0);
        let before = clock.now();
        std::thread::sleep(Duration::from_millis(20));
        // 20 ms real at ×1000 is 20 s simulated; allow generous slack for a busy machine.
        assert!(clock.now() - before >= time::Duration::seconds(10));
    }
}
