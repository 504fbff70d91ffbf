//! Okta's rate-limit headers and the wait they ask for after a 429.

use std::time::Duration;

use reqwest::header::{DATE, HeaderMap};
use time::PrimitiveDateTime;
use time::macros::format_description;

/// The `X-Rate-Limit-*` headers of one response. When a header appears several times (or
/// comma-joined), the smallest value is kept: the tightest limit is the one that matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RateLimit {
    /// `X-Rate-Limit-Limit`: requests allowed in the window (0 for a concurrency limit).
    pub limit: u64,
    /// `X-Rate-Limit-Remaining`: requests left in the window.
    pub remaining: u64,
    /// `X-Rate-Limit-Reset`: when the window resets, in UTC epoch seconds (server clock).
    pub reset: i64,
}

impl RateLimit {
    /// Reads the three headers; `None` unless all three are present and numeric.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        Some(Self {
            limit: smallest(headers, "x-rate-limit-limit")?,
            remaining: smallest(headers, "x-rate-limit-remaining")?,
            reset: smallest(headers, "x-rate-limit-reset")?,
        })
    }

    /// How long until the reset, measured against the server's `Date` (epoch seconds), plus the
    /// one second Okta recommends; zero-based when the reset has already passed.
    pub fn wait_from(&self, server_now: i64) -> Duration {
        reset_wait(self.reset, server_now)
    }
}

/// The wait Okta asks for after a 429: smallest `X-Rate-Limit-Reset` − `Date` + 1 s, both read
/// from the response so that the client's own clock never matters. `None` when either header is
/// missing or unreadable.
pub(crate) fn wait_after_429(headers: &HeaderMap) -> Option<Duration> {
    let reset: i64 = smallest(headers, "x-rate-limit-reset")?;
    let date = server_date(headers)?;
    Some(reset_wait(reset, date))
}

/// The server's `Date` header in epoch seconds.
pub(crate) fn server_date(headers: &HeaderMap) -> Option<i64> {
    let raw = headers.get(DATE)?.to_str().ok()?;
    parse_http_date(raw)
}

fn reset_wait(reset: i64, now: i64) -> Duration {
    let secs = reset.saturating_sub(now).max(0).saturating_add(1);
    Duration::from_secs(u64::try_from(secs).unwrap_or(1))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only form HTTP/1.1 servers send.
fn parse_http_date(raw: &str) -> Option<i64> {
    let format = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = PrimitiveDateTime::parse(raw.trim(), format).ok()?;
    Some(at.assume_utc().unix_timestamp())
}

/// The smallest numeric value over every occurrence of a header, comma-joined or repeated.
fn smallest<N: std::str::FromStr + Ord>(headers: &HeaderMap, name: &str) -> Option<N> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|v| v.trim().parse::<N>().ok())
        .min()
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn the_three_headers_are_read_into_a_rate_limit() {
        let h = headers(&[
            ("x-rate-limit-limit", "600"),
            ("x-rate-limit-remaining", "599"),
            ("x-rate-limit-reset", "1700000060"),
        ]);
        let rl = RateLimit::from_headers(&h).unwrap();
        assert_eq!(
            rl,
            RateLimit {
                limit: 600,
                remaining: 599,
                reset: 1_700_000_060
            }
        );
        assert!(RateLimit::from_headers(&headers(&[("x-rate-limit-limit", "1")])).is_none());
    }

    #[test]
    fn with_several_values_the_smallest_wins() {
        let h = headers(&[
            ("x-rate-limit-limit", "600, 50"),
            ("x-rate-limit-remaining", "10"),
            ("x-rate-limit-remaining", "3"),
            ("x-rate-limit-reset", "1700000090"),
            ("x-rate-limit-reset", "1700000060"),
        ]);
        let rl = RateLimit::from_headers(&h).unwrap();
        assert_eq!(
            rl,
            RateLimit {
                limit: 50,
                remaining: 3,
                reset: 1_700_000_060
            }
        );
    }

    #[test]
    fn the_429_wait_is_measured_against_the_server_date() {
        // Thu, 01 Jan 2015 00:00:00 GMT = 1420070400: the client's own clock is irrelevant.
        let h = headers(&[
            ("date", "Thu, 01 Jan 2015 00:00:00 GMT"),
            ("x-rate-limit-reset", "1420070405"),
            ("x-rate-limit-reset", "1420070403"),
        ]);
        assert_eq!(wait_after_429(&h), Some(Duration::from_secs(4)));
    }

    #[test]
    fn a_reset_in_the_past_still_waits_one_second() {
        let h = headers(&[
            ("date", "Thu, 01 Jan 2015 00:00:10 GMT"),
            ("x-rate-limit-reset", "1420070400"),
        ]);
        assert_eq!(wait_after_429(&h), Some(Duration::from_secs(1)));
    }

    #[test]
    fn without_a_date_or_a_reset_there_is_no_computed_wait() {
        assert_eq!(
            wait_after_429(&headers(&[("x-rate-limit-reset", "1420070400")])),
            None
        );
        assert_eq!(
            wait_after_429(&headers(&[("date", "Thu, 01 Jan 2015 00:00:10 GMT")])),
            None
        );
        assert_eq!(
            wait_after_429(&headers(&[
                ("date", "yesterday"),
                ("x-rate-limit-reset", "1")
            ])),
            None
        );
    }
}
