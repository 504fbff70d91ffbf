//! The receiver's configuration: auth, path, dedupe window, and where events go.

use std::sync::{Arc, Mutex};

use axum::Router;
use tokio::sync::mpsc;

use super::HookEvent;
use super::auth::ReceiverAuth;
use super::routes::{Shared, Sink, router};
use super::window::SeenWindow;

/// How many recent event `uuid`s are remembered to ignore redeliveries, unless
/// [`HookReceiver::dedupe_window`] says otherwise.
pub const DEFAULT_DEDUPE_WINDOW: usize = 10_000;

/// A receiver that cannot be built, and what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReceiverConfigError {
    /// No [`HookReceiver::auth`]: choose `ReceiverAuth::header(…)` (the hook's auth scheme) or,
    /// deliberately, `ReceiverAuth::None`.
    #[error(
        "the event hook receiver has no auth: call .auth(ReceiverAuth::header(\"Authorization\", secret)) with the hook's auth scheme, or .auth(ReceiverAuth::None) to accept unauthenticated calls"
    )]
    MissingAuth,
    /// The path does not start with `/`.
    #[error("the event hook receiver's path {0:?} must start with '/'")]
    BadPath(String),
    /// A channel of capacity 0.
    #[error("the event hook receiver's channel needs a capacity of at least 1")]
    ZeroCapacity,
}

/// Builds the router of an event hook endpoint. See the [module docs](super).
#[must_use = "a receiver does nothing until it is built into a router"]
#[derive(Debug, Clone)]
pub struct HookReceiver {
    auth: Option<ReceiverAuth>,
    path: String,
    window: usize,
}

impl HookReceiver {
    /// A receiver at `/`, with no auth chosen yet and the default dedupe window.
    pub fn builder() -> Self {
        Self {
            auth: None,
            path: "/".to_owned(),
            window: DEFAULT_DEDUPE_WINDOW,
        }
    }

    /// How Okta authenticates (required): the hook's auth header, or `ReceiverAuth::None`.
    pub fn auth(mut self, auth: ReceiverAuth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// The path Okta calls (the hook's URI path), default `/`.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// How many recent event `uuid`s are remembered (default [`DEFAULT_DEDUPE_WINDOW`]); an
    /// event redelivered after that many others is handed out again.
    pub fn dedupe_window(mut self, uuids: usize) -> Self {
        self.window = uuids;
        self
    }

    /// The router, and the receiving end of a channel of `capacity` events. A delivery that
    /// finds the channel full is answered 503, so Okta retries it; the events of it that did
    /// fit are not handed out again.
    ///
    /// # Errors
    /// [`ReceiverConfigError`] when the auth is not chosen, the path is not absolute, or the
    /// capacity is 0.
    pub fn channel(
        self,
        capacity: usize,
    ) -> Result<(Router, mpsc::Receiver<HookEvent>), ReceiverConfigError> {
        if capacity == 0 {
            return Err(ReceiverConfigError::ZeroCapacity);
        }
        let (tx, rx) = mpsc::channel(capacity);
        Ok((self.build(Sink::Channel(tx))?, rx))
    }

    /// The router, calling `handler` with each new event, one at a time, before the delivery
    /// is answered: keep it quick (hand the work to a task or a queue), since Okta gives up
    /// after 3 seconds and retries.
    ///
    /// # Errors
    /// [`ReceiverConfigError`] when the auth is not chosen or the path is not absolute.
    pub fn handler<F>(self, handler: F) -> Result<Router, ReceiverConfigError>
    where
        F: Fn(HookEvent) + Send + Sync + 'static,
    {
        self.build(Sink::Handler(Arc::new(handler)))
    }

    fn build(self, sink: Sink) -> Result<Router, ReceiverConfigError> {
        let auth = self.auth.ok_or(ReceiverConfigError::MissingAuth)?;
        if !self.path.starts_with('/') {
            return Err(ReceiverConfigError::BadPath(self.path));
        }
        let shared = Shared {
            auth,
            sink,
            window: Mutex::new(SeenWindow::new(self.window)),
        };
        Ok(router(&self.path, Arc::new(shared)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receiver_without_a_chosen_auth_or_with_a_bad_path_is_refused_with_a_fix() {
        let err = HookReceiver::builder().handler(|_| {}).unwrap_err();
        assert_eq!(err, ReceiverConfigError::MissingAuth);
        assert!(err.to_string().contains(".auth(ReceiverAuth::header"));
        let err = HookReceiver::builder()
            .auth(ReceiverAuth::None)
            .path("hooks")
            .handler(|_| {})
            .unwrap_err();
        assert!(matches!(err, ReceiverConfigError::BadPath(_)));
        let err = HookReceiver::builder()
            .auth(ReceiverAuth::None)
            .channel(0)
            .unwrap_err();
        assert_eq!(err, ReceiverConfigError::ZeroCapacity);
    }
}
