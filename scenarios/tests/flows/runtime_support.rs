//! Shared helpers of the flow runtime's tests: a flow's scenario file on a mock, a state file,
//! a notifier that keeps what it is sent, and the engine driven over the mock's real System
//! Log (and hooks) until a known number of events has been handled.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use okta_client::Client;
use okta_client::api::logs::PollStart;
use okta_client::models::Timestamp;
use okta_client::receiver::ReceiverAuth;
use okta_mock::MockServer;
use okta_mock::scenario::Scenario;
use okta_scenarios::runtime::{
    Engine, HookServer, LogSource, Notification, Notifier, NotifyFuture, RetryPolicy, Sources,
    StateStore, WatchOptions, WatchSummary, register_hook, watch,
};

use crate::support::{cases_dir, client, start};

/// A flow's scenario file, `scenarios/cases/flows/<name>.json`.
pub fn flow_scenario(name: &str) -> Scenario {
    let path = cases_dir().join("flows").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    Scenario::from_json_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// A fresh mock loaded with a flow's scenario file, and a client for it.
pub async fn flow_mock(name: &str) -> (MockServer, Client) {
    let server = start(flow_scenario(name)).await;
    let client = client(&server);
    (server, client)
}

/// A state file in a fresh temporary directory (removed when the value is dropped).
pub struct StateFile {
    dir: PathBuf,
    /// The file.
    pub path: PathBuf,
}

impl StateFile {
    /// A new, empty state file path, unique to `label` and this process.
    pub fn new(label: &str) -> Self {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("okta-flows-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let path = dir.join("state.db");
        Self { dir, path }
    }

    /// Opens the store (again): what a restarted engine does.
    pub fn open(&self) -> Arc<StateStore> {
        Arc::new(StateStore::open(&self.path).expect("the state file opens"))
    }
}

impl Drop for StateFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The notifier's test double: keeps every notification.
#[derive(Debug, Default)]
pub struct Collected(pub Mutex<Vec<Notification>>);

impl Notifier for Collected {
    fn send<'a>(&'a self, notification: &'a Notification) -> NotifyFuture<'a> {
        self.0.lock().unwrap().push(notification.clone());
        Box::pin(async { Ok(()) })
    }
}

impl Collected {
    /// What was sent so far.
    pub fn sent(&self) -> Vec<Notification> {
        self.0.lock().unwrap().clone()
    }
}

/// An applying engine over `state` with the given flows, retrying quickly.
pub fn engine(
    client: &Client,
    state: Arc<StateStore>,
    notifier: Arc<Collected>,
    flows: Vec<Arc<dyn okta_scenarios::runtime::Flow>>,
) -> Engine {
    Engine::new(client.clone(), state, notifier)
        .flows(flows)
        .apply(true)
        .retry(RetryPolicy {
            attempts: 3,
            backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(50),
        })
}

/// An instant safely before anything a test is about to do (the mock logs on the same clock).
pub fn before_now() -> Timestamp {
    Timestamp::from_unix_millis(Timestamp::now().unix_millis() - 1000).expect("a valid time")
}

/// Runs `engine` over the System Log from `since` (or its saved cursor) and, when `hooks`
/// holds a receiver, over its deliveries too, until `events` events have been received. A
/// bound of 20 s without any event stops it anyway, so a broken test fails instead of hanging.
pub async fn drive(
    engine: &Engine,
    since: Timestamp,
    hooks: Option<HookServer>,
    events: u64,
) -> WatchSummary {
    let log = LogSource::open(
        engine.client(),
        engine.state(),
        &engine.event_types(),
        PollStart::Since(since),
        Duration::from_millis(20),
    )
    .expect("the log source opens");
    let sources = Sources {
        log: Some(log),
        hooks,
    };
    let options = WatchOptions {
        max_events: Some(events),
        until_idle: Some(Duration::from_secs(20)),
        ..WatchOptions::default()
    };
    watch(
        engine,
        sources,
        &options,
        std::future::pending(),
        &mut |_| {},
    )
    .await
    .expect("the watch runs")
}

/// A hook receiver on a loopback port, registered and verified on the mock for the engine's
/// event types.
pub async fn hooked(engine: &Engine) -> HookServer {
    const SECRET: &str = "flows-test-secret";
    let addr = "127.0.0.1:0".parse().expect("an address");
    let server = HookServer::start(addr, ReceiverAuth::header("Authorization", SECRET))
        .await
        .expect("the receiver binds");
    register_hook(
        engine.client(),
        &server.url(),
        &engine.event_types(),
        Some(SECRET),
    )
    .await
    .expect("the mock verifies the hook");
    server
}
