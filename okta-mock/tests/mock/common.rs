//! Helpers shared by the integration tests: an authenticated HTTP client for a running mock
//! and in-process calls through the router.

use axum::body::Body;
use axum::http::{Request, Response};
use okta_mock::{AppState, MockServer, router};
use serde_json::{Value, json};
use tower::ServiceExt as _;

/// An authenticated client for one running mock.
pub struct Api {
    pub client: reqwest::Client,
    pub base: String,
    pub token: String,
}

impl Api {
    pub fn new(server: &MockServer) -> Self {
        Self {
            client: reqwest::Client::new(),
            base: server.base_url(),
            token: server.token().to_owned(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        }
    }

    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .header("Authorization", format!("SSWS {}", self.token))
            .header("Accept", "application/json")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.request(reqwest::Method::POST, path)
            .json(&body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn put(&self, path: &str, body: Value) -> reqwest::Response {
        self.request(reqwest::Method::PUT, path)
            .json(&body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn delete(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::DELETE, path)
            .send()
            .await
            .expect("request sent")
    }

    /// Creates an ACTIVE user (with a password, so not PROVISIONED) and returns its id.
    pub async fn create_user(&self, login: &str) -> String {
        let first = login.split('@').next().unwrap_or(login);
        let body = json!({
            "profile": {"firstName": first, "lastName": "Test", "email": login, "login": login},
            "credentials": {"password": {"value": "Tr0ub4dor&3-correct-horse"}},
        });
        let res = self.post("/api/v1/users", body).await;
        assert_eq!(res.status(), 200, "creating {login}");
        let user: Value = res.json().await.expect("user json");
        user["id"].as_str().expect("user id").to_owned()
    }

    /// Creates an Okta group and returns its id.
    pub async fn create_group(&self, name: &str) -> String {
        let res = self
            .post("/api/v1/groups", json!({"profile": {"name": name}}))
            .await;
        assert_eq!(res.status(), 200, "creating group {name}");
        let group: Value = res.json().await.expect("group json");
        group["id"].as_str().expect("group id").to_owned()
    }
}

/// Every `Link` header line of a response, in order.
pub fn link_lines(headers: &reqwest::header::HeaderMap) -> Vec<String> {
    headers
        .get_all("link")
        .iter()
        .map(|v| v.to_str().expect("ascii link").to_owned())
        .collect()
}

/// The URL of the `rel="next"` link, if any.
pub fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    link_lines(headers)
        .into_iter()
        .find(|l| l.ends_with("rel=\"next\""))
        .map(|l| {
            l.trim_start_matches('<')
                .split('>')
                .next()
                .expect("link url")
                .to_owned()
        })
}

/// Sends one request through the router, in process.
pub async fn oneshot(state: &AppState, request: Request<Body>) -> Response<Body> {
    router(state.clone())
        .oneshot(request)
        .await
        .expect("router is infallible")
}

/// A request with the state's token.
pub fn authed(state: &AppState, method: &str, uri: &str, body: Body) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "mock.test:1234")
        .header("authorization", format!("SSWS {}", state.token))
        .header("content-type", "application/json")
        .body(body)
        .expect("valid request")
}

/// The body of a response as JSON.
pub async fn body_json(response: Response<Body>) -> Value {
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    serde_json::from_slice(&bytes).expect("json body")
}

/// Asserts Okta's error shape and returns the body.
pub fn assert_okta_error(body: &Value, code: &str) {
    let obj = body.as_object().expect("error body is an object");
    for key in [
        "errorCode",
        "errorSummary",
        "errorLink",
        "errorId",
        "errorCauses",
    ] {
        assert!(obj.contains_key(key), "missing {key} in {body}");
    }
    assert_eq!(body["errorCode"], code, "{body}");
    assert_eq!(body["errorLink"], code, "{body}");
    assert!(body["errorCauses"].is_array(), "{body}");
}
