//! Handle okta-client's errors: a user that does not exist, a request Okta refuses, and rate
//! limits, both waited out by the client and surfaced when retries are off.
//!
//! ```sh
//! cargo run -p okta-mock --example errors_and_rate_limits
//! ```
//!
//! The org is okta-mock's demo org with Okta's Developer rate limits (100 requests a minute per
//! family) on a 1-second window (`time_scale(60.0)`), so the limits are reached quickly.

use std::time::Instant;

use okta_client::{Error, RetryPolicy, api::UserUpdate};
use okta_mock::sim::RateLimitConfig;
use okta_mock::{MockConfig, MockServer, scenario::default_scenario};

/// The most requests either rate-limit loop sends; it stops at the first 429 it sees.
const MAX_REQUESTS: usize = 1000;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = MockConfig::default()
        .scenario(default_scenario())
        .rate_limits(RateLimitConfig::developer())
        .time_scale(60.0);
    let mock = MockServer::start_with(config).await?;
    let client = mock.client()?;

    // 1. Not found: `get_opt` turns a 404 into `None`; `get` returns an error that says so.
    let ghost = "ghost@example.com";
    assert!(client.users().get_opt_by_login(ghost).await?.is_none());
    match client.users().get_by_login(ghost).await {
        Err(e) if e.is_not_found() => println!("not found, as expected: {e}"),
        other => return Err(format!("expected a 404, got {other:?}").into()),
    }

    // 2. Okta refuses a request: the error carries Okta's error code and causes, and the
    //    request id to quote to Okta's support.
    let alice = client
        .users()
        .get_by_login("alice.anders@example.com")
        .await?;
    let bad = UserUpdate::new().set("email", "not an email address");
    match client.users().update(&alice.id, &bad).await {
        Err(e) => {
            println!("refused: {e}");
            if let Some(api) = e.api_error() {
                println!("  status {}, code {:?}", api.status, api.error_code);
                for cause in api.cause_summaries() {
                    println!("  cause: {cause}");
                }
            }
            println!("  request id: {:?}", e.request_id());
        }
        Ok(_) => return Err("an invalid email address was accepted".into()),
    }

    // 3. Rate limits, handled: the client waits out each 429 until the window resets (on the
    //    server's clock) and the caller never sees it.
    let started = Instant::now();
    for _ in 0..150 {
        client.users().get(&alice.id).await?;
    }
    let waited = mock.journal().iter().filter(|e| e.status == 429).count();
    println!(
        "150 reads in {:.2?}: the client waited out {waited} 429(s) itself",
        started.elapsed()
    );

    // 4. Rate limits, surfaced: without retries a 429 is an error with `is_rate_limited()`, and
    //    the caller decides (here: stop and report when the window resets).
    let impatient = mock
        .client_builder()
        .retry_policy(RetryPolicy::none())
        .build()?;
    for sent in 1..=MAX_REQUESTS {
        match impatient.users().get(&alice.id).await {
            Ok(_) => {}
            Err(e) if e.is_rate_limited() => {
                report_rate_limited(sent, &e);
                break;
            }
            Err(e) => return Err(e.into()),
        }
    }

    mock.shutdown().await;
    Ok(())
}

fn report_rate_limited(sent: usize, e: &Error) {
    println!("request {sent} was rate limited: {e}");
}
