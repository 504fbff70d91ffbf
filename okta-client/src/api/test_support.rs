//! Test helpers: a client that never connects, and a tiny HTTP double on 127.0.0.1:0 that
//! records what the handlers send and answers from a script.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::Client;

/// A client for builder tests; nothing is ever sent with it.
pub(crate) fn offline_client() -> Client {
    Client::builder()
        .org_url("https://acme.okta.com")
        .api_token("t")
        .build()
        .expect("a valid client")
}

/// One request as the double received it.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) method: Method,
    /// The path exactly as sent, still percent-encoded.
    pub(crate) path: String,
    pub(crate) query: Option<String>,
    pub(crate) body: Option<Value>,
}

impl Recorded {
    /// `METHOD /path?query`, for compact assertions.
    pub(crate) fn line(&self) -> String {
        match &self.query {
            Some(q) => format!("{} {}?{q}", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

/// What the double answers: status, extra headers, JSON body (empty for none).
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Reply {
    /// 200 with this JSON.
    pub(crate) fn json(body: Value) -> Self {
        Self {
            status: 200,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    /// 204 with no body.
    pub(crate) fn no_content() -> Self {
        Self {
            status: 204,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    /// Okta's 404 `E0000007`.
    pub(crate) fn not_found() -> Self {
        let body = serde_json::json!({"errorCode": "E0000007", "errorSummary": "Not found: Resource not found",
            "errorLink": "E0000007", "errorId": "oae1", "errorCauses": []});
        Self {
            status: 404,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    /// Adds a header (e.g. a `Link`).
    pub(crate) fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }
}

type Script = dyn Fn(&Recorded, &str) -> Reply + Send + Sync;

#[derive(Clone)]
struct DoubleState {
    requests: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Script>,
}

/// A running double and a client pointed at it.
pub(crate) struct Double {
    pub(crate) client: Client,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Double {
    /// Starts a double on 127.0.0.1:0. The script gets each request and the double's base URL
    /// (for absolute `Link` headers).
    pub(crate) async fn start(
        script: impl Fn(&Recorded, &str) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let state = DoubleState {
            requests: requests.clone(),
            script: Arc::new(script),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base = format!("http://{}", listener.local_addr().expect("local addr"));
        let app = Router::new()
            .fallback(handle)
            .with_state((state, base.clone()));
        tokio::spawn(async move { axum::serve(listener, app).await });
        let client = Client::builder()
            .org_url(base)
            .api_token("test-token")
            .build()
            .expect("client");
        Self { client, requests }
    }

    /// Every request received so far, in order.
    pub(crate) fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("not poisoned").clone()
    }

    /// `METHOD /path?query` of every request so far.
    pub(crate) fn lines(&self) -> Vec<String> {
        self.requests().iter().map(Recorded::line).collect()
    }
}

async fn handle(
    State((state, base)): State<(DoubleState, String)>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let body = (!body.is_empty()).then(|| serde_json::from_slice(&body).unwrap_or(Value::Null));
    let recorded = Recorded {
        method,
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        body,
    };
    let reply = (state.script)(&recorded, &base);
    state.requests.lock().expect("not poisoned").push(recorded);
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, reply.body).into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    for (name, value) in reply.headers {
        if let (Ok(n), Ok(v)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            headers.append(n, v);
        }
    }
    response
}
