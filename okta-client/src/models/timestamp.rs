//! Okta's timestamps: RFC 3339 in UTC, written with milliseconds (`2024-01-09T15:36:04.000Z`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// An instant as Okta writes it. Parses any RFC 3339 value; always writes UTC with milliseconds,
/// which is Okta's own form, so values read from Okta are written back unchanged.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// Wraps an instant.
    pub fn new(at: OffsetDateTime) -> Self {
        Self(at.to_offset(UtcOffset::UTC))
    }

    /// The current instant, from the local clock.
    pub fn now() -> Self {
        Self::new(OffsetDateTime::now_utc())
    }

    /// Builds a timestamp from Unix milliseconds.
    ///
    /// # Errors
    /// When the value is outside the range `time` can represent.
    pub fn from_unix_millis(millis: i64) -> Result<Self, time::error::ComponentRange> {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000).map(Self::new)
    }

    /// Milliseconds since the Unix epoch.
    pub fn unix_millis(&self) -> i64 {
        (self.0.unix_timestamp_nanos() / 1_000_000) as i64
    }

    /// The wrapped instant.
    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }

    /// Parses an RFC 3339 string.
    ///
    /// # Errors
    /// When the string is not RFC 3339.
    pub fn parse(s: &str) -> Result<Self, time::error::Parse> {
        if let Some(t) = parse_okta_form(s) {
            return Ok(t);
        }
        OffsetDateTime::parse(s, &Rfc3339).map(Self::new)
    }
}

/// The form Okta always sends, `YYYY-MM-DDTHH:MM:SS.mmmZ`, read without the general RFC 3339
/// parser (a listing reads five per user). `None` for anything else, including an invalid date
/// in this form, which the general parser then reads or rejects with its own error.
fn parse_okta_form(s: &str) -> Option<Timestamp> {
    let b: &[u8; 24] = s.as_bytes().try_into().ok()?;
    let separators = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
        (23, b'Z'),
    ];
    if separators.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let digits = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(digits(0, 4)?).ok()?;
    let month = time::Month::try_from(u8::try_from(digits(5, 7)?).ok()?).ok()?;
    let day = u8::try_from(digits(8, 10)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let time = time::Time::from_hms_milli(
        u8::try_from(digits(11, 13)?).ok()?,
        u8::try_from(digits(14, 16)?).ok()?,
        u8::try_from(digits(17, 19)?).ok()?,
        u16::try_from(digits(20, 23)?).ok()?,
    )
    .ok()?;
    Some(Timestamp(
        time::PrimitiveDateTime::new(date, time).assume_utc(),
    ))
}

impl From<OffsetDateTime> for Timestamp {
    fn from(at: OffsetDateTime) -> Self {
        Self::new(at)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.millisecond()
        )
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A visitor of `&str`, so the text is parsed where it lies (no `String` per timestamp).
        struct TimestampVisitor;

        impl serde::de::Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(TimestampVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn okta_timestamps_round_trip_unchanged() {
        let raw = "\"2024-01-09T15:36:04.000Z\"";
        let t: Timestamp = serde_json::from_str(raw).unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), raw);
    }

    #[test]
    fn the_okta_form_is_read_as_the_rfc_3339_parser_reads_it() {
        for text in [
            "2024-01-09T15:36:04.000Z",
            "2024-02-29T23:59:59.999Z",
            "0001-01-01T00:00:00.001Z",
            "9999-12-31T23:59:59.999Z",
            "1969-12-31T23:59:59.999Z",
        ] {
            let general = OffsetDateTime::parse(text, &Rfc3339).unwrap();
            assert_eq!(
                parse_okta_form(text).unwrap().as_offset_date_time(),
                general
            );
            assert_eq!(Timestamp::parse(text).unwrap().to_string(), text);
        }
        for odd in [
            "2023-02-29T00:00:00.000Z",
            "2024-01-09T24:00:00.000Z",
            "2024-13-09T15:36:04.000Z",
            "2024-01-09T15:36:04.000+",
            "2024-01-09T15:36:0x.000Z",
        ] {
            assert!(parse_okta_form(odd).is_none(), "{odd}");
            assert!(Timestamp::parse(odd).is_err(), "{odd}");
        }
        assert!(parse_okta_form("2024-01-09T15:36:04Z").is_none());
        assert!(Timestamp::parse("2024-01-09T15:36:04Z").is_ok());
    }

    #[test]
    fn offsets_are_normalised_to_utc() {
        let t = Timestamp::parse("2024-01-09T17:36:04.250+02:00").unwrap();
        assert_eq!(t.to_string(), "2024-01-09T15:36:04.250Z");
    }
}
