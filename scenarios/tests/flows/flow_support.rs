//! Shared pieces of the flows' end-to-end tests: the flows' scenario files, a notifier that
//! collects what it is sent (the `Notifier` interface's test double), a context over an
//! in-memory state store, and the real event read back from the mock's System Log.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use okta_client::{Client, Method, RawRequest};
use okta_mock::MockServer;
use okta_mock::scenario::Scenario;
use okta_scenarios::runtime::{
    FlowContext, FlowError, FlowEvent, Notification, Notifier, NotifyFuture, StateStore,
};

use crate::support::cases_dir;

/// The scenario file `cases/flows/<name>.json`.
pub fn flow_case(name: &str) -> Scenario {
    let path = cases_dir().join("flows").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    Scenario::from_json_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// Collects every notification sent; fails them all while `failing` is set.
#[derive(Debug, Default)]
pub struct Collected {
    sent: Mutex<Vec<Notification>>,
    failing: AtomicBool,
}

impl Collected {
    /// A fresh collector, shareable with a context.
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

/// A run's context for `flow` over `state`, notifying `notifier`.
pub fn context(
    flow: &'static str,
    client: &Client,
    apply: bool,
    trigger_key: &str,
    state: &Arc<StateStore>,
    notifier: &Arc<Collected>,
) -> FlowContext {
    FlowContext::new(
        flow,
        client.clone(),
        apply,
        trigger_key,
        Arc::clone(state),
        Arc::clone(notifier) as Arc<dyn Notifier>,
    )
}

/// A fresh in-memory state store.
pub fn state() -> Arc<StateStore> {
    Arc::new(StateStore::in_memory().expect("an in-memory state store"))
}

/// The last System Log event of `event_type` about the user `user_id`, read through the API.
pub async fn logged_event(client: &Client, event_type: &str, user_id: &str) -> FlowEvent {
    let events = client.logs().list().collect_all().await.expect("the log");
    let event = events
        .into_iter()
        .rev()
        .find(|e| e.event_type == event_type && e.target.iter().any(|t| t.id == user_id))
        .unwrap_or_else(|| panic!("no {event_type} event about {user_id} in the System Log"));
    FlowEvent::from_log(event)
}

/// The requests that changed the org since the journal was last cleared.
pub fn writes(server: &MockServer) -> Vec<String> {
    crate::support::writes(server)
}

/// Locks the user out as too many failed sign-ins would (`POST /__mock/users/{id}/lock`, the
/// mock's admin route: a real state change that logs `user.account.lock`).
pub async fn lock_out(client: &Client, user_id: &str) {
    let path = format!("/__mock/users/{user_id}/lock");
    let request = RawRequest::new(Method::POST, path).json(serde_json::json!({}));
    client.raw(request).await.expect("the mock locks the user");
}
