//! The `Notifier` interface's test double.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use okta_scenarios::runtime::{FlowError, Notification, Notifier, NotifyFuture};

/// Collects every notification sent; fails them all while `failing` is set.
#[derive(Debug, Default)]
pub struct Collected {
    sent: Mutex<Vec<Notification>>,
    failing: AtomicBool,
}

impl Collected {
    /// A fresh collector, shareable with a context or an engine.
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// What was sent so far.
    pub fn sent(&self) -> Vec<Notification> {
        self.sent.lock().unwrap().clone()
    }

    /// Makes every later send fail (`true`) or succeed again.
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }
}

impl Notifier for Collected {
    fn send<'a>(&'a self, n: &'a Notification) -> NotifyFuture<'a> {
        Box::pin(async move {
            if self.failing.load(Ordering::SeqCst) {
                return Err(FlowError::Notify("the receiver is down".into()));
            }
            self.sent.lock().unwrap().push(n.clone());
            Ok(())
        })
    }
}
