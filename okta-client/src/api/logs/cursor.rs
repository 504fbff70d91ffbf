//! Where a System Log poll stands: the page to ask for, and how many of its events were
//! already handed out.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use url::Url;

/// A position in the System Log, handed out with every polled event: persist it after acting
/// on the event, and a poll started from it ([`PollStart::Cursor`](super::PollStart::Cursor))
/// continues with the next event, none lost and none repeated.
///
/// Okta's cursors are pages: a polling page's `next` link continues after its last event. A
/// cursor is such a link, plus, for an event in the middle of a page, how many events of that
/// page were handed out and the `uuid` of the last one; a resumed poll asks for the page again
/// and skips them (checking the `uuid`, so a page that changed is still resumed after the right
/// event).
///
/// A cursor is written as a string (`Display`, serde) and read back (`FromStr`, serde): the
/// link itself, with `#skip=N&uuid=U` when it points inside a page. A bare `next` link saved
/// from elsewhere is a valid cursor too ([`LogCursor::from_next_link`]).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LogCursor {
    url: Url,
    skip: usize,
    last_uuid: Option<String>,
}

impl LogCursor {
    /// The start of the page a `next` link names.
    pub fn from_next_link(next: Url) -> Self {
        Self::within(next, 0, None)
    }

    /// Inside the page at `url`: its first `skip` events were handed out, the last being
    /// `last_uuid`.
    pub(crate) fn within(mut url: Url, skip: usize, last_uuid: Option<String>) -> Self {
        url.set_fragment(None);
        let last_uuid = last_uuid.filter(|_| skip > 0);
        Self {
            url,
            skip,
            last_uuid,
        }
    }

    /// The page to ask for (without the cursor's own fragment).
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// How many events at the start of that page were already handed out.
    pub fn skip(&self) -> usize {
        self.skip
    }

    /// The `uuid` of the last event handed out from that page, if any.
    pub fn last_uuid(&self) -> Option<&str> {
        self.last_uuid.as_deref()
    }
}

impl fmt::Display for LogCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.skip == 0 {
            return f.write_str(self.url.as_str());
        }
        let mut fragment = url::form_urlencoded::Serializer::new(String::new());
        fragment.append_pair("skip", &self.skip.to_string());
        if let Some(uuid) = &self.last_uuid {
            fragment.append_pair("uuid", uuid);
        }
        write!(f, "{}#{}", self.url, fragment.finish())
    }
}

impl fmt::Debug for LogCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LogCursor({self})")
    }
}

/// A string that is not a cursor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a System Log cursor: {0}")]
pub struct ParseLogCursorError(String);

impl FromStr for LogCursor {
    type Err = ParseLogCursorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let url = Url::parse(s.trim()).map_err(|e| ParseLogCursorError(e.to_string()))?;
        let mut skip = 0;
        let mut last_uuid = None;
        if let Some(fragment) = url.fragment() {
            for (key, value) in url::form_urlencoded::parse(fragment.as_bytes()) {
                match &*key {
                    "skip" => {
                        skip = value
                            .parse()
                            .map_err(|_| ParseLogCursorError(format!("skip={value}")))?;
                    }
                    "uuid" => last_uuid = Some(value.into_owned()),
                    _ => {}
                }
            }
        }
        Ok(Self::within(url, skip, last_uuid))
    }
}

impl Serialize for LogCursor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LogCursor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next() -> Url {
        Url::parse("https://acme.okta.com/api/v1/logs?after=1700000000_abc&limit=20").unwrap()
    }

    #[test]
    fn a_cursor_at_the_start_of_a_page_is_the_next_link_itself() {
        let cursor = LogCursor::from_next_link(next());
        assert_eq!(cursor.to_string(), next().as_str());
        assert_eq!(cursor.to_string().parse::<LogCursor>().unwrap(), cursor);
    }

    #[test]
    fn a_cursor_inside_a_page_round_trips_through_its_string_and_serde() {
        let cursor = LogCursor::within(next(), 3, Some("a-b c&d".to_owned()));
        let text = cursor.to_string();
        assert!(text.starts_with(next().as_str()), "{text}");
        let back: LogCursor = text.parse().unwrap();
        assert_eq!(back, cursor);
        assert_eq!(back.skip(), 3);
        assert_eq!(back.last_uuid(), Some("a-b c&d"));
        assert_eq!(back.url(), &next(), "the fragment is never sent");
        let json = serde_json::to_string(&cursor).unwrap();
        assert_eq!(serde_json::from_str::<LogCursor>(&json).unwrap(), cursor);
    }

    #[test]
    fn text_that_is_not_a_cursor_is_refused() {
        assert!("not a url".parse::<LogCursor>().is_err());
        assert!("https://a.example/#skip=x".parse::<LogCursor>().is_err());
    }
}
