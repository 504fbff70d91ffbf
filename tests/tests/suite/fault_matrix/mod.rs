//! The fault matrix: every fault okta-mock can inject, alone at 10% and all mixed at 25% in
//! total, against a listing of 20,000 users and the Immutable ID flows; plus a run that
//! exhausts its retry budget.
//!
//! Every case is seeded (the seed is in its failure message) and bounded by
//! [`CASE_TIMEOUT`]. The client retries with millisecond backoff, a 400 ms request timeout (so
//! a `hang` costs 400 ms) and a budget of ten retries, so the suite stays fast in a debug build;
//! a 429 still costs the one or two seconds the mock asks for (its windows are one second
//! long, `time_scale` 60).

mod exhausted;
mod flows;
mod listing;

use std::future::Future;
use std::time::Duration;

use okta_client::{Client, RetryPolicy};
use okta_mock::sim::FaultConfig;
use okta_mock::{MockConfig, MockServer};

/// The longest one case may take.
pub const CASE_TIMEOUT: Duration = Duration::from_secs(120);

/// The seed of every faulty mock: fault draws and generated ids both follow it.
pub const SEED: u64 = 20_260_105;

/// Each fault kind alone at 10%, then all of them mixed at 25% in total.
pub const SPECS: [(&str, &str); 11] = [
    ("429", "429=0.1"),
    ("500", "500=0.1"),
    ("502", "502=0.1"),
    ("503", "503=0.1"),
    ("504", "504=0.1"),
    ("html", "html=0.1"),
    ("reset", "reset=0.1"),
    ("truncate", "truncate=0.1"),
    ("hang", "hang=0.1"),
    ("latency", "latency=1ms..5ms"),
    (
        "mixed",
        "429=0.02,500=0.03,502=0.03,503=0.03,504=0.03,html=0.03,reset=0.03,truncate=0.03,\
         hang=0.02,latency=0ms..2ms",
    ),
];

/// The spec of a named case.
pub fn spec(name: &str) -> &'static str {
    SPECS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
        .unwrap_or_else(|| panic!("no fault case {name}"))
}

/// A mock as configured plus the faults of `spec` (empty: none), seeded with [`SEED`], its
/// rate-limit windows one second long so that a 429 asks for at most two seconds.
pub async fn start_faulty(config: MockConfig, spec: &str) -> MockServer {
    let faults = FaultConfig::parse(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
    let config = config.seed(SEED).time_scale(60.0);
    let config = if spec.is_empty() {
        config
    } else {
        config.faults(faults)
    };
    okta_tests::start_mock_config(config).await
}

/// Test-friendly retries: ten retries, 1 ms first backoff (doubling, at most 3 s so that a
/// 429's wait is honoured), no jitter.
pub fn matrix_retry() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_retries(10)
        .with_initial_backoff(Duration::from_millis(1))
        .with_jitter(Duration::ZERO)
        .with_max_wait(Duration::from_secs(3))
}

/// A client for `server` with [`matrix_retry`] and a 400 ms request timeout.
pub fn matrix_client(server: &MockServer) -> Client {
    Client::builder()
        .org_url(server.base_url())
        .api_token(server.token())
        .request_timeout(Duration::from_millis(400))
        .retry_policy(matrix_retry())
        .build()
        .expect("a client for the mock")
}

/// Awaits one case, failing it (with its label) after [`CASE_TIMEOUT`].
pub async fn bounded<F: Future>(label: &str, case: F) -> F::Output {
    match tokio::time::timeout(CASE_TIMEOUT, case).await {
        Ok(output) => output,
        Err(_) => panic!("{label}: took longer than {CASE_TIMEOUT:?}"),
    }
}

/// How many requests of a mock's journal were retries (they carry `X-Okta-Retry-Count`).
pub fn retried(server: &MockServer) -> usize {
    server
        .journal()
        .iter()
        .filter(|e| e.retry_count.is_some())
        .count()
}
