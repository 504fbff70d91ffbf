//! The polling request's builder: where to start, what to ask for, how long to wait.

use std::fmt;
use std::time::Duration;

use serde::Serialize;
use url::Url;

use super::poll_stream::LogPoll;
use super::{LogCursor, LogSortOrder};
use crate::models::Timestamp;
use crate::{Client, Error};

/// The wait after a page with nothing new, unless [`PollLogs::interval`] says otherwise.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(10);

/// Where a poll starts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PollStart {
    /// From now (this machine's clock): only events stored from now on.
    Now,
    /// From an instant: every event Okta stored since then (Okta keeps 90 days).
    Since(Timestamp),
    /// From a cursor saved from an earlier poll: the event after the one it was handed out
    /// with. The cursor's link carries the original `filter`, `q` and `limit`.
    Cursor(LogCursor),
}

impl From<LogCursor> for PollStart {
    fn from(cursor: LogCursor) -> Self {
        PollStart::Cursor(cursor)
    }
}

impl From<Timestamp> for PollStart {
    fn from(since: Timestamp) -> Self {
        PollStart::Since(since)
    }
}

/// A System Log poll. Built by [`LogsApi::poll`](super::LogsApi::poll); consume it with
/// [`stream`](Self::stream).
///
/// The request is one Okta calls polling (no `until`, ascending order): it follows the `next`
/// link Okta always sends, waits [`interval`](Self::interval) after a page with nothing new,
/// and never ends on its own.
#[must_use = "a poll does nothing until it is streamed"]
#[derive(Clone)]
pub struct PollLogs {
    client: Client,
    start: PollStart,
    query: PollQuery,
    interval: Duration,
}

/// The query of the first request (a cursor's link already has its own).
#[derive(Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct PollQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u32>,
    sort_order: Option<LogSortOrder>,
}

impl PollQuery {
    fn is_set(&self) -> bool {
        self.filter.is_some() || self.q.is_some() || self.limit.is_some()
    }
}

impl fmt::Debug for PollLogs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollLogs")
            .field("start", &self.start)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

impl PollLogs {
    pub(super) fn new(client: Client, start: PollStart) -> Self {
        Self {
            client,
            start,
            query: PollQuery::default(),
            interval: DEFAULT_POLL_INTERVAL,
        }
    }

    /// `filter`: a SCIM expression, e.g. `eventType eq "user.lifecycle.deactivate"`. Not with
    /// [`PollStart::Cursor`], whose link has its own.
    pub fn filter(mut self, filter: impl Into<String>) -> Self {
        self.query.filter = Some(filter.into());
        self
    }

    /// `q`: keywords that must all match. Not with [`PollStart::Cursor`].
    pub fn q(mut self, keywords: impl Into<String>) -> Self {
        self.query.q = Some(keywords.into());
        self
    }

    /// `limit`: events per page, 0 to 1000 (Okta's default: 100). Not with
    /// [`PollStart::Cursor`].
    pub fn limit(mut self, limit: u32) -> Self {
        self.query.limit = Some(limit);
        self
    }

    /// How long to wait after a page with nothing new before asking again (default
    /// [`DEFAULT_POLL_INTERVAL`]). Pages that bring events are followed at once; rate limits
    /// are waited out by the client's transport as for any request.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The events, each with the cursor to persist once it has been acted on.
    ///
    /// # Errors
    /// A failed page (API, transport, decoding) is yielded as an error, and the same page is
    /// asked for again after the interval: the stream keeps its place and never ends on its
    /// own. A start that cannot work (a cursor on another host than the org, or `filter`, `q`
    /// or `limit` given with a cursor) is yielded as one error, and the stream ends.
    pub fn stream(self) -> LogPoll {
        let first = self.first_page();
        LogPoll::new(self.client, first, self.interval)
    }

    /// The first page to ask for and how much of it was already handed out.
    fn first_page(&self) -> Result<LogCursor, Error> {
        match &self.start {
            PollStart::Cursor(cursor) => {
                if self.query.is_set() {
                    return Err(Error::InvalidRequest(
                        "a System Log poll resumed from a cursor keeps the cursor's filter, q \
                         and limit: set none of them"
                            .to_owned(),
                    ));
                }
                let org = self.client.org_url().origin();
                if cursor.url().origin() != org {
                    return Err(Error::Pagination(format!(
                        "refusing to resume from a cursor on {} which is not the org {}",
                        cursor.url().origin().ascii_serialization(),
                        org.ascii_serialization(),
                    )));
                }
                Ok(cursor.clone())
            }
            PollStart::Now | PollStart::Since(_) => {
                let since = match &self.start {
                    PollStart::Since(at) => *at,
                    _ => Timestamp::now(),
                };
                let query = PollQuery {
                    since: Some(since),
                    sort_order: Some(LogSortOrder::Ascending),
                    ..self.query.clone()
                };
                let mut url: Url = self.client.api_url(&["logs"]);
                let encoded = serde_urlencoded::to_string(&query)
                    .map_err(|e| Error::InvalidRequest(format!("query: {e}")))?;
                url.set_query(Some(&encoded));
                Ok(LogCursor::from_next_link(url))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::offline_client;

    #[test]
    fn a_poll_from_an_instant_asks_ascending_without_until() {
        let since = Timestamp::parse("2024-01-01T00:00:00.000Z").unwrap();
        let poll = offline_client()
            .logs()
            .poll(since)
            .filter(r#"eventType eq "user.lifecycle.create""#)
            .limit(50);
        let first = poll.first_page().unwrap();
        assert_eq!(first.skip(), 0);
        assert_eq!(
            first.url().as_str(),
            "https://acme.okta.com/api/v1/logs?since=2024-01-01T00%3A00%3A00.000Z\
             &filter=eventType+eq+%22user.lifecycle.create%22&limit=50&sortOrder=ASCENDING"
        );
    }

    #[test]
    fn a_cursor_with_its_own_query_or_on_another_host_is_refused() {
        let ours: LogCursor = "https://acme.okta.com/api/v1/logs?after=x#skip=2&uuid=u"
            .parse()
            .unwrap();
        let client = offline_client();
        let resumed = client.logs().poll(ours.clone()).first_page().unwrap();
        assert_eq!(resumed, ours);
        let err = client.logs().poll(ours).q("x").first_page().unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err}");
        let theirs: LogCursor = "https://evil.example/api/v1/logs?after=x".parse().unwrap();
        let err = client.logs().poll(theirs).first_page().unwrap_err();
        assert!(matches!(err, Error::Pagination(_)), "{err}");
    }
}
