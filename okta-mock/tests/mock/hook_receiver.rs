//! A small event hook receiver on a loopback port, for the hook tests: it answers Okta's
//! verification challenge, records every call (headers and body), and answers deliveries
//! with the statuses it is told to, in order (200 once they run out), optionally after a
//! pause.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use serde_json::{Value, json};

/// One call the receiver got.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: &'static str,
    pub headers: HeaderMap,
    pub body: Value,
}

#[derive(Default)]
struct Inner {
    calls: Vec<Call>,
    answers: VecDeque<(u16, Duration)>,
    echo_challenge: bool,
}

/// The receiver.
#[derive(Clone)]
pub struct Receiver {
    inner: Arc<Mutex<Inner>>,
    pub url: String,
}

impl Receiver {
    /// Starts a receiver that answers the challenge (or not) on `127.0.0.1:0`.
    pub async fn start(echo_challenge: bool) -> Self {
        let inner = Arc::new(Mutex::new(Inner {
            echo_challenge,
            ..Inner::default()
        }));
        let app = Router::new()
            .route("/hook", get(challenge).post(delivery))
            .with_state(Arc::clone(&inner));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            inner,
            url: format!("http://{addr}/hook"),
        }
    }

    /// The next deliveries are answered with these statuses, each after its pause.
    pub fn answer_with(&self, answers: &[(u16, Duration)]) {
        self.inner
            .lock()
            .unwrap()
            .answers
            .extend(answers.iter().copied());
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
    }

    /// The deliveries (POSTs) so far.
    pub fn deliveries(&self) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method == "POST")
            .collect()
    }

    /// Waits (bounded: 10 s) until at least `n` deliveries arrived, and returns them.
    pub async fn wait_for_deliveries(&self, n: usize) -> Vec<Call> {
        for _ in 0..400 {
            let got = self.deliveries();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("expected {n} deliveries, got {:#?}", self.deliveries());
    }

    /// Every event delivered so far, across deliveries.
    pub fn events(&self) -> Vec<Value> {
        self.deliveries()
            .iter()
            .flat_map(|c| {
                c.body["data"]["events"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .collect()
    }

    /// Waits (bounded: 10 s) for a delivered event of `event_type` about `target`.
    pub async fn wait_for_event(&self, event_type: &str, target: &str) -> (Value, Value) {
        for _ in 0..400 {
            for call in self.deliveries() {
                let found = call.body["data"]["events"].as_array().and_then(|events| {
                    events
                        .iter()
                        .find(|e| {
                            e["eventType"] == event_type
                                && e["target"]
                                    .as_array()
                                    .is_some_and(|ts| ts.iter().any(|t| t["id"] == target))
                        })
                        .cloned()
                });
                if let Some(event) = found {
                    return (call.body.clone(), event);
                }
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!(
            "no delivered {event_type} about {target}: {:#?}",
            self.events()
        );
    }
}

async fn challenge(
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
) -> (StatusCode, String) {
    let echo = {
        let mut inner = inner.lock().unwrap();
        inner.calls.push(Call {
            method: "GET",
            headers: headers.clone(),
            body: Value::Null,
        });
        inner.echo_challenge
    };
    let challenge = headers
        .get("x-okta-verification-challenge")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if echo {
        (
            StatusCode::OK,
            json!({ "verification": challenge }).to_string(),
        )
    } else {
        (
            StatusCode::OK,
            json!({ "verification": "something else" }).to_string(),
        )
    }
}

async fn delivery(
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let (status, pause) = {
        let mut inner = inner.lock().unwrap();
        inner.calls.push(Call {
            method: "POST",
            headers,
            body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        });
        inner.answers.pop_front().unwrap_or((200, Duration::ZERO))
    };
    if !pause.is_zero() {
        tokio::time::sleep(pause).await;
    }
    StatusCode::from_u16(status).unwrap_or(StatusCode::OK)
}
