//! `okta-bench list-client`: streams every user with okta-client and prints a result line,
//! in its own process so that its peak memory is its own.

use futures::TryStreamExt as _;
use okta_client::Client;

use crate::child::ClientRun;
use crate::rss;

/// Lists every user of the org at `url`, `limit` a page, and prints the [`ClientRun`] line.
///
/// # Errors
/// When the client cannot be built or the listing fails.
pub async fn list_client(url: &str, token: &str, limit: u32) -> Result<(), String> {
    let client = Client::builder()
        .org_url(url)
        .api_token(token)
        .build()
        .map_err(|e| e.to_string())?;
    let start = std::time::Instant::now();
    let mut users = Box::pin(client.users().list().limit(limit).stream());
    let mut items = 0u64;
    while let Some(user) = users.try_next().await.map_err(|e| e.to_string())? {
        // Touch the decoded user so the work cannot be skipped.
        items += u64::from(!user.id.as_str().is_empty());
    }
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
