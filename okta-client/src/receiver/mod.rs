//! The endpoint of an event hook, for tools that take Okta's deliveries (feature `receiver`).
//!
//! [`HookReceiver`] builds an axum [`Router`](axum::Router) that does what Okta's event hook
//! documentation (developer.okta.com/docs/concepts/event-hooks/) asks of an endpoint:
//! - answers the one-time verification GET: the `X-Okta-Verification-Challenge` header's value
//!   comes back as `{"verification": "<value>"}`;
//! - checks the auth header Okta sends with every call (the hook's `authScheme`), in constant
//!   time, answering 401 when it is missing or wrong;
//! - parses each delivery's envelope (`eventType: com.okta.event_hook`, `eventId`, `eventTime`,
//!   `source`, `data.events[]`) into typed [`LogEvent`]s, hands each
//!   to the tool as a [`HookEvent`], and answers 200 at once, as Okta advises;
//! - acts once per event: Okta delivers at least once and retries a delivery that timed out or
//!   failed, so an event whose `uuid` was handed out recently (within a bounded window) is not
//!   handed out again.
//!
//! ```no_run
//! use okta_client::receiver::{HookReceiver, ReceiverAuth};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let secret = std::env::var("HOOK_SECRET")?;
//! let (router, mut events) = HookReceiver::builder()
//!     .auth(ReceiverAuth::header("Authorization", secret))
//!     .path("/okta/events")
//!     .channel(1024)?;
//! tokio::spawn(async move {
//!     while let Some(hook) = events.recv().await {
//!         println!("{} {} ({})", hook.event.published, hook.event.event_type, hook.event.uuid);
//!     }
//! });
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, router).await?;
//! # Ok(())
//! # }
//! ```

mod auth;
mod builder;
mod routes;
mod window;

pub use auth::ReceiverAuth;
pub use builder::{DEFAULT_DEDUPE_WINDOW, HookReceiver, ReceiverConfigError};

use crate::models::{LogEvent, Timestamp};

/// One event from a delivery, with the delivery's own facts.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HookEvent {
    /// The event (its `uuid`, `eventType`, `published`, actor, targets, …).
    pub event: LogEvent,
    /// The delivery's `eventId` (one per delivery, shared by the events it carries).
    pub event_id: String,
    /// The delivery's `eventTime`: when Okta sent it.
    pub event_time: Option<Timestamp>,
    /// The delivery's `source`: the URL of the hook that sent it.
    pub source: String,
}
