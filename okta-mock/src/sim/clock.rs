//! The mock's clock: wall time, or set by hand in tests.
//!
//! Every time-dependent answer of the HTTP layer (the `Date` header, the rate-limit windows
//! and their `X-Rate-Limit-Reset`) reads this clock, so both headers always agree. A time scale
//! shortens the rate-limit windows instead of speeding this clock up: `Reset − Date` then stays
//! a wait in real seconds, which is how every Okta client reads it.

use std::sync::Mutex;
use std::time::Duration;

use time::OffsetDateTime;

/// A source of the current (possibly simulated) instant.
pub trait Clock: Send + Sync + 'static {
    /// The current instant, in UTC.
    fn now(&self) -> OffsetDateTime;
}

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct WallClock;

impl Clock for WallClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
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
}
