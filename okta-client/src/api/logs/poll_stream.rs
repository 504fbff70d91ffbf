//! The polling loop: ask for a page, hand out its new events with their cursors, follow the
//! `next` link, wait when there was nothing new.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::Stream;
use tokio::task::JoinHandle;
use tokio::time::sleep;
use tracing::Instrument as _;
use tracing::{debug, warn};
use url::Url;

use super::LogCursor;
use crate::models::LogEvent;
use crate::pagination::next_link;
use crate::transport::{Prepared, RawHttp, decode_json};
use crate::{Client, Error};

/// One polled event and the cursor that continues after it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PolledEvent {
    /// The event.
    pub event: LogEvent,
    /// Persist this once the event has been acted on; a poll from it starts with the next
    /// event.
    pub cursor: LogCursor,
}

/// A System Log poll in progress: a nameable, `Unpin` stream of [`PolledEvent`]s that never
/// ends on its own. Drop it to stop. Built by [`PollLogs::stream`](super::PollLogs::stream).
#[must_use = "streams do nothing unless polled"]
pub struct LogPoll(Pin<Box<dyn Stream<Item = Result<PolledEvent, Error>> + Send>>);

impl fmt::Debug for LogPoll {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LogPoll")
    }
}

impl Stream for LogPoll {
    type Item = Result<PolledEvent, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

impl LogPoll {
    pub(super) fn new(client: Client, first: Result<LogCursor, Error>, interval: Duration) -> Self {
        LogPoll(Box::pin(async_stream::stream! {
            let mut at = match first {
                Ok(cursor) => cursor,
                Err(e) => {
                    yield Err(e);
                    return;
                }
            };
            let prefetch = client.inner().prefetch_pages;
            // The next page, already requested while this one's events were handed out.
            let mut ahead: Option<Ahead> = None;
            loop {
                let url = at.url().clone();
                let fetched = match ahead.take() {
                    Some(sent) if sent.url == url => sent.finish().await,
                    _ => client.execute(&Prepared::get(url.clone())).await,
                };
                let raw = match fetched {
                    Ok(raw) => raw,
                    Err(e) => {
                        yield Err(e);
                        sleep(interval).await;
                        continue;
                    }
                };
                let events: Vec<LogEvent> = match decode_json(&raw.body, &raw.meta) {
                    Ok(events) => events,
                    Err(e) => {
                        yield Err(e);
                        sleep(interval).await;
                        continue;
                    }
                };
                // Okta always sends a next link on a polling page; one that leaves the org is
                // not followed (the token would go with it).
                let next = next_link(&raw.meta.headers, &url).filter(|n| {
                    let same_org = n.origin() == client.org_url().origin();
                    if !same_org {
                        warn!(next = %n, "ignoring a System Log next link to another host");
                    }
                    same_org
                });
                let total = events.len();
                let start = resume_index(&events, at.skip(), at.last_uuid());
                // A next link equal to this page's URL does not move on: the page is asked for
                // again and what it gave is skipped.
                let advanced = next.as_ref().is_some_and(|n| *n != url);
                // A page with events is followed at once: request the next one now, so that it
                // travels while these are consumed (never after a page with nothing new, which
                // is waited out first).
                if let Some(next) = next.as_ref().filter(|_| prefetch && advanced && total > 0) {
                    ahead = Some(Ahead::start(&client, next.clone()));
                }
                let mut last_uuid = at.last_uuid().map(str::to_owned);
                for (index, event) in events.into_iter().enumerate().skip(start) {
                    last_uuid = Some(event.uuid.clone());
                    let cursor = match &next {
                        Some(next) if advanced && index + 1 == total => {
                            LogCursor::from_next_link(next.clone())
                        }
                        _ => LogCursor::within(url.clone(), index + 1, last_uuid.clone()),
                    };
                    yield Ok(PolledEvent { event, cursor });
                }
                let fresh = total.saturating_sub(start);
                at = match next {
                    Some(next) if advanced => LogCursor::from_next_link(next),
                    // No new page to go to: ask for this one again and skip what it gave.
                    _ => LogCursor::within(url, total.max(at.skip()), last_uuid),
                };
                if fresh == 0 && (total == 0 || !advanced) {
                    debug!(wait_ms = interval.as_millis() as u64, "nothing new in the System Log; waiting");
                    sleep(interval).await;
                }
            }
        }))
    }
}

/// A page request sent ahead, in a task of its own; aborted if the poll is dropped first.
struct Ahead {
    url: Url,
    task: JoinHandle<Result<RawHttp, Error>>,
}

impl Ahead {
    fn start(client: &Client, url: Url) -> Self {
        let (client, request) = (client.clone(), Prepared::get(url.clone()));
        let task = tokio::spawn(async move { client.execute(&request).await }.in_current_span());
        Self { url, task }
    }

    async fn finish(mut self) -> Result<RawHttp, Error> {
        match (&mut self.task).await {
            Ok(result) => result,
            // A panic in the request task is a bug; let it surface as one.
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => Err(Error::Pagination(
                "the next System Log page's request was cancelled (the runtime is shutting down)"
                    .to_owned(),
            )),
        }
    }
}

impl Drop for Ahead {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// How many events at the start of a page were already handed out, according to a cursor
/// that says `skip` and names the last one's `uuid`. When the page no longer matches the count
/// (Okta's page changed), the `uuid` decides; without either, nothing is skipped twice.
fn resume_index(events: &[LogEvent], skip: usize, last_uuid: Option<&str>) -> usize {
    let Some(uuid) = last_uuid else {
        return skip.min(events.len());
    };
    if skip > 0 && events.get(skip - 1).is_some_and(|e| e.uuid == uuid) {
        return skip;
    }
    match events.iter().position(|e| e.uuid == uuid) {
        Some(found) => found + 1,
        None => {
            if skip > 0 {
                warn!(
                    skip,
                    uuid, "the cursor's last event is not on its page; skipping by count"
                );
            }
            skip.min(events.len())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(uuids: &[&str]) -> Vec<LogEvent> {
        uuids
            .iter()
            .map(|u| {
                serde_json::from_value(serde_json::json!({
                    "uuid": u, "published": "2024-01-01T00:00:00.000Z", "eventType": "x"
                }))
                .unwrap()
            })
            .collect()
    }

    #[test]
    fn a_resumed_page_skips_exactly_what_was_handed_out() {
        let page = events(&["a", "b", "c"]);
        assert_eq!(resume_index(&page, 0, None), 0);
        assert_eq!(resume_index(&page, 2, Some("b")), 2);
        // The page changed under the cursor: the uuid wins over the count.
        assert_eq!(resume_index(&page, 1, Some("b")), 2);
        assert_eq!(resume_index(&page, 3, Some("a")), 1);
        // Neither matches: the count, bounded by the page.
        assert_eq!(resume_index(&page, 5, Some("z")), 3);
        assert_eq!(resume_index(&[], 2, Some("b")), 0);
    }

    #[test]
    fn a_poll_is_a_nameable_unpin_send_stream() {
        fn assert_unpin_send<T: Unpin + Send + Stream>() {}
        assert_unpin_send::<LogPoll>();
    }
}
