//! Suite 6: System Log events a second through okta-client's polling stream
//! (`client.logs().poll(…)`) against okta-mock, beside a bounded listing of the same events in
//! the same run, and the delay from a write to its arrival through a caught-up poll.

use std::time::{Duration, Instant};

use futures::{StreamExt as _, TryStreamExt as _};
use okta_client::api::logs::PollStart;
use okta_client::models::{GroupProfile, Timestamp};
use okta_client::{Client, Method, RawRequest};
use okta_mock::{MockConfig, MockServer};
use serde_json::json;

use crate::report::{SuiteReport, Table, Verdict, ratio, thousands};

/// The sizes of the events suite.
#[derive(Debug, Clone, Copy)]
pub struct EventsConfig {
    /// Events in the log before the poll starts.
    pub events: usize,
    /// Events a page (`limit`).
    pub limit: u32,
    /// Writes whose delay to the poll is measured.
    pub delays: usize,
    /// The poll's wait after a page with nothing new.
    pub interval: Duration,
}

impl EventsConfig {
    /// 50,000 events, pages of 1,000, 200 delays with a 20 ms interval.
    pub fn full() -> Self {
        Self {
            events: 50_000,
            limit: 1_000,
            delays: 200,
            interval: Duration::from_millis(20),
        }
    }

    /// 5,000 events, 30 delays.
    pub fn tiny() -> Self {
        Self {
            events: 5_000,
            delays: 30,
            ..Self::full()
        }
    }
}

const TITLE: &str = "6. System Log polling (okta-client's poll stream against okta-mock)";

fn long_ago() -> Timestamp {
    Timestamp::parse("2000-01-01T00:00:00.000Z").unwrap_or_else(|_| Timestamp::now())
}

/// Fills the log with `n` injected events (okta-mock's admin API, 1,000 a request).
async fn fill(client: &Client, n: usize) -> Result<(), String> {
    let mut left = n;
    while left > 0 {
        let batch = left.min(1_000);
        let events: Vec<_> = (0..batch)
            .map(|_| json!({"eventType": "user.session.start"}))
            .collect();
        let request = RawRequest::new(Method::POST, "/__mock/events").json(json!(events));
        client.raw(request).await.map_err(|e| e.to_string())?;
        left -= batch;
    }
    Ok(())
}

/// Issue 14 asks for the figures, not for a threshold.
fn informational() -> Verdict {
    Verdict::Skipped("informational: issue 14 sets no target".to_owned())
}

/// Runs the suite.
///
/// # Errors
/// When the mock does not start, or a request or the poll fails.
pub async fn run(config: EventsConfig) -> Result<SuiteReport, String> {
    let server = MockServer::start_with(MockConfig::default())
        .await
        .map_err(|e| e.to_string())?;
    let client = server.client().map_err(|e| e.to_string())?;
    fill(&client, config.events).await?;

    // The poll, from before the first event, until it has handed out every one.
    let started = Instant::now();
    let mut poll = client
        .logs()
        .poll(PollStart::Since(long_ago()))
        .limit(config.limit)
        .interval(config.interval)
        .stream();
    let mut polled = 0usize;
    while polled < config.events {
        match poll.next().await {
            Some(Ok(_)) => polled += 1,
            Some(Err(e)) => return Err(format!("the poll failed: {e}")),
            None => return Err("the poll ended".to_owned()),
        }
    }
    let poll_time = started.elapsed();

    // The same events through a bounded listing (ends by itself).
    let started = Instant::now();
    let listed = client
        .logs()
        .list()
        .since(long_ago())
        .until(Timestamp::parse("2999-01-01T00:00:00.000Z").map_err(|e| e.to_string())?)
        .limit(config.limit)
        .stream()
        .try_fold(0usize, |n, _| async move { Ok(n + 1) })
        .await
        .map_err(|e| e.to_string())?;
    let list_time = started.elapsed();

    // Caught up: each write's delay until the poll hands its event out.
    let mut delays = Vec::with_capacity(config.delays);
    for i in 0..config.delays {
        let written = Instant::now();
        let profile = GroupProfile::new(format!("bench-{i}"), None);
        client
            .groups()
            .create(profile)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        match poll.next().await {
            Some(Ok(event)) if event.event.event_type == "group.lifecycle.create" => {
                delays.push(written.elapsed());
            }
            Some(Ok(other)) => return Err(format!("unexpected {}", other.event.event_type)),
            Some(Err(e)) => return Err(format!("the poll failed: {e}")),
            None => return Err("the poll ended".to_owned()),
        }
    }
    drop(poll);
    server.shutdown().await;
    delays.sort();
    let pick = |q: f64| {
        let index = ((delays.len() as f64 - 1.0) * q).round() as usize;
        delays.get(index).copied().unwrap_or_default()
    };
    let (median, p99) = (pick(0.5), pick(0.99));

    let rate = |n: usize, d: Duration| n as f64 / d.as_secs_f64().max(1e-9);
    let (poll_rate, list_rate) = (rate(polled, poll_time), rate(listed, list_time));
    let mut report = SuiteReport::new(TITLE);
    report.note(format!(
        "{} events injected into okta-mock's System Log (admin API), then read with \
         `client.logs().poll(PollStart::Since(..)).limit({})` until all were handed out, and \
         with a bounded `client.logs().list()` of the same events, in the same run.",
        thousands(config.events as f64),
        config.limit
    ));
    report.note(format!(
        "Delay: {} group creations one at a time through okta-client, each timed until the \
         caught-up poll (interval {} ms after an empty page) hands out its \
         `group.lifecycle.create` event.",
        config.delays,
        config.interval.as_millis()
    ));
    let mut table = Table::new(&["measure", "events", "time", "events/s"]);
    table.row(vec![
        "poll stream".to_owned(),
        thousands(polled as f64),
        format!("{:.2} s", poll_time.as_secs_f64()),
        thousands(poll_rate),
    ]);
    table.row(vec![
        "bounded listing".to_owned(),
        thousands(listed as f64),
        format!("{:.2} s", list_time.as_secs_f64()),
        thousands(list_rate),
    ]);
    report.tables.push(table);
    let mut delay_table = Table::new(&["write → poll delay", "median", "p99"]);
    delay_table.row(vec![
        format!("{} writes", delays.len()),
        format!("{:.1} ms", median.as_secs_f64() * 1e3),
        format!("{:.1} ms", p99.as_secs_f64() * 1e3),
    ]);
    report.tables.push(delay_table);
    report.target(
        "events/s: poll stream / bounded listing",
        "none (a cursor per event should cost little)",
        format!(
            "{} ({} / {} events/s)",
            ratio(poll_rate, list_rate),
            thousands(poll_rate),
            thousands(list_rate)
        ),
        informational(),
    );
    report.target(
        "write → poll delay, p99",
        format!("none (the interval is {} ms)", config.interval.as_millis()),
        format!("{:.1} ms", p99.as_secs_f64() * 1e3),
        informational(),
    );
    Ok(report)
}
