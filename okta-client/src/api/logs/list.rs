//! The bounded System Log listing: `since`, `until`, `filter`, `q`, `sortOrder`, `limit`.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::{Stream, StreamExt as _, TryStreamExt as _};
use reqwest::Method;
use serde::Serialize;
use url::Url;

use super::LogSortOrder;
use crate::models::{LogEvent, Timestamp};
use crate::pagination::{Page, Paginator};
use crate::{Client, Error};

/// Lists System Log events. Built by [`LogsApi::list`](super::LogsApi::list); the serialized
/// fields are the query string.
///
/// With both [`since`](Self::since) and [`until`](Self::until) this is what Okta calls a
/// bounded request: events ordered by `published`, and a last page without a `next` link.
/// Without `until`, Okta answers as to a polling request, whose `next` link never ends; the
/// listing then stops at the first empty page. To follow the log as it grows, use
/// [`LogsApi::poll`](super::LogsApi::poll) instead.
#[must_use = "a list does nothing until it is streamed or sent"]
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListLogs {
    #[serde(skip)]
    client: Client,
    #[serde(skip)]
    url: Url,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sort_order: Option<LogSortOrder>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u32>,
}

impl fmt::Debug for ListLogs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query = serde_urlencoded::to_string(self).unwrap_or_default();
        f.debug_struct("ListLogs").field("query", &query).finish()
    }
}

impl ListLogs {
    pub(super) fn new(client: Client) -> Self {
        let url = client.api_url(&["logs"]);
        Self {
            client,
            url,
            since: None,
            until: None,
            filter: None,
            q: None,
            sort_order: None,
            limit: None,
        }
    }

    /// `since`: events published at or after this instant (Okta's default: 7 days before
    /// `until`).
    pub fn since(mut self, since: impl Into<Timestamp>) -> Self {
        self.since = Some(since.into());
        self
    }

    /// `until`: events published before this instant (Okta's default: now). Makes the listing
    /// bounded.
    pub fn until(mut self, until: impl Into<Timestamp>) -> Self {
        self.until = Some(until.into());
        self
    }

    /// `filter`: a SCIM expression on the event's attributes, e.g. `eventType eq
    /// "user.lifecycle.create"`, `target.id eq "00u…"`, `actor.id eq "00u…"`, joined with
    /// `and`/`or`. Okta refuses `published` here (use `since`/`until`).
    pub fn filter(mut self, filter: impl Into<String>) -> Self {
        self.filter = Some(filter.into());
        self
    }

    /// `q`: keywords, all of which must match some attribute value exactly (case-insensitive;
    /// at most 10 keywords of 40 characters).
    pub fn q(mut self, keywords: impl Into<String>) -> Self {
        self.q = Some(keywords.into());
        self
    }

    /// `sortOrder` by `published` (Okta's default: ascending).
    pub fn sort_order(mut self, order: LogSortOrder) -> Self {
        self.sort_order = Some(order);
        self
    }

    /// `limit`: events per page, 0 to 1000 (Okta's default: 100).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    fn paginator(self) -> Paginator<LogEvent> {
        let request = self.client.request(Method::GET, self.url.clone());
        request.query(&self).paginate()
    }

    /// Every event of every page, fetched page by page as the stream is polled.
    ///
    /// # Errors
    /// The stream yields one error (API, transport, decoding, or a next link that does not
    /// advance) and then ends.
    pub fn stream(self) -> LogEvents {
        LogEvents(Box::pin(self.paginator().items()))
    }

    /// The pages one by one, each with its events, its `next` link and the response metadata.
    ///
    /// # Errors
    /// The stream yields one error and then ends, as [`stream`](Self::stream) does.
    pub fn pages(self) -> LogPages {
        LogPages(Box::pin(self.paginator().pages()))
    }

    /// Fetches the first page only.
    ///
    /// # Errors
    /// When Okta answers with an error, the request fails, or the body does not decode.
    pub async fn send(self) -> Result<Page<LogEvent>, Error> {
        let mut pages = Box::pin(self.paginator().prefetch(false).pages());
        match pages.next().await {
            Some(page) => page,
            None => Err(Error::Pagination("the first page never arrived".to_owned())),
        }
    }

    /// Follows every page and gathers all events in memory.
    ///
    /// # Errors
    /// The first error met on any page.
    pub async fn collect_all(self) -> Result<Vec<LogEvent>, Error> {
        self.stream().try_collect().await
    }
}

/// The events of a [`ListLogs`] listing, in order: a nameable, `Unpin` stream.
#[must_use = "streams do nothing unless polled"]
pub struct LogEvents(Pin<Box<dyn Stream<Item = Result<LogEvent, Error>> + Send>>);

/// The pages of a [`ListLogs`] listing: a nameable, `Unpin` stream.
#[must_use = "streams do nothing unless polled"]
pub struct LogPages(Pin<Box<dyn Stream<Item = Result<Page<LogEvent>, Error>> + Send>>);

impl Stream for LogEvents {
    type Item = Result<LogEvent, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

impl Stream for LogPages {
    type Item = Result<Page<LogEvent>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for LogEvents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LogEvents")
    }
}

impl fmt::Debug for LogPages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LogPages")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::offline_client;

    #[test]
    fn log_list_parameters_use_okta_names_and_forms() {
        let since = Timestamp::parse("2024-01-01T00:00:00.000Z").unwrap();
        let until = Timestamp::parse("2024-01-02T00:00:00Z").unwrap();
        let list = offline_client()
            .logs()
            .list()
            .since(since)
            .until(until)
            .filter(r#"eventType eq "user.lifecycle.create""#)
            .q("Jane Doe")
            .sort_order(LogSortOrder::Descending)
            .limit(1000);
        assert_eq!(list.url.path(), "/api/v1/logs");
        assert_eq!(
            serde_urlencoded::to_string(&list).unwrap(),
            "since=2024-01-01T00%3A00%3A00.000Z&until=2024-01-02T00%3A00%3A00.000Z\
             &filter=eventType+eq+%22user.lifecycle.create%22&q=Jane+Doe\
             &sortOrder=DESCENDING&limit=1000"
        );
        let empty = offline_client().logs().list();
        assert_eq!(serde_urlencoded::to_string(&empty).unwrap(), "");
    }

    #[test]
    fn log_streams_are_nameable_unpin_and_send() {
        fn assert_unpin_send<T: Unpin + Send>() {}
        assert_unpin_send::<LogEvents>();
        assert_unpin_send::<LogPages>();
    }
}
