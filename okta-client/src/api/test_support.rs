//! Test helper for the request builders' unit tests: a client that never connects. Tests that
//! need HTTP use the one scripted double of the integration tests (`tests/wire/support.rs`).

use crate::Client;

/// A client for builder tests; nothing is ever sent with it.
pub(crate) fn offline_client() -> Client {
    Client::builder()
        .org_url("https://acme.okta.com")
        .api_token("t")
        .build()
        .expect("a valid client")
}
