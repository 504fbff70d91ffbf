//! `client.logs()`: the System Log (`GET /api/v1/logs`), as a bounded listing or as a polling
//! stream that follows the log as it grows.
//!
//! Okta's System Log reference (developer.okta.com/docs/reference/api/system-log/, "Request
//! types") distinguishes two kinds of request:
//! - a **bounded** request has `since` and `until`; its events are filtered and ordered by
//!   `published`, and its last page has no `next` link: [`LogsApi::list`];
//! - a **polling** request has no `until` and ascending order; its events are filtered by the
//!   time Okta stored them, so a delayed event is never skipped, and a `next` link is always
//!   present, even on an empty page: [`LogsApi::poll`]. Okta's advice is to follow the `next`
//!   links and never to page by `since`/`until` by hand, which skips or repeats events.

mod cursor;
mod list;
mod poll;
mod poll_stream;

pub use cursor::{LogCursor, ParseLogCursorError};
pub use list::{ListLogs, LogEvents, LogPages};
pub use poll::{DEFAULT_POLL_INTERVAL, PollLogs, PollStart};
pub use poll_stream::{LogPoll, PolledEvent};

use serde::Serialize;

use crate::Client;

impl Client {
    /// The System Log handler: `client.logs().poll(PollStart::Now).stream()`.
    pub fn logs(&self) -> LogsApi {
        LogsApi {
            client: self.clone(),
        }
    }
}

/// Reads the System Log (`/api/v1/logs`). Obtained with [`Client::logs`].
///
/// # Examples
///
/// ```no_run
/// use futures::TryStreamExt as _;
/// use okta_client::api::logs::PollStart;
/// use okta_client::models::Timestamp;
///
/// # async fn demo(client: okta_client::Client, saved: Option<String>) -> Result<(), Box<dyn std::error::Error>> {
/// // What happened to one user in January (a bounded listing ends by itself).
/// let since = Timestamp::parse("2024-01-01T00:00:00.000Z")?;
/// let until = Timestamp::parse("2024-02-01T00:00:00.000Z")?;
/// let mut events = client.logs().list().since(since).until(until)
///     .filter(r#"target.id eq "00u1abcd""#).stream();
/// while let Some(event) = events.try_next().await? {
///     println!("{} {}", event.published, event.event_type);
/// }
///
/// // Follow the log for ever, from where the last run stopped.
/// let start = match saved {
///     Some(cursor) => PollStart::Cursor(cursor.parse()?),
///     None => PollStart::Now,
/// };
/// let mut poll = client.logs().poll(start).stream();
/// while let Some(polled) = poll.try_next().await? {
///     println!("{}", polled.event.event_type);
///     // Persist polled.cursor.to_string() after acting on the event.
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct LogsApi {
    client: Client,
}

impl std::fmt::Debug for LogsApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LogsApi")
    }
}

impl LogsApi {
    /// A listing of the events between `since` and `until` (`GET /api/v1/logs`).
    pub fn list(&self) -> ListLogs {
        ListLogs::new(self.client.clone())
    }

    /// A polling stream from `start` that never ends on its own (stop it by dropping it).
    pub fn poll(&self, start: impl Into<PollStart>) -> PollLogs {
        PollLogs::new(self.client.clone(), start.into())
    }
}

/// The order of System Log events by `published` (`sortOrder`). Okta's default is ascending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum LogSortOrder {
    /// `ASCENDING`: oldest first (required for polling).
    Ascending,
    /// `DESCENDING`: newest first.
    Descending,
}
