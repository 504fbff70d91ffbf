//! Test-only crate: end-to-end client ↔ mock tests, property tests and the official SDKs'
//! compatibility runs live in `tests/tests/`.
//!
//! This library holds what those tests share: starting a mock on a loopback port (empty, from a
//! scenario file, or with a full [`MockConfig`](okta_mock::MockConfig)), a real [`Client`](okta_client::Client) pointed at it with fast
//! retries, small fixtures, and a reference model of the user lifecycle for the state-machine
//! property.
//!
//! ```no_run
//! # async fn demo() {
//! let server = okta_tests::start_mock().await;
//! let client = okta_tests::client_for(&server);
//! let user = okta_tests::within(client.users().create(okta_tests::profile("ada")).send())
//!     .await
//!     .expect("created");
//! assert_eq!(user.login(), "ada@example.com");
//! # }
//! ```

pub mod fixtures;
pub mod lifecycle_model;
pub mod mock;

pub use fixtures::{api_error, profile, requests_to};
pub use mock::{
    STEP_TIMEOUT, client_for, client_with_retry, fast_retry, start_mock, start_mock_config,
    start_mock_with, within,
};

/// The README's Rust snippets, compiled and run as doctests of this crate, so a README example
/// that stops compiling or working fails `cargo test --workspace`.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeSnippets;
