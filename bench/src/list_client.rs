//! `okta-bench list-client`: streams every user with okta-client and prints a result line,
//! in its own process so that its peak memory is its own. `--raw` instead fetches the same
//! pages with bare reqwest and skips decoding into `User`: the ceiling set by the server and
//! HTTP alone, against which the typed client's own cost can be read.

use futures::TryStreamExt as _;
use okta_client::pagination::next_link;
use okta_client::{Client, Url};
use serde::de::IgnoredAny;

use crate::child::ClientRun;
use crate::rss;

/// Lists every user of the org at `url`, `limit` a page, and prints the [`ClientRun`] line.
///
/// # Errors
/// When the client cannot be built or the listing fails.
pub async fn list_client(
    url: &str,
    token: &str,
    limit: u32,
    raw: bool,
    timeout_ms: Option<u64>,
) -> Result<(), String> {
    let start = std::time::Instant::now();
    let items = if raw {
        list_raw(url, token, limit).await?
    } else {
        list_typed(url, token, limit, timeout_ms).await?
    };
    let run = ClientRun {
        items,
        seconds: start.elapsed().as_secs_f64(),
        peak_rss_kib: rss::peak_kib().unwrap_or(0),
    };
    println!(
        "{{\"items\":{},\"seconds\":{},\"peakRssKib\":{}}}",
        run.items, run.seconds, run.peak_rss_kib
    );
    Ok(())
}

async fn list_typed(
    url: &str,
    token: &str,
    limit: u32,
    timeout_ms: Option<u64>,
) -> Result<u64, String> {
    let mut builder = Client::builder().org_url(url).api_token(token);
    if let Some(ms) = timeout_ms {
        // Under injected faults: a `hang` costs one timeout, a 5xx or a reset one short
        // backoff; the budget is large enough that no page runs out of it; a 429's wait (one
        // or two seconds on a time-scaled mock) stays below max_wait.
        let backoff = std::time::Duration::from_millis((ms / 50).max(1));
        builder = builder
            .request_timeout(std::time::Duration::from_millis(ms))
            .retry_policy(
                okta_client::RetryPolicy::default()
                    .with_max_retries(10)
                    .with_initial_backoff(backoff)
                    .with_jitter(backoff)
                    .with_max_wait(std::time::Duration::from_secs(3)),
            );
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    let mut users = client.users().list().limit(limit).items();
    let mut items = 0u64;
    while let Some(user) = users.try_next().await.map_err(|e| e.to_string())? {
        // Touch the decoded user so the work cannot be skipped.
        items += u64::from(!user.id.as_str().is_empty());
    }
    Ok(items)
}

async fn list_raw(url: &str, token: &str, limit: u32) -> Result<u64, String> {
    let http = reqwest::Client::new();
    let auth = format!("SSWS {token}");
    let mut next = Some(
        Url::parse(&format!(
            "{}/api/v1/users?limit={limit}",
            url.trim_end_matches('/')
        ))
        .map_err(|e| e.to_string())?,
    );
    let mut items = 0u64;
    while let Some(page) = next.take() {
        let response = http
            .get(page.clone())
            .header("Authorization", &auth)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("GET {page}: HTTP {}", response.status()));
        }
        next = next_link(response.headers(), &page);
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        // Validates the JSON and counts the array's items without building them.
        let users: Vec<IgnoredAny> = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        items += users.len() as u64;
    }
    Ok(items)
}
