//! Starting a mock on `127.0.0.1:0` and a real client pointed at it.

use std::future::Future;
use std::time::Duration;

use okta_client::{Client, RetryPolicy};
use okta_mock::scenario::Scenario;
use okta_mock::{MockConfig, MockServer};

/// The longest any single awaited step of a test may take before the test fails instead of
/// hanging.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// Awaits `future`, failing the test when it takes longer than [`STEP_TIMEOUT`].
///
/// # Panics
/// When the step times out: in a test, that is the failure to report.
pub async fn within<F: Future>(future: F) -> F::Output {
    match tokio::time::timeout(STEP_TIMEOUT, future).await {
        Ok(output) => output,
        Err(_) => panic!("a test step took longer than {STEP_TIMEOUT:?}"),
    }
}

/// Starts an empty org (only "Everyone").
///
/// # Panics
/// When no loopback port can be bound.
pub async fn start_mock() -> MockServer {
    start_mock_config(MockConfig::default()).await
}

/// Starts an org loaded from a scenario file's JSON text.
///
/// # Panics
/// When the scenario does not parse or load, or no loopback port can be bound.
pub async fn start_mock_with(scenario_json: &str) -> MockServer {
    let scenario = match Scenario::from_json_str(scenario_json) {
        Ok(s) => s,
        Err(e) => panic!("the test scenario does not parse: {e}"),
    };
    start_mock_config(MockConfig::default().scenario(scenario)).await
}

/// Starts a mock as configured (its address is forced to `127.0.0.1:0`).
///
/// # Panics
/// When the mock does not start.
pub async fn start_mock_config(config: MockConfig) -> MockServer {
    let config = config.addr(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
    match within(MockServer::start_with(config)).await {
        Ok(server) => server,
        Err(e) => panic!("okta-mock did not start: {e}"),
    }
}

/// A retry policy for tests: okta-mock's preset (the default number of retries, millisecond
/// backoff, no jitter), with no single wait above 5 s, so retried tests stay fast and
/// deterministic.
pub fn fast_retry() -> RetryPolicy {
    MockServer::test_retry_policy().with_max_wait(Duration::from_secs(5))
}

/// A client for `server` with [`fast_retry`].
///
/// # Panics
/// When the client cannot be built for the mock's URL.
pub fn client_for(server: &MockServer) -> Client {
    client_with_retry(server, fast_retry())
}

/// A client for `server` with the given retry policy.
///
/// # Panics
/// When the client cannot be built for the mock's URL.
pub fn client_with_retry(server: &MockServer, retry: RetryPolicy) -> Client {
    let built = server
        .client_builder()
        .request_timeout(Duration::from_secs(10))
        .retry_policy(retry)
        .build();
    match built {
        Ok(client) => client,
        Err(e) => panic!("cannot build a client for the mock: {e}"),
    }
}
