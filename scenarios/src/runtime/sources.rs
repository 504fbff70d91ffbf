//! Where events come from: the System Log, polled from a saved cursor, and event hook
//! deliveries to a receiver on a local address.
//!
//! Both give the same [`FlowEvent`]s; an event delivered by a hook and read again from the log
//! has the same `uuid`, so the engine's done records make it act once.

use std::net::SocketAddr;
use std::time::Duration;

use okta_client::Client;
use okta_client::api::logs::{LogCursor, LogPoll, PollStart};
use okta_client::models::{EventHookId, NewEventHook};
use okta_client::receiver::{HookEvent, HookReceiver, ReceiverAuth};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::error::StateError;
use super::state::StateStore;

/// The System Log filter for a set of event types: `eventType eq "a" or eventType eq "b"`
/// (Okta's SCIM filter on `/api/v1/logs`; `or` is part of it, System Log API reference,
/// "Filtering results").
pub fn log_filter(event_types: &[&str]) -> String {
    event_types
        .iter()
        .map(|t| format!("eventType eq \"{t}\""))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// A System Log poll for some event types, resumed from its saved cursor when there is one.
///
/// The cursor is saved under a key that includes the filter, because a cursor's link carries
/// its filter: a watch over another set of flows starts afresh (from `start`) instead of
/// resuming a poll that asks for other events.
#[derive(Debug)]
pub struct LogSource {
    /// The polling stream.
    pub poll: LogPoll,
    key: String,
    resumed: bool,
}

impl LogSource {
    /// Opens the poll: from the cursor saved for these event types, else from `start`
    /// (`PollStart::Now` or `PollStart::Since(..)`). `interval` is the wait after a page with
    /// nothing new.
    ///
    /// # Errors
    /// When the state store cannot be read, or its saved cursor does not parse or belongs to
    /// another org (a state file is for one org).
    pub fn open(
        client: &Client,
        state: &StateStore,
        event_types: &[&str],
        start: PollStart,
        interval: Duration,
    ) -> Result<Self, StateError> {
        let filter = log_filter(event_types);
        let key = format!("system_log {filter}");
        let (poll, resumed) = match state.cursor(&key)? {
            Some(text) => {
                let cursor: LogCursor = text
                    .parse()
                    .map_err(|e| StateError::new(format!("saved cursor for {key}: {e}")))?;
                let org = client.org_url().origin();
                if cursor.url().origin() != org {
                    return Err(StateError::new(format!(
                        "the state file's System Log cursor is for {}, not the org {}: use                          another --state file for this org",
                        cursor.url().origin().ascii_serialization(),
                        org.ascii_serialization()
                    )));
                }
                (client.logs().poll(PollStart::Cursor(cursor)), true)
            }
            None => (client.logs().poll(start).filter(filter), false),
        };
        Ok(Self {
            poll: poll.interval(interval).items(),
            key,
            resumed,
        })
    }

    /// The key its cursor is saved under (`system_log <filter>`).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Whether it continues from a saved cursor.
    pub fn resumed(&self) -> bool {
        self.resumed
    }
}

/// An event hook receiver serving on a local address.
#[derive(Debug)]
pub struct HookServer {
    /// Where it listens (the port chosen when the address asked for port 0).
    pub addr: SocketAddr,
    /// The events it receives, each once per dedupe window.
    pub events: mpsc::Receiver<HookEvent>,
    task: JoinHandle<()>,
}

/// The path the receiver serves, and the hook's URL path.
pub const HOOK_PATH: &str = "/okta/events";

impl HookServer {
    /// Binds `addr` and serves okta-client's [`HookReceiver`] at [`HOOK_PATH`].
    ///
    /// # Errors
    /// When the address cannot be bound.
    pub async fn start(addr: SocketAddr, auth: ReceiverAuth) -> std::io::Result<Self> {
        let (router, events) = HookReceiver::builder()
            .auth(auth)
            .path(HOOK_PATH)
            .channel(1024)
            .map_err(std::io::Error::other)?;
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, router).await {
                tracing::warn!("the event hook receiver stopped: {e}");
            }
        });
        Ok(Self { addr, events, task })
    }

    /// The URL to register as the hook's endpoint.
    pub fn url(&self) -> String {
        format!("http://{}{HOOK_PATH}", self.addr)
    }
}

impl Drop for HookServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Registers and verifies an event hook for `event_types` that delivers to `url`, with the
/// `Authorization: <secret>` header when a secret is given (what the embedded demo and the
/// tests do; on a real org an admin registers the hook with a public URL).
///
/// # Errors
/// When Okta refuses the hook or the verification fails.
pub async fn register_hook(
    client: &Client,
    url: &str,
    event_types: &[&str],
    secret: Option<&str>,
) -> Result<EventHookId, okta_client::Error> {
    let mut new = NewEventHook::new("okta-flows watch", url);
    if let Some(secret) = secret {
        new = new.auth_header("Authorization", secret);
    }
    for event_type in event_types {
        new = new.event_type(*event_type);
    }
    let hook = client.event_hooks().create(&new).await?;
    client.event_hooks().verify(hook.id.clone()).await?;
    Ok(hook.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_names_every_type_joined_by_or() {
        assert_eq!(
            log_filter(&["group.user_membership.add", "group.user_membership.remove"]),
            "eventType eq \"group.user_membership.add\" or eventType eq \
             \"group.user_membership.remove\""
        );
    }
}
