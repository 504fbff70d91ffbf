//! The one scripted HTTP double of okta-client's tests: each test starts its own on
//! 127.0.0.1:0, answers every request with a closure of its own (returning a [`Reply`] or any
//! axum response) and reads back what the client sent.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use okta_client::{Client, ClientBuilder, RetryPolicy};
use serde_json::Value;
use time::OffsetDateTime;
use time::macros::format_description;

/// One request as the double received it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The method.
    pub method: String,
    /// Path and query, as sent.
    pub path_and_query: String,
    /// Every header.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
    /// When it arrived.
    pub at: Instant,
}

impl Seen {
    /// The path as sent, still percent-encoded.
    pub fn path(&self) -> &str {
        self.path_and_query
            .split_once('?')
            .map_or(self.path_and_query.as_str(), |(path, _)| path)
    }

    /// The query as sent, if any.
    pub fn query(&self) -> Option<&str> {
        self.path_and_query.split_once('?').map(|(_, query)| query)
    }

    /// The body as JSON; `None` when empty, `Null` when not JSON.
    pub fn json(&self) -> Option<Value> {
        (!self.body.is_empty()).then(|| serde_json::from_slice(&self.body).unwrap_or(Value::Null))
    }

    /// `METHOD /path?query`, for compact assertions.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path_and_query)
    }

    /// A header as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// What a script sees for each request.
pub struct Call<'a> {
    /// 0 for the first request to the double, 1 for the second, …
    pub index: usize,
    /// The request.
    pub request: &'a Seen,
    /// `http://127.0.0.1:PORT`.
    pub base: &'a str,
}

type Script = dyn Fn(&Call<'_>) -> Response + Send + Sync;

#[derive(Clone)]
struct Shared {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    script: Arc<Script>,
}

/// A running double.
pub struct Double {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Double {
    /// Starts a double that answers each request with `script`.
    pub async fn start<R: IntoResponse>(
        script: impl Fn(&Call<'_>) -> R + Send + Sync + 'static,
    ) -> Double {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            base: base.clone(),
            seen: seen.clone(),
            script: Arc::new(move |call: &Call<'_>| script(call).into_response()),
        };
        let app = Router::new().fallback(handle).with_state(shared);
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Double { base, seen }
    }

    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }

    /// `METHOD /path?query` of every request so far.
    pub fn lines(&self) -> Vec<String> {
        self.seen().iter().map(Seen::line).collect()
    }

    /// A builder pointed at the double with a token and fast retries (no jitter).
    pub fn builder(&self) -> ClientBuilder {
        Client::builder()
            .org_url(&self.base)
            .api_token("test-token")
            .retry_policy(fast_retries())
    }

    /// A client pointed at the double.
    pub fn client(&self) -> Client {
        self.builder().build().expect("client")
    }
}

/// Retries that keep tests quick: 3 retries, 10 ms first backoff, no jitter, 5 s max wait.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_retries(3)
        .with_initial_backoff(Duration::from_millis(10))
        .with_jitter(Duration::ZERO)
        .with_max_wait(Duration::from_secs(5))
}

async fn handle(State(shared): State<Shared>, request: Request) -> Response {
    let method = request.method().to_string();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let headers = request.headers().clone();
    let body = to_bytes(request.into_body(), usize::MAX)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let seen = Seen {
        method,
        path_and_query,
        headers,
        body,
        at: Instant::now(),
    };
    let index = {
        let mut all = shared.seen.lock().expect("lock");
        all.push(seen.clone());
        all.len() - 1
    };
    (shared.script)(&Call {
        index,
        request: &seen,
        base: &shared.base,
    })
}

/// A response with a status, headers (repeatable) and a body.
pub fn respond(status: u16, headers: &[(&str, String)], body: &str) -> Response {
    let mut response = Response::new(Body::from(body.to_owned()));
    *response.status_mut() = StatusCode::from_u16(status).expect("status");
    for (name, value) in headers {
        response.headers_mut().append(
            HeaderName::from_bytes(name.as_bytes()).expect("name"),
            HeaderValue::from_str(value).expect("value"),
        );
    }
    response
}

/// A JSON response.
pub fn json(status: u16, headers: &[(&str, String)], body: &str) -> Response {
    let mut all = vec![("content-type", "application/json".to_owned())];
    all.extend(headers.iter().cloned());
    respond(status, &all, body)
}

/// An HTTP date (`Thu, 01 Jan 2015 00:00:00 GMT`) for epoch seconds.
pub fn http_date(epoch: i64) -> String {
    let format = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    OffsetDateTime::from_unix_timestamp(epoch)
        .expect("epoch")
        .format(format)
        .expect("format")
}

/// Okta's 429 body.
pub const RATE_LIMITED: &str = r#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests.","errorLink":"E0000047","errorId":"oae429","errorCauses":[]}"#;

/// A scripted answer: a status, headers and a JSON body (the `content-type` is set).
pub struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

impl Reply {
    /// 200 with this JSON.
    pub fn json(body: Value) -> Self {
        Self::status(200, body)
    }

    /// This status with this JSON body.
    pub fn status(status: u16, body: Value) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    /// 204 with no body.
    pub fn no_content() -> Self {
        Self {
            status: 204,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    /// Okta's 404 `E0000007`.
    pub fn not_found() -> Self {
        Self::status(
            404,
            serde_json::json!({"errorCode": "E0000007", "errorSummary": "Not found: Resource not found",
                "errorLink": "E0000007", "errorId": "oae1", "errorCauses": []}),
        )
    }

    /// Adds a header (e.g. a `Link`); repeatable.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        if self.body.is_empty() {
            respond(self.status, &self.headers, "")
        } else {
            json(self.status, &self.headers, &self.body)
        }
    }
}
