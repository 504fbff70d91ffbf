//! Event hooks: the delay from a write to the mock until its event hook delivery reaches a
//! receiver, measured on a loopback receiver in the same process (median and p99), beside the
//! write's own latency.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use okta_mock::{MockConfig, MockServer};
use serde_json::{Value, json};

use crate::report::{SuiteReport, Table};

/// The sizes of the suite.
#[derive(Debug, Clone, Copy)]
pub struct HookDelayConfig {
    /// Writes (user creations), one after the other.
    pub writes: usize,
}

impl HookDelayConfig {
    /// 2,000 writes.
    pub fn full() -> Self {
        Self { writes: 2_000 }
    }

    /// 100 writes.
    pub fn tiny() -> Self {
        Self { writes: 100 }
    }
}

const TITLE: &str = "5. Event hooks: delay from a write to its delivery";

/// Arrival times of deliveries, by the created user's login.
type Arrivals = Arc<Mutex<HashMap<String, Instant>>>;

async fn challenge(headers: HeaderMap) -> String {
    let challenge = headers
        .get("x-okta-verification-challenge")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    json!({ "verification": challenge }).to_string()
}

async fn delivery(State(arrivals): State<Arrivals>, body: Bytes) -> StatusCode {
    let at = Instant::now();
    if let Ok(envelope) = serde_json::from_slice::<Value>(&body) {
        let mut arrivals = arrivals.lock().unwrap_or_else(|e| e.into_inner());
        for event in envelope["data"]["events"].as_array().into_iter().flatten() {
            if let Some(login) = event["target"][0]["alternateId"].as_str() {
                arrivals.entry(login.to_owned()).or_insert(at);
            }
        }
    }
    StatusCode::NO_CONTENT
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Runs the suite.
///
/// # Errors
/// When the mock or the receiver cannot start, the hook cannot be verified, or a write fails.
pub async fn run(config: HookDelayConfig) -> Result<SuiteReport, String> {
    let arrivals: Arrivals = Arc::default();
    let app = Router::new()
        .route("/hook", get(challenge).post(delivery))
        .with_state(Arc::clone(&arrivals));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let receiver = format!(
        "http://{}/hook",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    let receiver_task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let server = MockServer::start_with(MockConfig::default())
        .await
        .map_err(|e| e.to_string())?;
    let http = reqwest::Client::new();
    let auth = format!("SSWS {}", server.token());
    let base = server.base_url();
    let post = |path: &str, body: Value| {
        http.post(format!("{base}{path}"))
            .header("Authorization", &auth)
            .json(&body)
            .send()
    };
    let hook: Value = post(
        "/api/v1/eventHooks",
        json!({
            "name": "bench",
            "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"]},
            "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": receiver}},
        }),
    )
    .await
    .map_err(|e| e.to_string())?
    .json()
    .await
    .map_err(|e| e.to_string())?;
    let id = hook["id"].as_str().ok_or("no hook id")?;
    let verified = post(
        &format!("/api/v1/eventHooks/{id}/lifecycle/verify"),
        json!({}),
    )
    .await
    .map_err(|e| e.to_string())?;
    if !verified.status().is_success() {
        return Err(format!("hook verification failed: {}", verified.status()));
    }

    let mut sent = Vec::with_capacity(config.writes);
    let mut write_latency = Vec::with_capacity(config.writes);
    let started = Instant::now();
    for i in 0..config.writes {
        let login = format!("hook{i}@example.com");
        let body = json!({"profile": {"login": login, "email": login,
                                      "firstName": "Hook", "lastName": format!("User{i}")}});
        let t0 = Instant::now();
        let res = post("/api/v1/users?activate=false", body)
            .await
            .map_err(|e| e.to_string())?;
        if !res.status().is_success() {
            return Err(format!("write {i} answered {}", res.status()));
        }
        write_latency.push(t0.elapsed());
        sent.push((login, t0));
    }
    let writing = started.elapsed();
    // Every delivery must arrive; bounded wait.
    for _ in 0..1_000 {
        if arrivals.lock().map(|a| a.len()).unwrap_or(0) >= config.writes {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let arrived = arrivals.lock().map(|a| a.clone()).unwrap_or_default();
    let mut delays: Vec<Duration> = sent
        .iter()
        .filter_map(|(login, t0)| {
            arrived
                .get(login)
                .map(|at| at.saturating_duration_since(*t0))
        })
        .collect();
    delays.sort();
    write_latency.sort();
    let journal: Value = http
        .get(format!("{base}/__mock/hooks/deliveries"))
        .header("Authorization", &auth)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let attempts = journal.as_array().map_or(0, Vec::len);
    server.shutdown().await;
    receiver_task.abort();

    let mut suite = SuiteReport::new(TITLE);
    suite.note(format!(
        "{} user creations (`POST /api/v1/users?activate=false`, one `user.lifecycle.create` \
         event each), one after the other over loopback with reqwest, to an in-process mock \
         with one verified hook subscribed to `user.lifecycle.create`; the receiver is an axum \
         handler in the same process answering 204.",
        config.writes
    ));
    suite.note(
        "Delay: from just before the write request is sent to the delivery's arrival at the \
         receiver (so it includes the write's own round trip); the write latency is shown \
         beside it."
            .to_owned(),
    );
    suite.note(format!(
        "{} of {} deliveries arrived; the mock journaled {attempts} delivery attempts \
         (verification included); writing took {:.1} s.",
        delays.len(),
        config.writes,
        writing.as_secs_f64()
    ));
    let mut table = Table::new(&["measure", "median", "p99", "max"]);
    table.row(vec![
        "write → hook delivery".to_owned(),
        ms(percentile(&delays, 0.5)),
        ms(percentile(&delays, 0.99)),
        ms(delays.last().copied().unwrap_or_default()),
    ]);
    table.row(vec![
        "write latency (request → response)".to_owned(),
        ms(percentile(&write_latency, 0.5)),
        ms(percentile(&write_latency, 0.99)),
        ms(write_latency.last().copied().unwrap_or_default()),
    ]);
    suite.tables.push(table);
    Ok(suite)
}
