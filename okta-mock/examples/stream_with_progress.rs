//! Stream a large listing page by page and report progress as the pages arrive.
//!
//! ```sh
//! cargo run -p okta-mock --example stream_with_progress            # 5,000 users
//! cargo run -p okta-mock --example stream_with_progress -- 20000
//! ```
//!
//! The org is generated: N users in one scenario, served by okta-mock on a free loopback port.
//! `pages()` yields each page with its response metadata (the rate-limit headers among them),
//! which is what a progress display needs; `items()` yields the users one by one instead.
//! okta-client requests the next page while the current one is consumed.

use std::time::Instant;

use futures::TryStreamExt as _;
use okta_mock::{MockConfig, MockServer, scenario::Scenario};
use serde_json::json;

/// A scenario of `n` active users, `user0000001@example.com` and so on.
fn generated_org(n: usize) -> Result<Scenario, okta_mock::scenario::ScenarioError> {
    let users: Vec<_> = (1..=n)
        .map(|i| {
            let login = format!("user{i:07}@example.com");
            json!({"profile": {"login": login, "email": login,
                               "firstName": format!("First{i}"), "lastName": "Example"}})
        })
        .collect();
    Scenario::from_json_str(&json!({ "users": users }).to_string())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = match std::env::args().nth(1) {
        Some(arg) => arg
            .parse()
            .map_err(|_| format!("{arg:?} is not a number of users"))?,
        None => 5000,
    };
    let mock = MockServer::start_with(MockConfig::default().scenario(generated_org(n)?)).await?;
    let client = mock.client()?;

    let started = Instant::now();
    // 200 is Okta's maximum page size for /api/v1/users.
    let mut pages = client.users().list().limit(200).pages();
    let (mut seen, mut page_count) = (0usize, 0usize);
    while let Some(page) = pages.try_next().await? {
        seen += page.items.len();
        page_count += 1;
        let remaining = page
            .meta
            .rate_limit
            .as_ref()
            .map_or_else(|| "-".to_owned(), |r| r.remaining.to_string());
        eprintln!(
            "page {page_count:>3}: {seen:>6}/{n} users ({:>3}%), rate limit remaining {remaining}",
            seen * 100 / n.max(1)
        );
    }
    println!(
        "listed {seen} users in {page_count} pages in {:.2?}",
        started.elapsed()
    );
    mock.shutdown().await;
    if seen != n {
        return Err(format!("expected {n} users, listed {seen}").into());
    }
    Ok(())
}
