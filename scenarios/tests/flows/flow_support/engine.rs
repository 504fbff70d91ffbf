//! An applying engine over a state store, driven over the mock's real System Log (and hooks)
//! until a known number of events has been handled.

use std::sync::Arc;
use std::time::Duration;

use okta_client::Client;
use okta_client::api::logs::PollStart;
use okta_client::models::Timestamp;
use okta_client::receiver::ReceiverAuth;
use okta_scenarios::runtime::{
    Engine, EngineError, Flow, HookServer, LogSource, RetryPolicy, Sources, StateStore,
    WatchOptions, WatchSummary, register_hook, watch,
};

use super::notify::Collected;

/// An applying engine over `state` with the given flows, retrying quickly.
pub fn engine(
    client: &Client,
    state: Arc<StateStore>,
    notifier: Arc<Collected>,
    flows: Vec<Arc<dyn Flow>>,
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

/// The engine's sources: the System Log from `since` (or its saved cursor), polled every
/// 20 ms, and `hooks`' deliveries when it holds a receiver.
pub fn sources(engine: &Engine, since: Timestamp, hooks: Option<HookServer>) -> Sources {
    let log = LogSource::open(
        engine.client(),
        engine.state(),
        &engine.event_types(),
        PollStart::Since(since),
        Duration::from_millis(20),
    )
    .expect("the log source opens");
    Sources {
        log: Some(log),
        hooks,
    }
}

/// Runs `engine` over [`sources`] until `events` events have been received, and returns what
/// the watch returns (a crash point's error, for one). A bound of 20 s without any event stops
/// it anyway, so a broken test fails instead of hanging.
///
/// # Errors
///
/// The watch's error.
pub async fn try_drive(
    engine: &Engine,
    since: Timestamp,
    hooks: Option<HookServer>,
    events: u64,
) -> Result<WatchSummary, EngineError> {
    let options = WatchOptions {
        max_events: Some(events),
        until_idle: Some(Duration::from_secs(20)),
        ..WatchOptions::default()
    };
    watch(
        engine,
        sources(engine, since, hooks),
        &options,
        std::future::pending(),
        &mut |_| {},
    )
    .await
}

/// [`try_drive`], which must succeed.
pub async fn drive(
    engine: &Engine,
    since: Timestamp,
    hooks: Option<HookServer>,
    events: u64,
) -> WatchSummary {
    try_drive(engine, since, hooks, events)
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
